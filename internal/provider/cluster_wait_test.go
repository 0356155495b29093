package provider_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// A resize planned while the refreshed status is not RUNNING applies cleanly:
// the plan leaves status to the apply, which waits, instead of promising the
// old status and then writing RUNNING ("Provider produced inconsistent result").
func TestAccClusterResource_resizeWhileNotRunning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		before func(e *accEnv, id string)
	}{
		// An earlier resize timed out: state and the cloud say MODIFYING.
		{"after a timed-out resize", nil},
		// Someone else changed the cluster: the refresh sees another status.
		{"status changed out of band", func(e *accEnv, id string) { e.mock.SetStatus(e.region, id, "RESUMING") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{ModifyDuration: time.Minute})
			timeouts := `timeouts {
    update = "2s"
  }`
			name := clusterName()
			c, cl := e.applied(t, dedicatedConfig(e, name, 1, timeouts))
			if tc.before == nil {
				e.rewrite(c, dedicatedConfig(e, name, 2, timeouts))
				if r := c.Run("apply", "-auto-approve", "-input=false", "-no-color"); r.Err == nil {
					t.Fatalf("the resize that cannot finish in 2s succeeded:\n%s", r.Output)
				}
			} else {
				tc.before(e, cl.ClusterID)
			}
			e.mock.SetDurations(0, 300*time.Millisecond, 0)
			e.rewrite(c, dedicatedConfig(e, name, 3, timeouts))
			r := c.Run("apply", "-auto-approve", "-input=false", "-no-color")
			if r.Err != nil {
				t.Fatalf("resize while the cluster was not RUNNING failed: %v\n%s", r.Err, r.Output)
			}
			shown := c.MustRun("state", "show", "-no-color", res).Stdout
			for _, want := range []string{`cu_size\s+= 3\n`, `status\s+= "RUNNING"\n`} {
				if !regexp.MustCompile(want).MatchString(shown) {
					t.Errorf("state after the resize does not match %s:\n%s", want, shown)
				}
			}
			if r := c.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Err != nil {
				t.Errorf("plan after the resize is not empty (%v):\n%s", r.Err, r.Output)
			}
			requireStateMatchesMock(t, e, c)
		})
	}
}

// A create whose wait times out keeps the cluster, untainted, with a warning:
// the next apply finishes the wait in place (a dedicated cluster still
// creating) or changes nothing (a serverless one that came up meanwhile). It
// never drops the cluster to create another, which for a serverless cluster
// could not even be done.
func TestAccClusterResource_createTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, plan string
		finish     bool // the next apply finishes the wait; else the cluster is running by then
	}{
		{"Standard", "Standard", true},
		{"Serverless", "Serverless", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{CreateDuration: time.Minute})
			timeouts := `timeouts {
    create = "2s"
  }`
			config := dedicatedConfig(e, clusterName(), 1, timeouts)
			if tc.plan == "Serverless" {
				config = strings.Replace(serverlessConfig(e, clusterName()), "}\n", timeouts+"\n}\n", 1)
			}
			c := e.cli(t, config)
			r := c.Run("apply", "-auto-approve", "-input=false", "-json")
			if r.Err != nil {
				t.Fatalf("timed-out create failed the apply (and so tainted the cluster): %v\n%s", r.Err, r.Output)
			}
			cl, err := e.only(e.region)
			if err != nil {
				t.Fatal(err)
			}
			if !hasDiag(r.Warnings(), "Cluster created but not running yet", cl.ClusterID, "timed out after 2s",
				"CREATING", "not tainted", "next apply") {
				t.Errorf("timed-out create did not warn that the cluster is recorded and not running yet: %+v", r.Diagnostics)
			}
			st := readState(t, c)
			if len(st) != 1 || st[0].Status == "tainted" || st[0].str("status") != "CREATING" {
				t.Fatalf("state after the timed-out create = %+v, want cluster %s untainted, CREATING", st, cl.ClusterID)
			}

			if tc.finish {
				e.mock.SetStatusFor(e.region, cl.ClusterID, "CREATING", time.Second, "RUNNING") // still creating, for a second more
				r = c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
				if !strings.Contains(r.Output, "0 added, 1 changed, 0 destroyed") {
					t.Errorf("the apply after the timed-out create did not finish the wait in place:\n%s", r.Output)
				}
			} else {
				e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
				r = c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
				if !strings.Contains(r.Output, "No changes.") {
					t.Errorf("the apply after the cluster came up was not empty:\n%s", r.Output)
				}
			}
			if st := readState(t, c); len(st) != 1 || st[0].str("id") != cl.ClusterID || st[0].str("status") != "RUNNING" {
				t.Errorf("state after the next apply = %+v, want cluster %s RUNNING", st, cl.ClusterID)
			}
			if n := e.mock.Count(mockserver.RouteCreate) + e.mock.Count(mockserver.RouteCreateServerless) +
				e.mock.Count(mockserver.RouteDrop); n != 1 {
				t.Errorf("%d create and drop requests in all, want the 1 create", n)
			}
			requireStateMatchesMock(t, e, c)
		})
	}
}

// A gateway that answers 502 to 30 looks in a row (each look's own retries
// spent several times over) does not end a destroy's wait: transient failures
// are transient for the wait's whole timeout. The destroy ends once the
// cluster is DELETED, with one drop.
func TestAccClusterResource_waitOutlastsTransientFailures(t *testing.T) {
	t.Parallel()
	const failures = 30
	e := newMockEnv(t, mockserver.Config{DeleteDuration: 2 * time.Second})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
	e.mock.ResetLog()
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, ClusterID: cl.ClusterID,
		HTTPStatus: 502, Body: ptr(""), Times: failures})
	r := c.Run("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")
	if r.Err != nil {
		t.Fatalf("destroy gave up on %d x 502: %v\n%s", failures, r.Err, errorText(r))
	}
	if got := faultsAnswered(e.mock.Requests()); got["HTTP 502"] != failures {
		t.Errorf("faults answered %v, want %d x 502", got, failures)
	}
	if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "DELETED" {
		t.Errorf("mock cluster is %s, want DELETED", now.Status)
	}
	if got := stateList(c); got != "" {
		t.Errorf("state after destroy = %q, want empty", got)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 1 {
		t.Errorf("%d drop requests, want 1", n)
	}
}

// A resize (MODIFYING) or a re-creation (CREATING) someone else started, seen by
// a refresh, is no change: drift checks with `plan -detailed-exitcode` must not
// fail while someone operates on the cluster in the console. Only this
// provider's own unfinished wait plans an update (TestAccClusterResource_createTimeout).
func TestAccClusterResource_outOfBandTransitionIsNoDiff(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"MODIFYING", "CREATING"} {
		t.Run(status, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{})
			c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
			e.mock.SetStatus(e.region, cl.ClusterID, status)
			if r := c.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Err != nil {
				t.Errorf("plan while the cluster is %s out of band is not empty (%v):\n%s", status, r.Err, r.Output)
			}
		})
	}
}
