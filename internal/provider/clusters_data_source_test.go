package provider_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// selectClusters is the test's own statement of the filters: the mock's clusters of
// region, in the API's order, that keep returns true for.
func selectClusters(m *mockserver.Server, region string, keep func(c mockserver.Cluster) bool) []mockserver.Cluster {
	var out []mockserver.Cluster
	all := m.Clusters(region)
	for i := range all {
		if keep(all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

func notDeleted(c mockserver.Cluster) bool { return c.Status != "DELETED" }

// clustersChecks checks a zilliz_clusters data source completely: its arguments as
// configured or defaulted, and the exact list of clusters with every attribute.
func clustersChecks(name string, args map[string]knownvalue.Check, cs []mockserver.Cluster) statecheck.StateCheck {
	want := map[string]knownvalue.Check{
		"region_id":       knownvalue.StringExact(testRegion),
		"project_id":      knownvalue.Null(),
		"status":          knownvalue.Null(),
		"include_deleted": knownvalue.Bool(false),
		"clusters":        clusterList(cs),
	}
	for k, v := range args {
		want[k] = v
	}
	return expectAttributes{addr: "data.zilliz_clusters." + name, want: want}
}

// More clusters than one page of the client (100): the list must follow the second page,
// and show all of them, in order, with every attribute.
func TestAccClustersDataSource_pagination(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	const n = 105
	for i := range n {
		c := mockserver.Cluster{
			ClusterName: fmt.Sprintf("bulk-%03d", i), RegionID: testRegion, ProjectID: mockserver.DefaultProjectID,
			Plan: "Standard", CUSize: i%8 + 1, Status: "RUNNING", Description: fmt.Sprintf("cluster number %d", i),
			CreateTime: fmt.Sprintf("2024-01-01T00:%02d:%02dZ", i/60, i%60), StorageSize: int64(i * 10),
			SnapshotNumber: i % 4, CreateProgress: 100,
		}
		switch {
		case i%10 == 9:
			c.Plan, c.CUSize = "Serverless", 0
		case i%3 == 0:
			c.ProjectID = mockserver.SecondProjectID
		}
		switch i {
		case 7, 101:
			c.Status = "SUSPENDED"
		case 50, 103: // one on each page
			c.Status = "DELETED"
		}
		e.mock.AddCluster(c)
	}
	// Clusters of another region must not leak in.
	e.mock.AddCluster(mockserver.Cluster{RegionID: otherRegion, Status: "RUNNING"})

	all := selectClusters(e.mock, testRegion, func(mockserver.Cluster) bool { return true })
	live := selectClusters(e.mock, testRegion, notDeleted)
	if len(all) != n || len(live) != n-2 {
		t.Fatalf("seeded %d clusters (%d live), want %d (%d)", len(all), len(live), n, n-2)
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.providerBlock() + `
data "zilliz_clusters" "live" {}

data "zilliz_clusters" "all" {
  include_deleted = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				clustersChecks("live", nil, live),
				clustersChecks("all", map[string]knownvalue.Check{"include_deleted": knownvalue.Bool(true)}, all),
				statecheck.ExpectKnownValue("data.zilliz_clusters.all", tfjsonpath.New("clusters"), knownvalue.ListSizeExact(n)),
				// The last cluster is only on the second page.
				statecheck.ExpectKnownValue("data.zilliz_clusters.all",
					tfjsonpath.New("clusters").AtSliceIndex(n-1).AtMapKey("cluster_name"), knownvalue.StringExact("bulk-104")),
			},
			Check: func(*terraform.State) error {
				pages := map[string]int{}
				for _, r := range e.mock.Requests() {
					if r.Route != mockserver.RouteList {
						return fmt.Errorf("unexpected %s request %s %s", r.Route, r.Method, r.Path)
					}
					if r.Region != testRegion {
						return fmt.Errorf("list sent to region %s, want %s", r.Region, testRegion)
					}
					q, err := url.ParseQuery(r.Query)
					if err != nil {
						return err
					}
					pages[q.Get("currentPage")]++
				}
				if e.mock.Count(mockserver.RouteList) < 2 || pages["1"] == 0 || pages["2"] == 0 {
					return fmt.Errorf("list requests by page %v: want both page 1 and page 2", pages)
				}
				if len(pages) != 2 {
					return fmt.Errorf("list requests by page %v: want pages 1 and 2 only", pages)
				}
				return nil
			},
		}},
	})
}

// The filters: project, status (exact, case-sensitive), include_deleted, region, and the
// combinations; a DELETED status filter without include_deleted and a malformed project id
// are refused at plan time.
func TestAccClustersDataSource_filters(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	s := seedClusters(e.mock)
	m := e.mock
	everyCluster := func(mockserver.Cluster) bool { return true }
	second := func(c mockserver.Cluster) bool { return c.ProjectID == mockserver.SecondProjectID }
	str := knownvalue.StringExact

	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			// Refused at plan time; first, since the last step's configuration is destroyed at the end.
			{
				Config:      e.providerBlock() + "\ndata \"zilliz_clusters\" \"x\" {\n  status = \"DELETED\"\n}\n",
				ExpectError: errorMatching("DELETED clusters are excluded", "include_deleted = true"),
			},
			{
				Config:      e.providerBlock() + "\ndata \"zilliz_clusters\" \"x\" {\n  project_id = \"project-1\"\n}\n",
				ExpectError: errorMatching("project_id", "must look like proj-"),
			},
			// A project the key cannot see is an error, not a project without clusters.
			{
				Config:      e.providerBlock() + "\ndata \"zilliz_clusters\" \"x\" {\n  project_id = \"proj-0nobodysees\"\n}\n",
				ExpectError: errorMatching("Project not visible to the API key", "proj-0nobodysees", mockserver.DefaultProjectID),
			},
			{
				Config: e.providerBlock() + fmt.Sprintf(`
data "zilliz_clusters" "default" {}

data "zilliz_clusters" "project" {
  project_id = %[1]q
}

data "zilliz_clusters" "suspended" {
  status = "SUSPENDED"
}

data "zilliz_clusters" "lowercase" {
  status = "running"
}

data "zilliz_clusters" "everything" {
  include_deleted = true
}

data "zilliz_clusters" "only_deleted" {
  status          = "DELETED"
  include_deleted = true
}

data "zilliz_clusters" "running_in_project" {
  project_id = %[2]q
  status     = "RUNNING"
}

data "zilliz_clusters" "other_region" {
  region_id       = %[3]q
  include_deleted = false
}

data "zilliz_clusters" "other_region_all" {
  region_id       = %[3]q
  project_id      = %[1]q
  include_deleted = true
}
`, mockserver.SecondProjectID, mockserver.DefaultProjectID, otherRegion),
				ConfigStateChecks: []statecheck.StateCheck{
					clustersChecks("default", nil, []mockserver.Cluster{
						s.standard, s.enterprise, s.serverless, s.free, s.suspended, s.creating}),
					clustersChecks("project", map[string]knownvalue.Check{"project_id": str(mockserver.SecondProjectID)},
						[]mockserver.Cluster{s.free, s.suspended}),
					clustersChecks("suspended", map[string]knownvalue.Check{"status": str("SUSPENDED")},
						[]mockserver.Cluster{s.suspended}),
					clustersChecks("lowercase", map[string]knownvalue.Check{"status": str("running")}, nil),
					clustersChecks("everything", map[string]knownvalue.Check{"include_deleted": knownvalue.Bool(true)},
						selectClusters(m, testRegion, everyCluster)),
					clustersChecks("only_deleted", map[string]knownvalue.Check{
						"status": str("DELETED"), "include_deleted": knownvalue.Bool(true)}, []mockserver.Cluster{s.deleted}),
					clustersChecks("running_in_project", map[string]knownvalue.Check{
						"project_id": str(mockserver.DefaultProjectID), "status": str("RUNNING")},
						[]mockserver.Cluster{s.standard, s.enterprise, s.serverless}),
					clustersChecks("other_region", map[string]knownvalue.Check{"region_id": str(otherRegion)},
						[]mockserver.Cluster{s.analytics}),
					clustersChecks("other_region_all", map[string]knownvalue.Check{"region_id": str(otherRegion),
						"project_id": str(mockserver.SecondProjectID), "include_deleted": knownvalue.Bool(true)},
						selectClusters(m, otherRegion, second)),
				},
			},
		},
	})
	// The test's expectations agree with the seeding (guards the hand-written lists above).
	if got := selectClusters(m, testRegion, notDeleted); len(got) != 6 {
		t.Errorf("seeded %d live clusters in %s, the test expects 6", len(got), testRegion)
	}
}
