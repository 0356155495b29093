package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// protectedTrio is three Standard clusters, a and b protected as given, c never.
func protectedTrio(e *accEnv, name string, protect bool) string {
	var b strings.Builder
	for _, r := range []struct {
		addr      string
		protected bool
	}{{"a", protect}, {"b", protect}, {"c", false}} {
		fmt.Fprintf(&b, `
resource "zilliz_cluster" %q {
  cluster_name        = "%s-%s"
  project_id          = %q
  plan                = "Standard"
  cu_size             = 1
  deletion_protection = %t
}
`, r.addr, name, r.addr, e.projectID, r.protected)
	}
	return b.String()
}

// nonReads lists the logged requests that are not reads: what a refused plan must not send.
func nonReads(m *mockserver.Server) []string {
	var out []string
	reqs := m.Requests()
	for i := range reqs {
		r := &reqs[i]
		switch r.Route {
		case mockserver.RouteDescribe, mockserver.RouteList, mockserver.RouteProjects,
			mockserver.RouteClouds, mockserver.RouteRegions:
		default:
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// idsByName maps the mock's cluster names in region to their ids.
func idsByName(m *mockserver.Server, region string) map[string]string {
	out := map[string]string{}
	cs := m.Clusters(region)
	for i := range cs {
		out[cs[i].ClusterName] = cs[i].ClusterID
	}
	return out
}

func requireStatus(t *testing.T, e *accEnv, id, want string) {
	t.Helper()
	if c, ok := e.mock.Cluster(e.region, id); !ok || c.Status != want {
		t.Errorf("mock cluster %s is %q, want %s", id, c.Status, want)
	}
}

// A destroy of two protected clusters and one unprotected fails at plan time,
// with one error per protected cluster, and sends nothing but reads; once
// protection is off (no API call), the destroy drops all three.
func TestAccClusterProtection_destroyFailsAtPlan(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	c := e.cli(t, protectedTrio(e, name, true))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ids := idsByName(e.mock, e.region)
	e.mock.ResetLog()

	r := c.Run("destroy", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("destroy of protected clusters succeeded:\n%s", r.Output)
	}
	for _, n := range []string{"a", "b"} {
		id := ids[name+"-"+n]
		if !hasDiag(r.Errors(), "Cluster is protected from deletion", id, e.region, "deletion_protection = false", "removed") {
			t.Errorf("destroy errors do not name protected cluster %s, its region and the ways out: %+v", id, r.Errors())
		}
	}
	if n := len(r.Errors()); n != 2 {
		t.Errorf("%d errors, want one per protected cluster (2): %+v", n, r.Errors())
	}
	if calls := nonReads(e.mock); len(calls) != 0 {
		t.Errorf("a destroy refused at plan time sent %v", calls)
	}
	for _, id := range ids {
		requireStatus(t, e, id, "RUNNING")
	}
	if got := strings.Fields(stateList(c)); len(got) != 3 {
		t.Errorf("state after the refused destroy = %v, want the three clusters", got)
	}

	c.Write(e.withProvider(protectedTrio(e, name, false)))
	e.mock.ResetLog()
	r = c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(r.Output, "0 added, 2 changed, 0 destroyed") {
		t.Errorf("turning protection off is not two in-place updates:\n%s", r.Output)
	}
	if calls := nonReads(e.mock); len(calls) != 0 {
		t.Errorf("turning protection off sent %v", calls)
	}
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if n := e.mock.Count(mockserver.RouteDrop); n != 3 {
		t.Errorf("%d drop calls, want 3", n)
	}
	for _, id := range ids {
		requireStatus(t, e, id, "DELETED")
	}
}

// Removing a protected cluster from the configuration is a destroy too.
func TestAccClusterProtection_removedFromConfig(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, "deletion_protection = true"))
	c.Write(e.withProvider(""))
	e.mock.ResetLog()
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster is protected from deletion", cl.ClusterID) {
		t.Errorf("removing a protected cluster from the configuration was not refused at plan time: %v\n%s", r.Err, r.Output)
	}
	if calls := nonReads(e.mock); len(calls) != 0 {
		t.Errorf("the refused plan sent %v", calls)
	}
	requireStatus(t, e, cl.ClusterID, "RUNNING")
}

// A replacement of a protected cluster fails at plan time, whether a forcing
// attribute changes or -replace asks for it; a tainted one, which no plan call
// shows the provider, is refused by Delete before anything is created (the
// default destroy-then-create order); a removed block forgets it without a drop.
func TestAccClusterProtection_replace(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	c, cl := e.applied(t, dedicatedConfig(e, name, 1, "deletion_protection = true"))
	e.mock.ResetLog()

	c.Write(e.withProvider(dedicatedConfig(e, name+"-r", 1, "deletion_protection = true")))
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster is protected from deletion", cl.ClusterID, "cluster_name") {
		t.Errorf("a rename of a protected cluster was not refused at plan time naming cluster_name: %v\n%s", r.Err, r.Output)
	}

	c.Write(e.withProvider(dedicatedConfig(e, name, 1, "deletion_protection = true")))
	r = c.Run("apply", "-auto-approve", "-input=false", "-json", "-replace="+res)
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster is protected from deletion", cl.ClusterID, "-replace") {
		t.Errorf("-replace of a protected cluster was not refused at plan time: %v\n%s", r.Err, r.Output)
	}
	if calls := nonReads(e.mock); len(calls) != 0 {
		t.Errorf("refused replacements sent %v", calls)
	}

	c.MustRun("taint", res)
	r = c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster is protected from deletion", cl.ClusterID) {
		t.Errorf("the replacement of a tainted protected cluster was not refused by Delete: %v\n%s", r.Err, r.Output)
	}
	if calls := nonReads(e.mock); len(calls) != 0 {
		t.Errorf("the refused replacement of a tainted cluster sent %v", calls)
	}
	c.MustRun("untaint", res)
}

// A removed block with destroy = false forgets a protected cluster without a drop.
func TestAccClusterProtection_removedBlockForgets(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_7_0)) // removed blocks
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, "deletion_protection = true"))
	e.mock.ResetLog()
	c.Write(e.withProvider(`
removed {
  from = zilliz_cluster.test
  lifecycle {
    destroy = false
  }
}
`))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if got := stateList(c); got != "" {
		t.Errorf("state after the removed block = %q, want empty", got)
	}
	if calls := nonReads(e.mock); len(calls) != 0 {
		t.Errorf("forgetting a protected cluster sent %v", calls)
	}
	requireStatus(t, e, cl.ClusterID, "RUNNING")
}

// What the guide says of a tainted protected cluster with create_before_destroy
// and a new name (no plan call shows the provider either): the new cluster is
// created, the old one's drop is refused and it stays deposed, every later plan
// fails on it, and state rm then an import of the new cluster is the way out.
func TestAccClusterProtection_taintedCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	cfg := func(n string) string {
		return dedicatedConfig(e, n, 1, "deletion_protection = true\n  lifecycle {\n    create_before_destroy = true\n  }")
	}
	c, old := e.applied(t, cfg(name))
	c.MustRun("taint", res)
	c.Write(e.withProvider(cfg(name + "-n")))
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster is protected from deletion", old.ClusterID) {
		t.Fatalf("the drop of the deposed protected cluster was not refused: %v\n%s", r.Err, r.Output)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 0 {
		t.Errorf("%d drop calls, want 0", n)
	}
	requireStatus(t, e, old.ClusterID, "RUNNING")
	newID := idsByName(e.mock, e.region)[name+"-n"]
	if newID == "" {
		t.Fatalf("no new cluster was created: %v", e.mock.Clusters(e.region))
	}
	if p := c.Run("plan", "-input=false", "-json"); p.Err == nil || !hasDiag(p.Errors(), "Cluster is protected from deletion", old.ClusterID) {
		t.Errorf("the plan after the deposed object does not fail on it: %v", p.Err)
	}
	c.MustRun("state", "rm", res)
	c.MustRun("import", "-input=false", "-no-color", res, e.region+"/"+newID)
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color") // records deletion_protection = true
	if p := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); p.Err != nil {
		t.Errorf("plan after state rm and import is not empty: %v\n%s", p.Err, p.Output)
	}
}

// deletion_protection lives in state only: a build that predates it would read
// the state without it and write it back unprotected. The state's schema
// version (1) makes such builds refuse it, and version 0 state (with or without
// the attribute) is upgraded in place, unprotected as before, with no change planned.
func TestAccClusterResource_stateSchemaVersion(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, "deletion_protection = false"))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if v := stateSchemaVersion(t, c); v != 1 {
		t.Fatalf("state schema_version = %d, want 1", v)
	}
	// A version 0 state written before the attribute existed.
	rewriteState(t, c, func(inst map[string]any) {
		inst["schema_version"] = 0
		delete(inst["attributes"].(map[string]any), "deletion_protection")
	})
	c.MustRun("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	if v := stateSchemaVersion(t, c); v != 1 {
		t.Errorf("state schema_version after the upgrade = %d, want 1", v)
	}
	if st := readState(t, c); len(st) != 1 || st[0].Attrs["deletion_protection"] != false {
		t.Errorf("upgraded state %+v, want deletion_protection false", st)
	}
}

// stateSchemaVersion is the schema_version of the one zilliz_cluster instance in state.
func stateSchemaVersion(t *testing.T, c *acctest.CLI) int {
	t.Helper()
	v := -1
	rewriteState(t, c, func(inst map[string]any) { v = int(inst["schema_version"].(float64)) })
	return v
}

// rewriteState applies edit to every resource instance of the local state file.
func rewriteState(t *testing.T, c *acctest.CLI, edit func(inst map[string]any)) {
	t.Helper()
	p := filepath.Join(c.Dir, "terraform.tfstate")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st["resources"].([]any) {
		for _, inst := range r.(map[string]any)["instances"].([]any) {
			edit(inst.(map[string]any))
		}
	}
	out, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
}
