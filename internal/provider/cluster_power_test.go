package provider_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

func desired(status string) string { return fmt.Sprintf("desired_status = %q", status) }

// calls checks the mock logged exactly want calls per route (other routes: any).
func (e *accEnv) calls(want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		counts := e.mock.Counts()
		for route, n := range want {
			if counts[route] != n {
				return fmt.Errorf("%d %s calls, want %d (all: %v)", counts[route], route, n, counts)
			}
		}
		return nil
	}
}

var powerCalls = []string{mockserver.RouteSuspend, mockserver.RouteResume, mockserver.RouteModify}

// callsOnly is calls with every power route not named counted as zero.
func (e *accEnv) callsOnly(want map[string]int) resource.TestCheckFunc {
	all := map[string]int{}
	for _, r := range powerCalls {
		all[r] = 0
	}
	for r, n := range want {
		all[r] = n
	}
	return e.calls(all)
}

// Suspend and resume each send exactly one call and wait for the settled
// status; the next plan is empty.
func TestAccClusterPower_suspendResume(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{SuspendDuration: 500 * time.Millisecond, ResumeDuration: 500 * time.Millisecond})
	name := clusterName()
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	// to is the step that takes the cluster to status with one call of route.
	to := func(status, route string) resource.TestStep {
		return resource.TestStep{
			PreConfig: e.mock.ResetLog,
			Config:    e.providerBlock() + dedicatedConfig(e, name, 1, desired(status)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(res, "desired_status", status),
				resource.TestCheckResourceAttr(res, "status", status),
				e.mockCluster(statusIs(status)),
				e.callsOnly(map[string]int{route: 1}),
			),
		}
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.providerBlock() + dedicatedConfig(e, name, 1, desired("RUNNING")), ConfigPlanChecks: empty},
			to("SUSPENDED", mockserver.RouteSuspend),
			to("RUNNING", mockserver.RouteResume),
		},
	})
}

// A cluster configured RUNNING that is suspended out of band shows one
// in-place change, and the apply resumes it; with desired_status unset, an
// out-of-band suspend is no change.
func TestAccClusterPower_outOfBandSuspend(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	suspend := func() {
		c, err := e.only(e.region)
		if err != nil {
			t.Fatal(err)
		}
		e.mock.SuspendOutOfBand(e.region, c.ClusterID)
		e.mock.ResetLog()
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.providerBlock() + dedicatedConfig(e, name, 1, desired("RUNNING"))},
			{
				PreConfig: suspend,
				Config:    e.providerBlock() + dedicatedConfig(e, name, 1, desired("RUNNING")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(res, tfjsonpath.New("desired_status"), knownvalue.StringExact("RUNNING")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.mockCluster(statusIs("RUNNING")),
					e.callsOnly(map[string]int{mockserver.RouteResume: 1}),
				),
			},
			{Config: e.providerBlock() + dedicatedConfig(e, name, 1, "")},
			{
				PreConfig: suspend,
				Config:    e.providerBlock() + dedicatedConfig(e, name, 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(res, "status", "SUSPENDED"),
					resource.TestCheckNoResourceAttr(res, "desired_status"),
					e.mockCluster(statusIs("SUSPENDED")),
					e.callsOnly(nil),
				),
			},
		},
	})
}

// A cluster created SUSPENDED on a service that names the state STOPPED
// settles desired_status = "SUSPENDED" (status STOPPED), and destroy drops it
// like any other cluster.
func TestAccClusterPower_createSuspendedStopped(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{CreateDuration: 300 * time.Millisecond, SuspendDuration: 300 * time.Millisecond,
		DeleteDuration: 300 * time.Millisecond, SuspendedAsStopped: true})
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: func(*terraform.State) error {
			c, err := e.only(e.region)
			if err != nil {
				return err
			}
			if c.Status != "DELETED" || e.mock.Count(mockserver.RouteDrop) != 1 {
				return fmt.Errorf("after destroy the cluster is %s after %d drops, want DELETED after 1", c.Status,
					e.mock.Count(mockserver.RouteDrop))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: e.providerBlock() + dedicatedConfig(e, clusterName(), 1, desired("SUSPENDED")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(res, "desired_status", "SUSPENDED"),
				resource.TestCheckResourceAttr(res, "status", "STOPPED"),
				e.mockCluster(statusIs("STOPPED")),
				e.calls(map[string]int{mockserver.RouteSuspend: 1, mockserver.RouteResume: 0}),
			),
		}},
	})
}

// desired_status = "SUSPENDED" on Serverless or Free fails at plan time,
// naming the attribute, with no API call at all.
func TestAccClusterPower_serverlessRefused(t *testing.T) {
	t.Parallel()
	for _, plan := range []string{"Serverless", "Free"} {
		t.Run(plan, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{})
			c := e.cli(t, fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  cluster_name   = %q
  project_id     = %q
  plan           = %q
  desired_status = "SUSPENDED"
}
`, clusterName(), e.projectID, plan))
			r := c.Run("plan", "-input=false", "-json")
			if r.Err == nil || !hasDiag(r.Errors(), "desired_status not allowed for this plan", "SUSPENDED", plan, "80021") {
				t.Errorf("plan did not refuse desired_status on %s: %v\n%s", plan, r.Err, r.Output)
			}
			if reqs := e.mock.Requests(); len(reqs) != 0 {
				t.Errorf("a plan refused by validation sent %d requests: %+v", len(reqs), reqs)
			}
		})
	}
}

// Resume refused for lack of a payment method: the error says so, and state
// keeps the cluster's real power state, so the next plan shows the change again.
func TestAccClusterPower_resumeNeedsPayment(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{ResumeNeedsPayment: true})
	name := clusterName()
	c := e.cli(t, dedicatedConfig(e, name, 1, desired("SUSPENDED")))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	c.Write(e.withProvider(dedicatedConfig(e, name, 1, desired("RUNNING"))))
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Unable to resume cluster", "80007", "payment method") {
		t.Errorf("resume without a payment method did not say so: %v\n%s", r.Err, r.Output)
	}
	if p := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); !regexp.MustCompile(
		`desired_status\s+= "SUSPENDED" -> "RUNNING"`).MatchString(p.Output) {
		t.Errorf("the plan after the refused resume does not show it again:\n%s", p.Output)
	}
}

// A cu_size change on a suspended cluster resumes it, resizes it and suspends
// it again (warned at plan time); the next plan is empty.
func TestAccClusterPower_resizeSuspended(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{ModifyDuration: 300 * time.Millisecond, SuspendDuration: 300 * time.Millisecond,
		ResumeDuration: 300 * time.Millisecond})
	name := clusterName()
	c := e.cli(t, dedicatedConfig(e, name, 1, desired("SUSPENDED")))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	c.Write(e.withProvider(dedicatedConfig(e, name, 2, desired("SUSPENDED"))))
	e.mock.ResetLog()
	r := c.MustRun("apply", "-auto-approve", "-input=false", "-json")
	if !hasDiag(r.Warnings(), "Suspended cluster resumed for a resize", "suspends it again") {
		t.Errorf("no plan-time warning that the resize resumes the cluster: %+v", r.Warnings())
	}
	var order []string
	for _, q := range e.mock.Requests() {
		switch q.Route {
		case mockserver.RouteSuspend, mockserver.RouteResume, mockserver.RouteModify:
			order = append(order, q.Route)
		}
	}
	if fmt.Sprint(order) != "[resume modify suspend]" {
		t.Errorf("calls %v, want [resume modify suspend]", order)
	}
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Status != "SUSPENDED" || cl.CUSize != 2 {
		t.Errorf("mock cluster is %s with %d CUs, want SUSPENDED with 2", cl.Status, cl.CUSize)
	}
	if p := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); p.Err != nil {
		t.Errorf("plan after the resize is not empty: %v\n%s", p.Err, p.Output)
	}

	// Resize and resume together: resume first (once), then resize; no suspend.
	c.Write(e.withProvider(dedicatedConfig(e, name, 3, desired("RUNNING"))))
	e.mock.ResetLog()
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if counts := e.mock.Counts(); counts[mockserver.RouteResume] != 1 || counts[mockserver.RouteModify] != 1 ||
		counts[mockserver.RouteSuspend] != 0 {
		t.Errorf("resize and resume together: %v", counts)
	}
	if cl, _ := e.only(e.region); cl.Status != "RUNNING" || cl.CUSize != 3 {
		t.Errorf("mock cluster is %s with %d CUs, want RUNNING with 3", cl.Status, cl.CUSize)
	}
}
