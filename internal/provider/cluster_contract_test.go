package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// The tests in this file prove the provider against the variants of the v1 wire
// contract where its sources disagree, each served by the mock on request.

// requestsTo returns the logged requests of one route.
func requestsTo(m *mockserver.Server, route string) []mockserver.Request {
	var out []mockserver.Request
	all := m.Requests()
	for i := range all {
		if all[i].Route == route {
			out = append(out, all[i])
		}
	}
	return out
}

// Serverless and Free clusters are created with the plan capitalised as the API's
// enum has it, and a serverless drop that the API accepts is waited for like any
// other: the destroy returns once the clusters are DELETED.
func TestAccClusterResource_serverlessCreateAndAcceptedDrop(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{AcceptServerlessDrop: true, CreateDuration: 300 * time.Millisecond,
		DeleteDuration: 600 * time.Millisecond})
	name := clusterName()
	config := e.providerBlock() + fmt.Sprintf(`
resource "zilliz_cluster" "serverless" {
  cluster_name = "%[1]s-s"
  project_id   = %[2]q
  plan         = "Serverless"
}

resource "zilliz_cluster" "free" {
  cluster_name = "%[1]s-f"
  project_id   = %[2]q
  plan         = "Free"
}
`, name, e.projectID)
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			for _, c := range e.mock.Clusters(e.region) {
				if c.Status != "DELETED" {
					return fmt.Errorf("destroy returned while %s (%s) was %s", c.ClusterID, c.Plan, c.Status)
				}
			}
			if n := len(requestsTo(e.mock, mockserver.RouteDrop)); n != 2 {
				return fmt.Errorf("%d drop requests, want 2", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestMatchResourceAttr("zilliz_cluster.serverless", "id", regexp.MustCompile(`^in05-`)),
				resource.TestMatchResourceAttr("zilliz_cluster.free", "id", regexp.MustCompile(`^in03-`)),
				func(*terraform.State) error {
					if e.apiVersion == zilliz.APIVersionV2 { // an endpoint per plan, with the region in the body
						s, f := requestsTo(e.mock, mockserver.RouteCreateServerless), requestsTo(e.mock, mockserver.RouteCreateFree)
						if len(s) != 1 || len(f) != 1 || !strings.Contains(s[0].Body, `"regionId":"`+e.region+`"`) ||
							!strings.Contains(f[0].Body, `"regionId":"`+e.region+`"`) {
							return fmt.Errorf("v2 creates: createServerless %v, createFree %v", s, f)
						}
						return nil
					}
					var plans []string
					for _, r := range requestsTo(e.mock, mockserver.RouteCreateServerless) {
						plans = append(plans, r.Body)
					}
					body := strings.Join(plans, "\n")
					if len(plans) != 2 || !strings.Contains(body, `"plan":"Serverless"`) || !strings.Contains(body, `"plan":"Free"`) {
						return fmt.Errorf("createServerless bodies:\n%s\nwant one with \"Serverless\" and one with \"Free\"", body)
					}
					return nil
				},
			),
		}},
	})
}

// A create that ends ABNORMAL fails the apply at once, not at its timeout, naming
// the status; the cluster exists, so it is in state, tainted.
func TestAccClusterResource_createEndsAbnormal(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{CreateDuration: 300 * time.Millisecond,
		Outcomes: map[string]string{mockserver.OpCreate: "ABNORMAL"}})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, "timeouts {\n    create = \"30m\"\n  }"))
	start := time.Now()
	r := c.Run("apply", "-auto-approve", "-input=false", "-no-color", "-json")
	took := time.Since(start)
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster failed while being created", "ABNORMAL", "tainted") {
		t.Fatalf("apply of a create that ends ABNORMAL: err %v, diagnostics %+v", r.Err, r.Diagnostics)
	}
	// Structural, not a timing assertion: the wait ended on the status, far inside its 30-minute timeout.
	if took > 5*time.Minute {
		t.Errorf("the apply took %s: the wait ran on after ABNORMAL", took)
	}
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}
	st := readState(t, c)
	if len(st) != 1 || st[0].str("id") != cl.ClusterID || st[0].Status != "tainted" || st[0].str("status") != "ABNORMAL" {
		t.Fatalf("state %+v, want %s recorded ABNORMAL and tainted", st, cl.ClusterID)
	}
	// A plan says what it is, beside the replacement the taint plans; and so
	// it does for a cluster that fails later, untainted.
	p := c.Run("plan", "-input=false", "-json")
	if !hasDiag(p.Warnings(), "Cluster is ABNORMAL", cl.ClusterID, "broken") {
		t.Errorf("plan warnings %+v do not say cluster %s is ABNORMAL", p.Warnings(), cl.ClusterID)
	}
	c.MustRun("untaint", res)
	p = c.Run("plan", "-input=false", "-json")
	if !hasDiag(p.Warnings(), "Cluster is ABNORMAL", cl.ClusterID, "broken") {
		t.Errorf("plan warnings %+v of the untainted cluster do not say %s is ABNORMAL", p.Warnings(), cl.ClusterID)
	}
}

// FROZEN during a modify's wait or a delete's wait ends it at once, naming the
// status; the cluster stays in state.
func TestAccClusterResource_frozenDuringModifyAndDelete(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{ModifyDuration: 300 * time.Millisecond, DeleteDuration: 300 * time.Millisecond})
	name := clusterName()
	c, cl := e.applied(t, dedicatedConfig(e, name, 1, ""))

	e.mock.SetOutcome(mockserver.OpModify, "FROZEN")
	e.rewrite(c, dedicatedConfig(e, name, 2, ""))
	r := c.Run("apply", "-auto-approve", "-input=false", "-no-color", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster failed while being modified", cl.ClusterID, "FROZEN") {
		t.Fatalf("apply whose modify ends FROZEN: err %v, diagnostics %+v", r.Err, r.Diagnostics)
	}

	e.mock.SetOutcome(mockserver.OpModify, "")
	e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
	e.mock.SetOutcome(mockserver.OpDelete, "FROZEN")
	r = c.Run("destroy", "-auto-approve", "-input=false", "-no-color", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster failed while being deleted", cl.ClusterID, "FROZEN") {
		t.Fatalf("destroy whose drop ends FROZEN: err %v, diagnostics %+v", r.Err, r.Diagnostics)
	}
	if got := stateList(c); got != "zilliz_cluster.test" {
		t.Errorf("state after the failed destroy = %q, want the cluster kept", got)
	}
}

// A taken name (80010 on v1, 96017 on v2, 40013 as the live v2 answers) fails with one create call, an
// error that names the cluster name and the import command with the existing
// cluster's id, and nothing adopted into state.
func TestAccClusterResource_nameTaken(t *testing.T) {
	t.Parallel()
	for _, code := range []int{80010, 40013} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{NameExistsCode: code})
			name := clusterName()
			existing := e.mock.AddCluster(mockserver.Cluster{ClusterName: name, RegionID: e.region, ProjectID: e.projectID})
			c := e.cli(t, dedicatedConfig(e, name, 1, ""))
			r := c.Run("apply", "-auto-approve", "-input=false", "-no-color", "-json")
			importCmd := "terraform import <address> " + e.region + "/" + existing.ClusterID
			want := code
			if code == 80010 {
				want = e.code(80010, 96017) // v2's own code; 40013 is answered on both
			}
			if r.Err == nil || !hasDiag(r.Errors(), "Unable to create cluster", fmt.Sprint(want), name, importCmd) {
				t.Fatalf("apply with a taken name: err %v, diagnostics %+v", r.Err, r.Diagnostics)
			}
			if n := e.mock.Count(mockserver.RouteCreate); n != 1 {
				t.Errorf("%d create calls, want 1", n)
			}
			if got := stateList(c); got != "" {
				t.Errorf("state = %q, want nothing adopted", got)
			}
		})
	}
}

// A name held by a cluster that is being deleted is said to be so: wait, or
// choose another name; importing a dying cluster is not proposed.
func TestAccClusterResource_nameTakenByDeletingCluster(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	dying := e.mock.AddCluster(mockserver.Cluster{ClusterName: name, RegionID: e.region, ProjectID: e.projectID, Status: "DELETING"})
	c := e.cli(t, dedicatedConfig(e, name, 1, ""))
	r := c.Run("apply", "-auto-approve", "-input=false", "-no-color", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Unable to create cluster", fmt.Sprint(e.code(80010, 96017)), dying.ClusterID, "DELETING", "Wait until it is gone",
		"another cluster_name") {
		t.Fatalf("apply with a name held by a DELETING cluster: err %v, diagnostics %+v", r.Err, r.Diagnostics)
	}
	if hasDiag(r.Errors(), "Unable to create cluster", "terraform import") {
		t.Errorf("the error proposes importing a cluster that is being deleted: %+v", r.Errors())
	}
}

// A refresh of 150 clusters (two list pages) reads them from shared list pages
// instead of a describe each, and still sees every cluster as it is: one deleted
// behind Terraform's back is planned for re-creation, one resized for an update,
// one on each page, whichever page parameter the API reads.
func TestAccClusterResource_refreshTwoPagesEitherPageParameter(t *testing.T) {
	t.Parallel()
	const n = 150
	for _, param := range []string{"current", "currentPage"} {
		t.Run(param, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{PageParam: param, Latency: 20 * time.Millisecond})
			c := e.cli(t, clustersConfig(e, "many", n))
			c.MustRun("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20")
			byName := map[string]string{}
			for _, cl := range e.mock.Clusters(e.region) {
				byName[cl.ClusterName] = cl.ClusterID
			}
			// One drift on each page, so both pages must have been read right.
			e.mock.DeleteOutOfBand(e.region, byName["many-3"])
			e.mock.SetCUSize(e.region, byName["many-140"], 4)
			e.mock.ResetLog()

			plan := c.Run("plan", "-input=false", "-no-color", "-parallelism=20")
			for _, want := range []string{
				"zilliz_cluster.many[3] will be created",
				"zilliz_cluster.many[140] will be updated in-place",
				"Plan: 1 to add, 1 to change, 0 to destroy.",
			} {
				if !strings.Contains(plan.Output, want) {
					t.Errorf("plan after drift does not say %q:\n%s", want, plan.Output)
				}
			}
			counts := e.mock.Counts()
			calls := counts[mockserver.RouteList] + counts[mockserver.RouteDescribe]
			t.Logf("refresh of %d clusters, page parameter %s: %v", n, param, counts)
			// Two pages make a listing; a refresh longer than a listing's life
			// (listing.MaxAge) may need another, and the lone first read a describe.
			if calls > n/15 {
				t.Errorf("refresh of %d clusters took %d calls (%v), want at most %d", n, calls, counts, n/15)
			}
			for _, r := range requestsTo(e.mock, mockserver.RouteList) {
				switch e.apiVersion {
				case zilliz.APIVersionV2: // one name for the page, and the region filter
					if strings.Contains(r.Query, "current=") || !strings.Contains(r.Query, "currentPage=") ||
						!strings.Contains(r.Query, "region="+e.region) {
						t.Errorf("v2 list query %q: want currentPage and region only", r.Query)
					}
				default:
					if !strings.Contains(r.Query, "current=") || !strings.Contains(r.Query, "currentPage=") {
						t.Errorf("list query %q does not carry both page parameters", r.Query)
					}
				}
			}
		})
	}
}

// The whole lifecycle against an API that answers success with code 0.
func TestAccClusterResource_lifecycleSuccessCodeZero(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{SuccessCodeZero: true, CreateDuration: 300 * time.Millisecond,
		ModifyDuration: 300 * time.Millisecond, DeleteDuration: 300 * time.Millisecond})
	name := clusterName()
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			c, err := e.only(e.region)
			if err != nil {
				return err
			}
			if c.Status != "DELETED" {
				return fmt.Errorf("destroy returned while the cluster was %s", c.Status)
			}
			for _, r := range e.mock.Requests() {
				if r.Code != 0 {
					return fmt.Errorf("%s answered code %d; every answer of this run should be a success with code 0", r.Route, r.Code)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.providerBlock() + dedicatedConfig(e, name, 1, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(res, "status", "RUNNING"),
					resource.TestCheckResourceAttrSet(res, "password"),
				),
			},
			{
				Config: e.providerBlock() + dedicatedConfig(e, name, 2, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttr(res, "cu_size", "2"),
			},
			{
				ResourceName:            res,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "username", "timeouts"},
			},
		},
	})
}
