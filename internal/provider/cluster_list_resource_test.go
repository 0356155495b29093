package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// strays fills the mock's region with clusters a platform team would query:
// 200 dedicated ones, 20 serverless "tmp-" ones, 5 free, 3 suspended (one
// reported STOPPED), 2 in
// another project, and 2 in the recycle bin (never listed): 232 in all, over
// three list pages.
type strays struct {
	free, tmp mockserver.Cluster // one of each, for the identity and resource checks
}

const otherProject = "proj-0ther0000000000000000"

func addStrays(e *accEnv) strays {
	var s strays
	add := func(n int, c mockserver.Cluster, name string) (last mockserver.Cluster) {
		for i := range n {
			c.ClusterName = fmt.Sprintf(name, i)
			last = e.mock.AddCluster(c)
		}
		return last
	}
	add(200, mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID}, "keep-%03d")
	s.tmp = add(20, mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, Plan: "Serverless"}, "tmp-%02d")
	s.free = add(5, mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, Plan: "Free"}, "free-%d")
	add(2, mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, Status: "SUSPENDED"}, "idle-%d")
	add(1, mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, Status: "STOPPED"}, "stopped-%d") // the API's other spelling
	e.mock.AddProject(otherProject, "Other")
	add(2, mockserver.Cluster{RegionID: e.region, ProjectID: otherProject}, "other-%d")
	add(2, mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, Status: "DELETED"}, "gone-%d")
	e.mock.AddCluster(mockserver.Cluster{RegionID: otherRegion, ProjectID: e.projectID, ClusterName: "elsewhere"})
	return s
}

// The list resource lists every live cluster of the region across pages, honours
// limit (Terraform's default is 100) and each filter, and shows each cluster's
// identity and name, and with include_resource the state an import would record.
func TestAccClusterListResource_query(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	s := addStrays(e)
	list := func(name, extra, config string) string {
		return fmt.Sprintf(`
list "zilliz_cluster" %q {
  provider = zilliz
  %s
  config {
    %s
  }
}
`, name, extra, config)
	}
	e.test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.providerBlock()},
			{
				Query: true,
				// The provider block of the step before is in the working directory still.
				Config: list("all", "limit = 1000", "") +
					list("capped", "", "") +
					list("first_ten", "limit = 10", "") +
					list("tmp", "", `name_regex = "^tmp-"`) +
					list("free", "include_resource = true", `plan = "Free"`) +
					list("idle", "", `status = "SUSPENDED"`) +
					list("stopped", "", `status = "STOPPED"`) +
					list("other", "", fmt.Sprintf("project_id = %q", otherProject)) +
					list("elsewhere", "", fmt.Sprintf("region_id = %q", otherRegion)) +
					list("none", "", `name_regex = "^gone-"`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("zilliz_cluster.all", 230),
					querycheck.ExpectLength("zilliz_cluster.capped", 100),
					querycheck.ExpectLength("zilliz_cluster.first_ten", 10),
					querycheck.ExpectLength("zilliz_cluster.tmp", 20),
					querycheck.ExpectLength("zilliz_cluster.free", 5),
					querycheck.ExpectLength("zilliz_cluster.idle", 3),
					querycheck.ExpectLength("zilliz_cluster.stopped", 3),
					querycheck.ExpectLength("zilliz_cluster.other", 2),
					querycheck.ExpectLength("zilliz_cluster.elsewhere", 1),
					querycheck.ExpectLength("zilliz_cluster.none", 0),
					querycheck.ExpectIdentity("zilliz_cluster.tmp", map[string]knownvalue.Check{
						"id":        knownvalue.StringExact(s.tmp.ClusterID),
						"region_id": knownvalue.StringExact(e.region),
					}),
					querycheck.ExpectResourceDisplayName("zilliz_cluster.tmp",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(s.tmp.ClusterID), "region_id": knownvalue.StringExact(e.region),
						}), knownvalue.StringExact(s.tmp.ClusterName)),
					querycheck.ExpectResourceDisplayName("zilliz_cluster.elsewhere",
						queryfilter.ByDisplayName(knownvalue.StringExact("elsewhere")), knownvalue.StringExact("elsewhere")),
					querycheck.ExpectResourceKnownValues("zilliz_cluster.free",
						queryfilter.ByDisplayName(knownvalue.StringExact(s.free.ClusterName)), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(s.free.ClusterID)},
							{Path: tfjsonpath.New("plan"), KnownValue: knownvalue.StringExact("Free")},
							{Path: tfjsonpath.New("region_id"), KnownValue: knownvalue.StringExact(e.region)},
							{Path: tfjsonpath.New("project_id"), KnownValue: knownvalue.StringExact(e.projectID)},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("RUNNING")},
							{Path: tfjsonpath.New("cu_size"), KnownValue: knownvalue.Null()},
							{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
							{Path: tfjsonpath.New("deletion_protection"), KnownValue: knownvalue.Bool(false)},
						}),
				},
			},
		},
	})
}

// A name_regex that does not compile, a plan or status that cannot match, fail
// before anything is listed, naming the attribute and the value. So does a
// project_id the key cannot see, as in zilliz_clusters: a region's list shows
// only what the key can see, so it would read as a project without clusters,
// and a drift job would conclude there is nothing to clean.
func TestAccClusterListResource_badConfig(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	addStrays(e)
	e.mock.HideProjects(otherProject)
	for _, tc := range []struct{ config, want string }{
		{`name_regex = "tmp-("`, `name_regex "tmp-\(" is not a valid regular expression`},
		{`plan = "serverless"`, `value must be one of`},
		{`status = "DELETED"`, `DELETED`},
		{`project_id = "p-1"`, `proj-`},
		{fmt.Sprintf("project_id = %q", otherProject), `(?s)the API key cannot see that project`},
	} {
		t.Run(tc.config, func(t *testing.T) {
			e.test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{
					{Config: e.providerBlock()},
					{
						Query: true,
						Config: fmt.Sprintf(`
list "zilliz_cluster" "bad" {
  provider = zilliz
  config {
    %s
  }
}
`, tc.config),
						ExpectError: regexp.MustCompile(tc.want),
					},
				},
			})
		})
	}
	if n := e.mock.Count(mockserver.RouteList); n != 0 {
		t.Errorf("bad list configurations sent %d list requests, want none", n)
	}
}

// With no region_id and no provider region, the query says how to set one and lists nothing.
func TestAccClusterListResource_noRegion(t *testing.T) {
	t.Setenv("ZILLIZ_CLOUD_REGION", "")
	e := newMockEnv(t, mockserver.Config{})
	e.test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.providerBlockIn("")},
			{
				Query:       true,
				Config:      "list \"zilliz_cluster\" \"all\" {\n  provider = zilliz\n  config {}\n}\n",
				ExpectError: regexp.MustCompile(`region_id is not set and the provider has no default region`),
			},
		},
	})
	if n := e.mock.Count(mockserver.RouteList); n != 0 {
		t.Errorf("%d list requests without a region", n)
	}
}
