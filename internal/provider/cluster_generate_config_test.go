package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// The configuration `terraform query -generate-config-out` writes is valid and
// true for every plan kind: applying it imports each cluster with no write to
// the API, and the plan after that is empty.
func TestAccClusterListResource_generateConfig(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	e := newMockEnv(t, mockserver.Config{})
	want := map[string]mockserver.Cluster{}
	for _, c := range []mockserver.Cluster{
		{ClusterName: "stray-dedicated", CUSize: 4, ClusterType: "Capacity-optimized"},
		{ClusterName: "stray-idle", CUSize: 2, Status: "SUSPENDED"},
		{ClusterName: "stray-serverless", Plan: "Serverless"},
		{ClusterName: "stray-free", Plan: "Free"},
		{ClusterName: "kept-out"}, // not matched by the query
	} {
		c.RegionID, c.ProjectID = e.region, e.projectID
		c = e.mock.AddCluster(c)
		if strings.HasPrefix(c.ClusterName, "stray-") {
			want[c.ClusterID] = c
		}
	}
	cli := e.cli(t, "")
	if err := os.WriteFile(filepath.Join(cli.Dir, "strays.tfquery.hcl"), []byte(`
list "zilliz_cluster" "strays" {
  provider         = zilliz
  include_resource = true
  config {
    name_regex = "^stray-"
  }
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	e.mock.ResetLog()
	cli.MustRun("query", "-no-color", "-generate-config-out=generated.tf")
	if n := e.mock.Count(mockserver.RouteList); n != 1 {
		t.Errorf("the query of %d clusters sent %d list requests, want 1 (one page)", len(e.mock.Clusters(e.region)), n)
	}
	generated, err := os.ReadFile(filepath.Join(cli.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for id, c := range want {
		if !strings.Contains(string(generated), id) || !strings.Contains(string(generated), c.ClusterName) {
			t.Errorf("generated configuration lacks cluster %s (%s):\n%s", id, c.ClusterName, generated)
		}
	}
	if strings.Contains(string(generated), "kept-out") {
		t.Errorf("generated configuration holds a cluster the query did not match:\n%s", generated)
	}

	e.mock.ResetLog()
	r := cli.MustRun("apply", "-input=false", "-auto-approve", "-no-color")
	if !strings.Contains(r.Stdout, "4 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("apply of the generated configuration did not import exactly the 4 clusters:\n%s", r.Stdout)
	}
	for _, req := range e.mock.Requests() {
		if req.Method != "GET" {
			t.Errorf("importing the generated configuration wrote to the API: %s %s", req.Method, req.Path)
		}
	}
	st := readState(t, cli)
	if len(st) != len(want) {
		t.Errorf("%d clusters in state, want %d", len(st), len(want))
	}
	for _, s := range st {
		if _, ok := want[s.str("id")]; !ok {
			t.Errorf("state holds %s (%s), which the query did not find", s.Address, s.str("id"))
		}
	}
	r = cli.MustRun("plan", "-input=false", "-no-color", "-detailed-exitcode")
	if !strings.Contains(r.Stdout, "No changes.") {
		t.Errorf("the plan after importing the generated configuration is not empty:\n%s\n\ngenerated.tf:\n%s", r.Stdout, generated)
	}
}
