package provider_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// interruptBudget is how soon terraform must return after SIGINT during a wait.
const interruptBudget = 5 * time.Second

// Interrupting terraform while it waits for a cluster to be created or deleted
// returns within seconds, and the state still matches the mock: the cluster that
// exists is recorded (tainted after an interrupted create), and an interrupted
// destroy keeps it in state while it is still being deleted.
func TestAccCancel_interruptDuringWaits(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{CreateDuration: 10 * time.Minute})
	name := clusterName()
	c := e.cli(t, dedicatedConfig(e, name, 1, ""))

	// Create: interrupt while waiting for RUNNING.
	took, r := interruptWhen(t, c, lookedAfter(e, mockserver.RouteCreate),
		"apply", "-auto-approve", "-input=false", "-json")
	t.Logf("apply returned %s after SIGINT", took.Round(time.Millisecond))
	if took > interruptBudget {
		t.Errorf("apply returned %s after SIGINT, want within %s", took, interruptBudget)
	}
	t.Logf("interrupted apply: err %v, diagnostics %+v", r.Err, r.Diagnostics)
	if !hasDiag(r.Warnings(), "Cluster created but not running yet", "was interrupted", "CREATING", "not tainted") {
		t.Errorf("interrupted create did not warn that the cluster is recorded, not running yet: %+v", r.Diagnostics)
	}
	if strings.Contains(r.Output, "timeouts.") || strings.Contains(r.Output, "within 30m") {
		t.Errorf("interrupted create is reported as a timeout:\n%s", r.Output)
	}
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Status != "CREATING" {
		t.Errorf("mock cluster is %s, want still CREATING", cl.Status)
	}
	st := readState(t, c)
	if len(st) != 1 || st[0].str("id") != cl.ClusterID {
		t.Fatalf("state after interrupted create = %+v, want cluster %s", st, cl.ClusterID)
	}
	if st[0].Status == "tainted" {
		t.Error("interrupted create left the cluster tainted: the next apply would drop it and create another")
	}
	if st[0].str("status") != "CREATING" || st[0].str("connect_address") != cl.ConnectAddress {
		t.Errorf("state after interrupted create: status %q, connect_address %q; want CREATING, %q (as last seen)",
			st[0].str("status"), st[0].str("connect_address"), cl.ConnectAddress)
	}
	if st[0].str("password") == "" {
		t.Error("the password of the interrupted create was not kept in state")
	}
	requireStateMatchesMock(t, e, c)

	// The next apply finishes the wait in place: same cluster, no new create, no drop.
	e.mock.SetDurations(500*time.Millisecond, 0, 0)
	e.mock.SetStatus(e.region, cl.ClusterID, "CREATING")
	plan := c.MustRun("plan", "-input=false", "-no-color")
	if !strings.Contains(plan.Output, "1 to change, 0 to destroy") || !strings.Contains(plan.Output, "(known after apply)") {
		t.Errorf("plan after the interrupted create does not finish the wait in place:\n%s", plan.Output)
	}
	e.mock.SetStatusFor(e.region, cl.ClusterID, "CREATING", time.Second, "RUNNING")
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if st := readState(t, c); len(st) != 1 || st[0].str("id") != cl.ClusterID || st[0].str("status") != "RUNNING" {
		t.Errorf("state after the finishing apply = %+v, want cluster %s RUNNING", st, cl.ClusterID)
	}
	if n := e.mock.Count(mockserver.RouteCreate) + e.mock.Count(mockserver.RouteDrop); n != 1 {
		t.Errorf("%d create and drop requests in all, want the 1 create", n)
	}
	if r := c.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Err != nil {
		t.Errorf("plan once the cluster runs is not empty (%v):\n%s", r.Err, r.Output)
	}
	requireStateMatchesMock(t, e, c)

	// Update: interrupt while waiting for a resize to finish.
	e.mock.SetDurations(0, 10*time.Minute, 0)
	e.rewrite(c, dedicatedConfig(e, name, 2, ""))
	took, r = interruptWhen(t, c, lookedAfter(e, mockserver.RouteModify),
		"apply", "-auto-approve", "-input=false", "-json")
	if took > interruptBudget {
		t.Errorf("resize returned %s after SIGINT, want within %s", took, interruptBudget)
	}
	if !hasDiag(r.Errors(), "Cluster wait interrupted", cl.ClusterID, "interrupted", "MODIFYING") ||
		strings.Contains(r.Output, "timeouts.update") {
		t.Errorf("interrupted resize is not reported as interrupted: %+v", r.Errors())
	}
	if st := readState(t, c); len(st) != 1 || st[0].str("status") != "MODIFYING" {
		t.Errorf("state after the interrupted resize = %+v, want the cluster MODIFYING", st)
	}
	requireStateMatchesMock(t, e, c)

	// Delete: the cluster is running; interrupt while waiting for DELETED.
	e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
	e.mock.SetDurations(0, 0, 10*time.Minute)
	took, r = interruptWhen(t, c, lookedAfter(e, mockserver.RouteDrop),
		"destroy", "-auto-approve", "-input=false", "-json")
	t.Logf("destroy returned %s after SIGINT", took.Round(time.Millisecond))
	if took > interruptBudget {
		t.Errorf("destroy returned %s after SIGINT, want within %s", took, interruptBudget)
	}
	if r.Err == nil {
		t.Errorf("interrupted destroy reported success:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Cluster deletion interrupted", cl.ClusterID, "interrupted") || strings.Contains(r.Output, "timeouts.delete") {
		t.Errorf("interrupted destroy is not reported as interrupted: %+v", r.Errors())
	}
	if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "DELETING" {
		t.Errorf("mock cluster is %s, want DELETING", now.Status)
	}
	if st := readState(t, c); len(st) != 1 || st[0].str("id") != cl.ClusterID {
		t.Errorf("state after interrupted destroy = %+v, want cluster %s still there (it still exists)", st, cl.ClusterID)
	}
	requireStateMatchesMock(t, e, c)

	// Once the cloud has finished, destroy completes.
	e.mock.SetStatus(e.region, cl.ClusterID, "DELETED")
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	requireStateMatchesMock(t, e, c)
}

// lookedAfter holds once the mock has been asked about a cluster (a describe or
// a list page) after the first request of route: the provider has had the
// operation's answer and is inside its wait.
func lookedAfter(e *accEnv, route string) func() bool {
	return func() bool {
		sent := false
		reqs := e.mock.Requests()
		for i := range reqs {
			switch r := reqs[i].Route; {
			case r == route:
				sent = true
			case sent && (r == mockserver.RouteDescribe || r == mockserver.RouteList):
				return true
			}
		}
		return false
	}
}

// interruptWhen starts terraform, sends SIGINT once ready() holds (the
// provider is inside its wait), and returns how long terraform took to exit after it.
func interruptWhen(t *testing.T, c *acctest.CLI, ready func() bool, args ...string) (time.Duration, acctest.Result) {
	t.Helper()
	p := c.Start(args...)
	deadline := time.Now().Add(60 * time.Second)
	for !ready() {
		select {
		case <-p.Done():
			r := p.Wait()
			t.Fatalf("terraform %v ended before the wait began: %v\n%s", args, r.Err, r.Output)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("terraform %v never reached the wait", args)
		}
	}
	sent := time.Now()
	if err := p.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(30 * time.Second):
		t.Fatalf("terraform %v still running 30s after SIGINT", args)
	}
	return time.Since(sent), p.Wait()
}
