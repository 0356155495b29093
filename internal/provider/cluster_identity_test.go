package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// Create records the identity (id, region_id); an import block that gives the
// identity alone imports the cluster to the same state; an update (refresh,
// then a cu_size change) keeps the identity.
func TestAccClusterResource_identity(t *testing.T) {
	t.Parallel()
	e := newEnv(t, mockserver.Config{})
	name := clusterName()
	config := e.providerBlock() + dedicatedConfig(e, name, 1, "")
	identity := []statecheck.StateCheck{
		statecheck.ExpectIdentity(res, map[string]knownvalue.Check{
			"id":        knownvalue.StringRegexp(regexp.MustCompile(`^in01-`)),
			"region_id": knownvalue.StringExact(e.region),
		}),
		statecheck.ExpectIdentityValueMatchesState(res, tfjsonpath.New("id")),
		statecheck.ExpectIdentityValueMatchesState(res, tfjsonpath.New("region_id")),
	}
	e.test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: identity},
			{
				Config:          config,
				ResourceName:    res,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				// The import is planned: the plan must import and change nothing.
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionNoop),
				}},
			},
			{Config: e.providerBlock() + dedicatedConfig(e, name, 2, ""), ConfigStateChecks: identity},
		},
	})
}

// An import block whose identity has no region_id imports from the provider's
// cloud_region, and the identity it records names that region.
func TestAccClusterResource_importIdentityDefaultRegion(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_12_0))
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, ClusterName: name, CUSize: 2})
	cli := e.cli(t, dedicatedConfig(e, name, 2, "")+fmt.Sprintf(`
import {
  to       = %s
  identity = { id = %q }
}
`, res, c.ClusterID))
	e.mock.ResetLog()
	cli.MustRun("apply", "-input=false", "-auto-approve", "-json")
	for _, r := range e.mock.Requests() {
		if r.Method != "GET" {
			t.Errorf("the import wrote to the API: %s %s", r.Method, r.Path)
		}
	}
	ids := readIdentities(t, cli)
	if got, want := ids[res], (map[string]any{"id": c.ClusterID, "region_id": e.region}); !equalMaps(got, want) {
		t.Errorf("identity %v, want %v", got, want)
	}
	if r := cli.MustRun("plan", "-input=false", "-detailed-exitcode", "-no-color"); !strings.Contains(r.Stdout, "No changes") {
		t.Errorf("the plan after the import is not empty:\n%s", r.Stdout)
	}

	// An identity that names no cluster is refused the way an id string is.
	other := acctest.NewCLI(t, e.factory)
	other.Write(e.withProvider(dedicatedConfig(e, name, 2, "") + fmt.Sprintf(`
import {
  to       = %s
  identity = { id = "in01-nosuchcluster0", region_id = %q }
}
`, res, otherRegion)))
	other.Init()
	r := other.Run("plan", "-input=false", "-json")
	if msg := errorText(r); r.Err == nil || !strings.Contains(msg, "in01-nosuchcluster0 was not found in region "+otherRegion) {
		t.Errorf("import of an identity that names no cluster: error %q", msg)
	}

	// Not found in the provider's region: the hint is the identity's region_id,
	// not the id string an identity import refuses.
	other.Write(e.withProvider(dedicatedConfig(e, name, 2, "") + fmt.Sprintf(`
import {
  to       = %s
  identity = { id = "in01-nosuchcluster0" }
}
`, res)))
	r = other.Run("plan", "-input=false", "-json")
	if msg := errorText(r); r.Err == nil || !strings.Contains(msg, "set region_id in the identity") || strings.Contains(msg, "import it as") {
		t.Errorf("import of an identity not found in the provider's region: error %q", msg)
	}

	// An identity id that carries a region is refused as written, not as an
	// import id composed with region_id.
	other.Write(e.withProvider(dedicatedConfig(e, name, 2, "") + fmt.Sprintf(`
import {
  to       = %s
  identity = { id = "%s/%s", region_id = %q }
}
`, res, e.region, c.ClusterID, otherRegion)))
	r = other.Run("plan", "-input=false", "-json")
	if msg := errorText(r); r.Err == nil || !strings.Contains(msg, fmt.Sprintf("identity id %q", e.region+"/"+c.ClusterID)) ||
		!strings.Contains(msg, "goes in region_id") || strings.Contains(msg, otherRegion+"/") {
		t.Errorf("import of an identity whose id carries a region: error %q", msg)
	}
}

// A state written by a release without identities upgrades on its first
// refresh: a cluster that exists gets its identity, and one found gone on
// that same refresh leaves state quietly rather than failing the refresh
// ("Missing Resource Identity After Read").
func TestAccClusterResource_identityUpgrade(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_12_0))
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	cli := e.cli(t, clustersConfig(e, name, 3))
	cli.MustRun("apply", "-input=false", "-auto-approve", "-json")
	st := readState(t, cli)
	if len(st) != 3 {
		t.Fatalf("%d clusters in state, want 3", len(st))
	}
	stripIdentities(t, cli)
	if ids := readIdentities(t, cli); len(ids) != 0 {
		t.Fatalf("identities left after stripping: %v", ids)
	}
	byAddr := map[string]string{}
	for _, s := range st {
		byAddr[s.Address] = s.str("id")
	}
	// One cluster is in the recycle bin, one gone entirely, one still there.
	deleted, purged, kept := byAddr["zilliz_cluster."+name+"[0]"], byAddr["zilliz_cluster."+name+"[1]"], byAddr["zilliz_cluster."+name+"[2]"]
	e.mock.DeleteOutOfBand(e.region, deleted)
	e.mock.PurgeOutOfBand(e.region, purged)

	r := cli.Run("apply", "-refresh-only", "-input=false", "-auto-approve", "-json")
	if r.Err != nil {
		t.Fatalf("the first refresh of an identity-less state failed: %s\n%s", errorText(r), r.Stdout)
	}
	ids := readIdentities(t, cli)
	if len(ids) != 1 {
		t.Fatalf("identities after the refresh: %v, want only the surviving cluster's", ids)
	}
	if got, want := ids["zilliz_cluster."+name+"[2]"], (map[string]any{"id": kept, "region_id": e.region}); !equalMaps(got, want) {
		t.Errorf("identity of the surviving cluster %v, want %v", got, want)
	}
}

// readIdentities reads the identity of each zilliz_cluster instance in the
// working directory's state, by address.
func readIdentities(t *testing.T, c *acctest.CLI) map[string]map[string]any {
	t.Helper()
	st := readRawState(t, c)
	out := map[string]map[string]any{}
	for _, r := range st["resources"].([]any) {
		r := r.(map[string]any)
		if r["type"] != "zilliz_cluster" || r["mode"] != "managed" {
			continue
		}
		for _, in := range r["instances"].([]any) {
			in := in.(map[string]any)
			id, ok := in["identity"].(map[string]any)
			if !ok {
				continue
			}
			addr := "zilliz_cluster." + r["name"].(string)
			if k, ok := in["index_key"]; ok {
				addr += fmt.Sprintf("[%v]", k)
			}
			out[addr] = id
		}
	}
	return out
}

// stripIdentities rewrites the state as a release without identities wrote
// it: no identity, no identity_schema_version.
func stripIdentities(t *testing.T, c *acctest.CLI) {
	t.Helper()
	st := readRawState(t, c)
	for _, r := range st["resources"].([]any) {
		for _, in := range r.(map[string]any)["instances"].([]any) {
			delete(in.(map[string]any), "identity")
			delete(in.(map[string]any), "identity_schema_version")
		}
	}
	st["serial"] = st["serial"].(float64) + 1
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "terraform.tfstate"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readRawState(t *testing.T, c *acctest.CLI) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(c.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func equalMaps(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
