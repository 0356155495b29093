package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// clusterValues is every attribute a cluster data source must show for c, as the mock holds it.
// cu_size and cu_type are null for the plans without compute units.
func clusterValues(c mockserver.Cluster) map[string]knownvalue.Check {
	v := map[string]knownvalue.Check{
		"id":                   knownvalue.StringExact(c.ClusterID),
		"cluster_name":         knownvalue.StringExact(c.ClusterName),
		"project_id":           knownvalue.StringExact(c.ProjectID),
		"plan":                 knownvalue.StringExact(c.Plan),
		"cu_size":              knownvalue.Int64Exact(int64(c.CUSize)),
		"cu_type":              knownvalue.StringExact(c.ClusterType),
		"region_id":            knownvalue.StringExact(c.RegionID),
		"status":               knownvalue.StringExact(c.Status),
		"description":          knownvalue.StringExact(c.Description),
		"connect_address":      knownvalue.StringExact(c.ConnectAddress),
		"private_link_address": knownvalue.StringExact(c.PrivateLinkAddress),
		"create_time":          knownvalue.StringExact(c.CreateTime),
		"storage_size":         knownvalue.Int64Exact(c.StorageSize),
		"snapshot_number":      knownvalue.Int64Exact(int64(c.SnapshotNumber)),
		"create_progress":      knownvalue.Int64Exact(int64(c.CreateProgress)),
	}
	if c.Plan == "Serverless" || c.Plan == "Free" {
		v["cu_size"], v["cu_type"] = knownvalue.Null(), knownvalue.Null()
	}
	return v
}

// clusterList is the exact list of clusters, in order, with every attribute of each.
// A list page leaves out storage, snapshots and progress: they are null.
func clusterList(cs []mockserver.Cluster) knownvalue.Check {
	items := make([]knownvalue.Check, 0, len(cs))
	for i := range cs {
		v := clusterValues(cs[i])
		v["storage_size"], v["snapshot_number"], v["create_progress"] = knownvalue.Null(), knownvalue.Null(), knownvalue.Null()
		items = append(items, knownvalue.ObjectExact(v))
	}
	return knownvalue.ListExact(items)
}

// expectAttributes checks that the data source or resource at addr has exactly the
// attributes of want, no more and no fewer, each with its value.
type expectAttributes struct {
	addr string
	want map[string]knownvalue.Check
}

func (e expectAttributes) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("%s: no state", e.addr)
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == e.addr {
			if err := knownvalue.ObjectExact(e.want).CheckValue(r.AttributeValues); err != nil {
				resp.Error = fmt.Errorf("%s: %w", e.addr, err)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in state", e.addr)
}

// errorMatching matches an error output that contains the phrases in order. Terraform
// wraps diagnostics into a box, so any run of spaces in a phrase may be a line break.
func errorMatching(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `[\s│]+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// seededClusters is a varied population: every plan, several statuses, both seeded
// projects, two regions, and every optional field set to a distinct value.
type seededClusters struct {
	standard, enterprise, serverless, free, suspended, creating, deleted, analytics, elsewhere mockserver.Cluster
}

func seedClusters(m *mockserver.Server) seededClusters {
	return seededClusters{
		standard: m.AddCluster(mockserver.Cluster{
			ClusterName: "orders", RegionID: testRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Standard", CUSize: 4, ClusterType: "Capacity-optimized", Status: "RUNNING",
			Description: "order search", PrivateLinkAddress: "https://orders.privatelink.example:19530",
			CreateTime: "2024-01-02T03:04:05Z", StorageSize: 2048, SnapshotNumber: 3, CreateProgress: 100,
		}),
		enterprise: m.AddCluster(mockserver.Cluster{
			ClusterName: "billing", RegionID: testRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Enterprise", CUSize: 16, ClusterType: "Cost-optimized", Status: "RUNNING",
			ConnectAddress: "https://billing.example:19530", CreateTime: "2024-02-03T04:05:06Z",
			StorageSize: 77, SnapshotNumber: 1, CreateProgress: 100,
		}),
		serverless: m.AddCluster(mockserver.Cluster{
			ClusterName: "playground", RegionID: testRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Serverless", Status: "RUNNING", Description: "serverless", CreateTime: "2024-03-04T05:06:07Z",
			StorageSize: 5, CreateProgress: 100,
		}),
		free: m.AddCluster(mockserver.Cluster{
			ClusterName: "free-tier", RegionID: testRegion, ProjectID: mockserver.SecondProjectID,
			Plan: "Free", Status: "RUNNING", CreateTime: "2024-04-05T06:07:08Z", CreateProgress: 100,
		}),
		suspended: m.AddCluster(mockserver.Cluster{
			ClusterName: "archive", RegionID: testRegion, ProjectID: mockserver.SecondProjectID,
			Plan: "Standard", CUSize: 2, ClusterType: "Performance-optimized", Status: "SUSPENDED",
			CreateTime: "2024-05-06T07:08:09Z", StorageSize: 900, SnapshotNumber: 12, CreateProgress: 100,
		}),
		creating: m.AddCluster(mockserver.Cluster{
			ClusterName: "new-one", RegionID: testRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Standard", CUSize: 1, ClusterType: "Performance-optimized", Status: "CREATING",
			CreateTime: "2024-06-07T08:09:10Z", CreateProgress: 40,
		}),
		deleted: m.AddCluster(mockserver.Cluster{
			ClusterName: "dropped", RegionID: testRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Standard", CUSize: 8, ClusterType: "Performance-optimized", Status: "DELETED",
			CreateTime: "2023-12-31T23:59:59Z", StorageSize: 10, SnapshotNumber: 2, CreateProgress: 100,
		}),
		analytics: m.AddCluster(mockserver.Cluster{
			ClusterName: "analytics", RegionID: otherRegion, ProjectID: mockserver.SecondProjectID,
			Plan: "Enterprise", CUSize: 32, ClusterType: "Performance-optimized", Status: "RUNNING",
			Description: "in the other region", CreateTime: "2024-07-08T09:10:11Z", StorageSize: 4096,
			SnapshotNumber: 7, CreateProgress: 100,
		}),
		elsewhere: m.AddCluster(mockserver.Cluster{
			ClusterName: "elsewhere", RegionID: otherRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Standard", CUSize: 1, Status: "DELETED", CreateTime: "2024-08-09T10:11:12Z",
		}),
	}
}

func clusterDataConfig(name, id, region string) string {
	if region == "" {
		return fmt.Sprintf("\ndata \"zilliz_cluster\" %q {\n  id = %q\n}\n", name, id)
	}
	return fmt.Sprintf("\ndata \"zilliz_cluster\" %q {\n  id        = %q\n  region_id = %q\n}\n", name, id, region)
}

// Every attribute of every plan's cluster, by provider region and by explicit region_id,
// against what the mock holds; and every describe goes to the cluster's own region.
func TestAccClusterDataSource_allFields(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	s := seedClusters(e.mock)
	cases := map[string]mockserver.Cluster{
		"standard": s.standard, "enterprise": s.enterprise, "serverless": s.serverless, "free": s.free,
		"suspended": s.suspended, "creating": s.creating, "analytics": s.analytics,
	}
	config := e.providerBlock()
	var checks []statecheck.StateCheck
	for name, c := range cases {
		region := ""
		if name == "standard" || c.RegionID == otherRegion {
			region = c.RegionID // standard: explicit and equal to the default; analytics: another region
		}
		config += clusterDataConfig(name, c.ClusterID, region)
		checks = append(checks, expectAttributes{addr: "data.zilliz_cluster." + name, want: clusterValues(c)})
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: checks,
			Check: func(*terraform.State) error {
				for _, r := range e.mock.Requests() {
					if r.Route != mockserver.RouteDescribe {
						return fmt.Errorf("unexpected %s request %s %s", r.Route, r.Method, r.Path)
					}
					want := testRegion
					if r.ClusterID == s.analytics.ClusterID {
						want = otherRegion
					}
					if r.Region != want {
						return fmt.Errorf("cluster %s described in region %s, want %s", r.ClusterID, r.Region, want)
					}
				}
				return nil
			},
		}},
	})
}

// A missing cluster is an error naming the id and the region: unknown id (80020), a cluster
// in the recycle bin (DELETED), a cluster of another region (90102); and bad ids, bad regions
// and no region at all are refused before any request.
func TestAccClusterDataSource_notFound(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	s := seedClusters(e.mock)
	const unknown = "in01-0000000000deadbeef"
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock() + clusterDataConfig("x", unknown, ""),
				ExpectError: errorMatching("Cluster not found",
					"Cluster "+unknown+" does not exist in region "+testRegion+fmt.Sprintf(" (code %d", e.code(80020, 96018))),
			},
			{
				Config: e.providerBlock() + clusterDataConfig("x", s.deleted.ClusterID, ""),
				ExpectError: errorMatching("Cluster not found",
					"Cluster "+s.deleted.ClusterID+" in region "+testRegion+" is DELETED", "include_deleted = true"),
			},
			{
				Config: e.providerBlock() + clusterDataConfig("x", s.elsewhere.ClusterID, otherRegion),
				ExpectError: errorMatching("Cluster not found",
					"Cluster "+s.elsewhere.ClusterID+" in region "+otherRegion+" is DELETED"),
			},
			{
				Config: e.providerBlock() + clusterDataConfig("x", s.analytics.ClusterID, ""),
				ExpectError: errorMatching("Cluster not found",
					"Cluster "+s.analytics.ClusterID+" does not exist in region "+testRegion+" (code 90102",
					"set region_id"),
			},
			{
				Config:      e.providerBlock() + clusterDataConfig("x", "in01-abc/../drop", ""),
				ExpectError: errorMatching("Invalid cluster id", "letters, digits and single hyphens"),
			},
			{
				Config:      e.providerBlock() + clusterDataConfig("x", s.standard.ClusterID, "US_WEST"),
				ExpectError: errorMatching("Invalid region id"),
			},
		},
	})
	// Only the lookups that passed validation reached the API: describes, never anything else.
	for _, r := range e.mock.Requests() {
		if r.Route != mockserver.RouteDescribe {
			t.Errorf("unexpected %s request %s %s", r.Route, r.Method, r.Path)
		}
		if strings.Contains(r.Path, "drop") {
			t.Errorf("a refused id reached the API: %s", r.Path)
		}
	}
}

// Without region_id and without a provider region, the error names every way to set one.
func TestAccClusterDataSource_noRegion(t *testing.T) {
	e := newMockEnv(t, mockserver.Config{})
	t.Setenv("ZILLIZ_CLOUD_REGION", "")
	s := seedClusters(e.mock)
	noRegion := fmt.Sprintf("\nprovider \"zilliz\" {\n  api_key  = %q\n  endpoint = %q\n  api_version = %q\n}\n",
		mockserver.DefaultAPIKey, e.endpoint, e.apiVersion)
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config:      noRegion + clusterDataConfig("x", s.standard.ClusterID, ""),
				ExpectError: errorMatching("No region to read from", "set region_id here, or the provider's cloud_region, or the ZILLIZ_CLOUD_REGION"),
			},
			{
				Config:      noRegion + "\ndata \"zilliz_clusters\" \"x\" {}\n",
				ExpectError: errorMatching("No region to read from", "set region_id here, or the provider's cloud_region, or the ZILLIZ_CLOUD_REGION"),
			},
			{
				Config:      noRegion + "\ndata \"zilliz_projects\" \"x\" {}\n",
				ExpectError: errorMatching("No region to read from", "set the provider's cloud_region, or the ZILLIZ_CLOUD_REGION"),
			},
			{
				// region_id alone is enough.
				Config:            noRegion + clusterDataConfig("x", s.analytics.ClusterID, otherRegion),
				ConfigStateChecks: []statecheck.StateCheck{expectAttributes{addr: "data.zilliz_cluster.x", want: clusterValues(s.analytics)}},
			},
		},
	})
}
