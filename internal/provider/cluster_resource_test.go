package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

const res = "zilliz_cluster.test"

func clusterName() string { return tfacctest.RandomWithPrefix("tf-acc") }

func dedicatedConfig(e *accEnv, name string, cuSize int, extra string) string {
	return fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  cluster_name = %q
  project_id   = %q
  plan         = "Standard"
  cu_size      = %d
  %s
}
`, name, e.projectID, cuSize, extra)
}

// clustersConfig is n Standard clusters of size 1, named name-0 .. name-(n-1),
// as zilliz_cluster.<name>[i].
func clustersConfig(e *accEnv, name string, n int) string {
	return fmt.Sprintf(`
resource "zilliz_cluster" %q {
  count        = %d
  cluster_name = "%s-${count.index}"
  project_id   = %q
  plan         = "Standard"
  cu_size      = 1
}
`, name, n, name, e.projectID)
}

func serverlessConfig(e *accEnv, name string) string {
	return fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  cluster_name = %q
  project_id   = %q
  plan         = "Serverless"
}
`, name, e.projectID)
}

// mockCluster checks the mock's own record of the cluster in state.
func (e *accEnv) mockCluster(check func(c mockserver.Cluster) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if e.mock == nil {
			return nil
		}
		rs, ok := s.RootModule().Resources[res]
		if !ok {
			return fmt.Errorf("%s not in state", res)
		}
		region, id := rs.Primary.Attributes["region_id"], rs.Primary.ID
		c, ok := e.mock.Cluster(region, id)
		if !ok {
			return fmt.Errorf("mock has no cluster %s in %s", id, region)
		}
		return check(c)
	}
}

func statusIs(want string) func(mockserver.Cluster) error {
	return func(c mockserver.Cluster) error {
		if c.Status != want {
			return fmt.Errorf("mock cluster %s is %s, want %s", c.ClusterID, c.Status, want)
		}
		return nil
	}
}

// clusterIDs lists the ids the mock holds in region, with their status.
func (e *accEnv) only(region string) (mockserver.Cluster, error) {
	cs := e.mock.Clusters(region)
	if len(cs) != 1 {
		return mockserver.Cluster{}, fmt.Errorf("mock holds %d clusters in %s, want 1", len(cs), region)
	}
	return cs[0], nil
}

// applied is a working directory in which config, of one cluster, was applied,
// and that cluster as the mock holds it: where most tests of what happens to an
// existing cluster start.
func (e *accEnv) applied(t *testing.T, config string) (*acctest.CLI, mockserver.Cluster) {
	t.Helper()
	c := e.cli(t, config)
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}
	return c, cl
}

func TestAccClusterResource_dedicatedLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, mockserver.Config{CreateDuration: 600 * time.Millisecond, ModifyDuration: 400 * time.Millisecond,
		DeleteDuration: 600 * time.Millisecond})
	name := clusterName()
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			if e.mock == nil {
				return nil
			}
			c, err := e.only(e.region)
			if err != nil {
				return err
			}
			// Destroy must not return before the cluster is DELETED.
			if c.Status != "DELETED" {
				return fmt.Errorf("destroy returned while the cluster was %s", c.Status)
			}
			var drops []mockserver.Request
			for _, r := range e.mock.Requests() {
				if r.Route == mockserver.RouteDrop {
					drops = append(drops, r)
				}
			}
			if len(drops) != 1 {
				return fmt.Errorf("destroy sent %d drop requests, want exactly 1", len(drops))
			}
			d := drops[0]
			wantPath := "/" + e.region + "/v1/clusters/" + c.ClusterID + "/drop"
			if e.apiVersion == zilliz.APIVersionV2 {
				wantPath = "/v2/clusters/" + c.ClusterID + "/drop"
			}
			if d.Method != "DELETE" || d.Path != wantPath || d.Authorization != "Bearer "+mockserver.DefaultAPIKey {
				return fmt.Errorf("drop request = %s %s (Authorization %q), want DELETE %s with the Bearer key",
					d.Method, d.Path, d.Authorization, wantPath)
			}
			if !strings.HasPrefix(d.UserAgent, "terraform-provider-zilliz/") {
				return fmt.Errorf("User-Agent %q does not name the provider", d.UserAgent)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock() + dedicatedConfig(e, name, 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(res, "id", regexp.MustCompile(`^in01-`)),
					resource.TestCheckResourceAttr(res, "cluster_name", name),
					resource.TestCheckResourceAttr(res, "plan", "Standard"),
					resource.TestCheckResourceAttr(res, "cu_size", "1"),
					resource.TestCheckResourceAttr(res, "cu_type", "Performance-optimized"),
					resource.TestCheckResourceAttr(res, "region_id", e.region),
					resource.TestCheckResourceAttr(res, "status", "RUNNING"),
					resource.TestCheckResourceAttrSet(res, "connect_address"),
					resource.TestCheckResourceAttrSet(res, "create_time"),
					resource.TestCheckResourceAttrSet(res, "username"),
					resource.TestCheckResourceAttrSet(res, "password"),
					e.mockCluster(statusIs("RUNNING")),
				),
			},
			{
				Config: e.providerBlock() + dedicatedConfig(e, name, 2, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(res, "cu_size", "2"),
					resource.TestCheckResourceAttr(res, "status", "RUNNING"),
					e.mockCluster(func(c mockserver.Cluster) error {
						if c.CUSize != 2 || c.Status != "RUNNING" {
							return fmt.Errorf("mock cluster has cuSize %d, status %s; want 2, RUNNING", c.CUSize, c.Status)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:            res,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "username", "timeouts"},
			},
			{
				ResourceName: res,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources[res]
					return rs.Primary.Attributes["region_id"] + "/" + rs.Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "username", "timeouts"},
			},
		},
	})
}

// The mock refuses serverless drops (80021) by default, so this test retires the
// cluster with a removed block, as the docs tell users to; it is mock-only, since
// against the real cloud it would leave the cluster behind. Removed blocks came in
// Terraform 1.7: older CLIs retire it with `terraform state rm`, which
// TestAccClusterResource_dropServerlessRefused proves on every CLI.
func TestAccClusterResource_serverlessLifecycle(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{CreateDuration: 300 * time.Millisecond})
	name := clusterName()
	e.test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock() + serverlessConfig(e, name),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(res, "id", regexp.MustCompile(`^in05-`)),
					resource.TestCheckResourceAttr(res, "plan", "Serverless"),
					resource.TestCheckNoResourceAttr(res, "cu_size"),
					resource.TestCheckNoResourceAttr(res, "cu_type"),
					resource.TestCheckResourceAttr(res, "status", "RUNNING"),
					resource.TestCheckResourceAttrSet(res, "password"),
					e.mockCluster(statusIs("RUNNING")),
				),
			},
			{
				ResourceName:            res,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "username", "timeouts"},
			},
			{
				Config: e.providerBlock() + `
removed {
  from = zilliz_cluster.test
  lifecycle {
    destroy = false
  }
}
`,
				Check: func(*terraform.State) error {
					c, err := e.only(e.region)
					if err != nil {
						return err
					}
					if c.Status != "RUNNING" || e.mock.Count(mockserver.RouteDrop) != 0 {
						return fmt.Errorf("removed block touched the cluster: status %s, %d drops", c.Status, e.mock.Count(mockserver.RouteDrop))
					}
					return nil
				},
			},
		},
	})
}

func hasDiag(ds []acctest.Diagnostic, summary string, details ...string) bool {
	for _, d := range ds {
		if d.Summary != summary {
			continue
		}
		ok := true
		for _, s := range details {
			ok = ok && strings.Contains(d.Detail, s)
		}
		if ok {
			return true
		}
	}
	return false
}

func stateList(c *acctest.CLI) string {
	return strings.TrimSpace(c.MustRun("state", "list").Stdout)
}

func TestAccClusterResource_dropServerlessRefused(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, serverlessConfig(e, clusterName()))

	plan := c.MustRun("plan", "-destroy", "-input=false", "-json")
	if !hasDiag(plan.Warnings(), "Serverless cluster may not be dropped", cl.ClusterID, "may refuse", "80021", "If the drop is accepted") {
		t.Errorf("destroy plan did not warn about serverless cluster %s: %+v", cl.ClusterID, plan.Warnings())
	}

	r := c.Run("destroy", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("destroy of a serverless cluster succeeded:\n%s", r.Output)
	}
	code := serverlessRefusedCode(t)
	if !hasDiag(r.Errors(), "Serverless cluster drop refused", cl.ClusterID, "serverless", "with code "+code,
		"console", "terraform state list -id="+cl.ClusterID, "terraform state rm", "removed") {
		t.Errorf("destroy errors %+v do not name the cluster, code %s and what to do", r.Errors(), code)
	}
	// The plan's warning is short: the how-to is said once, by the refused drop.
	howTo := 0
	for _, d := range r.Diagnostics {
		if strings.Contains(d.Detail, "delete it in the Zilliz Cloud console") {
			howTo++
		}
	}
	if howTo != 1 {
		t.Errorf("the refused destroy printed how to retire the cluster %d times, want once: %+v", howTo, r.Diagnostics)
	}
	if got := stateList(c); got != res {
		t.Errorf("state after refused destroy = %q, want %s", got, res)
	}
	if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "RUNNING" {
		t.Errorf("mock cluster is %s, want RUNNING", now.Status)
	}
	// As the error says: once it is deleted in the console, destroying again
	// finishes, with no state surgery.
	e.mock.DeleteOutOfBand(e.region, cl.ClusterID)
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if got := stateList(c); got != "" {
		t.Errorf("state after the console deletion and destroy = %q, want empty", got)
	}
}

func TestAccClusterResource_dropOtherError(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	config := e.providerBlock() + dedicatedConfig(e, clusterName(), 1, "")
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDrop, HTTPStatus: 401, Code: 80001,
						Message: "The token is illegal"})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to drop cluster.*code 80001: The\s+token\s+is\s+illegal`),
			},
			{
				// Still in state: the same configuration plans no change.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: e.mockCluster(statusIs("RUNNING")),
			},
		},
	})
}

func TestAccClusterResource_outOfBandDeletion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		delete func(m *mockserver.Server, region, id string)
	}{
		{"status DELETED", (*mockserver.Server).DeleteOutOfBand},
		{"describe 80020", (*mockserver.Server).PurgeOutOfBand},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{})
			c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
			tc.delete(e.mock, e.region, cl.ClusterID)

			plan := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode")
			if !strings.Contains(plan.Output, res+" will be created") {
				t.Errorf("plan after out-of-band deletion does not propose re-creation:\n%s", plan.Output)
			}
			c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
			if got := stateList(c); got != "" {
				t.Errorf("state after destroy = %q, want empty", got)
			}
			if n := e.mock.Count(mockserver.RouteDrop); n != 0 {
				t.Errorf("destroy of a cluster already gone sent %d drop requests, want 0", n)
			}
		})
	}
}

// A cluster lives in one region: every call about it goes there, even when the
// provider's default region changes after it was created.
func TestAccClusterResource_regionRouting(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	config := dedicatedConfig(e, name, 1, "") + fmt.Sprintf(`
resource "zilliz_cluster" "elsewhere" {
  cluster_name = %q
  project_id   = %q
  plan         = "Standard"
  cu_size      = 1
  region_id    = %q
}
`, name+"-b", e.projectID, otherRegion)
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			for _, region := range []string{e.region, otherRegion} {
				c, err := e.only(region)
				if err != nil {
					return err
				}
				if c.Status != "DELETED" {
					return fmt.Errorf("cluster %s in %s is %s after destroy", c.ClusterID, region, c.Status)
				}
			}
			for _, r := range e.mock.Requests() {
				if r.Code == 90102 {
					return fmt.Errorf("%s %s went to the wrong region (90102)", r.Method, r.Path)
				}
				if r.ClusterID != "" {
					if c, ok := e.mock.Cluster(r.Region, r.ClusterID); !ok || c.RegionID != r.Region {
						return fmt.Errorf("%s %s addressed cluster %s outside its region", r.Method, r.Path, r.ClusterID)
					}
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock() + config,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(res, "region_id", e.region),
					resource.TestCheckResourceAttr("zilliz_cluster.elsewhere", "region_id", otherRegion),
				),
			},
			{
				Config: e.providerBlockIn("aws-us-east-1") + config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttr(res, "region_id", e.region),
			},
		},
	})
}

// A resize the API accepted but that does not finish within the update timeout
// fails, and state already holds the new size: the next plan waits for the
// resize instead of resending it, and is empty once the cloud has finished.
func TestAccClusterResource_updateTimeout(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{ModifyDuration: time.Minute})
	timeouts := `timeouts {
    update = "2s"
  }`
	name := clusterName()
	c := e.cli(t, dedicatedConfig(e, name, 1, timeouts))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	c.Write(e.withProvider(dedicatedConfig(e, name, 2, timeouts)))
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("apply succeeded although the cluster never finished modifying:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Cluster did not finish modifying", "2s") {
		t.Errorf("apply errors %+v do not say the cluster is still modifying", r.Errors())
	}
	shown := c.MustRun("state", "show", "-no-color", res).Stdout
	for _, want := range []string{`cu_size\s+= 2\n`, `status\s+= "MODIFYING"\n`} {
		if !regexp.MustCompile(want).MatchString(shown) {
			t.Errorf("state after the timed-out resize does not match %s:\n%s", want, shown)
		}
	}
	// While the cloud is still resizing, the next plan finishes the wait and resends nothing.
	plan := c.MustRun("plan", "-input=false", "-no-color").Output
	if !regexp.MustCompile(`status\s+= "MODIFYING" -> \(known after apply\)`).MatchString(plan) || strings.Contains(plan, "cu_size") {
		t.Errorf("plan while the resize is pending does not just wait for it:\n%s", plan)
	}
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}
	e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
	if r := c.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Err != nil {
		t.Errorf("plan after the resize finished is not empty (%v):\n%s", r.Err, r.Output)
	}
}
