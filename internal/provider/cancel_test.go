package provider_test

import (
	"os"
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
	e := newMockEnv(t, mockserver.Config{CreateDuration: 10 * time.Minute})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, ""))

	// Create: interrupt while waiting for RUNNING.
	took, r := interruptWhen(t, c, func() bool { return e.mock.Count(mockserver.RouteDescribe) >= 1 },
		"apply", "-auto-approve", "-input=false", "-json")
	t.Logf("apply returned %s after SIGINT", took.Round(time.Millisecond))
	if took > interruptBudget {
		t.Errorf("apply returned %s after SIGINT, want within %s", took, interruptBudget)
	}
	if r.Err == nil {
		t.Errorf("interrupted apply reported success:\n%s", r.Output)
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
	if st[0].Status != "tainted" {
		t.Errorf("interrupted create left the instance %q, want tainted (replaced by the next apply)", st[0].Status)
	}
	if st[0].str("password") == "" {
		t.Error("the password of the interrupted create was not kept in state")
	}
	requireStateMatchesMock(t, e, c)

	// Delete: the cluster is running; interrupt while waiting for DELETED.
	e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
	e.mock.SetDurations(0, 0, 10*time.Minute)
	took, r = interruptWhen(t, c, func() bool { return e.mock.Count(mockserver.RouteDrop) >= 1 },
		"destroy", "-auto-approve", "-input=false", "-json")
	t.Logf("destroy returned %s after SIGINT", took.Round(time.Millisecond))
	if took > interruptBudget {
		t.Errorf("destroy returned %s after SIGINT, want within %s", took, interruptBudget)
	}
	if r.Err == nil {
		t.Errorf("interrupted destroy reported success:\n%s", r.Output)
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

// interruptWhen starts terraform, sends SIGINT once ready() holds (and the
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
	time.Sleep(300 * time.Millisecond) // well inside the wait
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
