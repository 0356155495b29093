package provider_test

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

const replaceWarning = "Replacing a cluster the API may not drop"

// Replacing a Serverless cluster warns at plan time, saying what happens to the
// old cluster if its drop is refused, in both orders.
func TestAccClusterReplace_serverlessWarns(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	c, cl := e.applied(t, serverlessConfig(e, name))

	c.Write(e.withProvider(serverlessConfig(e, name+"-r")))
	r := c.MustRun("plan", "-input=false", "-json")
	if !hasDiag(r.Warnings(), replaceWarning, cl.ClusterID, "cluster_name", "80021", "create_before_destroy", "deposed") {
		t.Errorf("a rename of a serverless cluster did not warn at plan time: %+v", r.Warnings())
	}
	if n := len(r.Warnings()); n != 1 {
		t.Errorf("%d warnings, want 1: %+v", n, r.Warnings())
	}

	// A dedicated cluster's replacement needs no warning.
	c2 := e.cli(t, dedicatedConfig(e, name+"-d", 1, ""))
	c2.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	c2.Write(e.withProvider(dedicatedConfig(e, name+"-e", 1, "")))
	if r := c2.MustRun("plan", "-input=false", "-json"); len(r.Warnings()) != 0 {
		t.Errorf("the replacement of a dedicated cluster warned: %+v", r.Warnings())
	}
}

// With create_before_destroy, a replaced Serverless cluster whose drop is
// refused stays behind as a deposed object: this shows what the warning and
// the docs say about it.
func TestAccClusterReplace_serverlessCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	cbd := func(n string) string {
		return strings.Replace(serverlessConfig(e, n), `plan         = "Serverless"`,
			"plan         = \"Serverless\"\n  lifecycle {\n    create_before_destroy = true\n  }", 1)
	}
	c, old := e.applied(t, cbd(name))
	c.Write(e.withProvider(cbd(name + "-r")))
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Serverless cluster drop refused", old.ClusterID) {
		t.Fatalf("apply did not fail at the refused drop of %s: %v\n%s", old.ClusterID, r.Err, r.Output)
	}
	if n := len(e.mock.Clusters(e.region)); n != 2 {
		t.Errorf("mock holds %d clusters, want the old and the new one", n)
	}
	shown := c.MustRun("show", "-no-color").Stdout
	if !strings.Contains(shown, "deposed") || !strings.Contains(shown, old.ClusterID) {
		t.Errorf("state does not keep the old cluster %s as a deposed object:\n%s", old.ClusterID, shown)
	}
	// Every later apply tries the drop again, and fails.
	if r := c.Run("apply", "-auto-approve", "-input=false", "-json"); r.Err == nil {
		t.Errorf("the next apply succeeded although the deposed cluster cannot be dropped")
	}
	// Once the old cluster is deleted in the console, the next apply finds it
	// gone and forgets it; the new cluster stays.
	e.mock.DeleteOutOfBand(e.region, old.ClusterID)
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if shown := c.MustRun("show", "-no-color").Stdout; strings.Contains(shown, "deposed") || strings.Contains(shown, old.ClusterID) {
		t.Errorf("state still holds the old cluster after it was deleted in the console:\n%s", shown)
	}
	if got := stateList(c); got != res {
		t.Errorf("state = %q, want the new cluster as %s", got, res)
	}
}

// A managed cluster that is DELETING (after an interrupted destroy) or still
// CREATING is a warning at plan time, not a silent "No changes".
func TestAccClusterResource_unsettledWarnings(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
	for _, tc := range []struct{ status, summary, detail string }{
		{"DELETING", "Cluster is being deleted", "recycle bin"},
		{"CREATING", "Cluster is still being created", "CREATING"},
	} {
		e.mock.SetStatus(e.region, cl.ClusterID, tc.status)
		r := c.Run("plan", "-input=false", "-json")
		if !hasDiag(r.Warnings(), tc.summary, cl.ClusterID, tc.detail) {
			t.Errorf("plan of a %s cluster did not warn: %v %+v", tc.status, r.Err, r.Warnings())
		}
	}
	e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
	if r := c.MustRun("plan", "-input=false", "-json"); len(r.Warnings()) != 0 {
		t.Errorf("plan of a RUNNING cluster warned: %+v", r.Warnings())
	}
}

// A managed cluster being deleted (a drop was accepted, here in the console)
// cannot be kept: the plan replaces it, so a drift check fails, and the apply
// waits for the deletion without a second drop, then creates the cluster anew.
// A protected one is left alone, with the warning.
func TestAccClusterResource_deletingIsReplaced(t *testing.T) {
	t.Parallel()
	for _, protected := range []bool{false, true} {
		t.Run(fmt.Sprintf("protected=%v", protected), func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{})
			extra := ""
			if protected {
				extra = "deletion_protection = true"
			}
			c, old := e.applied(t, dedicatedConfig(e, clusterName(), 1, extra))
			e.mock.SetStatusFor(e.region, old.ClusterID, "DELETING", 1500*time.Millisecond, "DELETED")
			e.mock.ResetLog()

			plan := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode")
			var exit *exec.ExitError
			changes := errors.As(plan.Err, &exit) && exit.ExitCode() == 2
			if changes != !protected {
				t.Fatalf("plan of a DELETING cluster (protected %v): changes %v, want %v (%v):\n%s",
					protected, changes, !protected, plan.Err, plan.Output)
			}
			if !strings.Contains(plan.Output, "Cluster is being deleted") {
				t.Errorf("the plan does not warn that the cluster is being deleted:\n%s", plan.Output)
			}
			if protected {
				return
			}
			if !strings.Contains(plan.Output, "must be replaced") {
				t.Errorf("the plan does not replace the cluster:\n%s", plan.Output)
			}
			c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
			if n := drops(e); n != 0 {
				t.Errorf("%d drop requests for a cluster already DELETING", n)
			}
			if got, _ := e.mock.Cluster(e.region, old.ClusterID); got.Status != "DELETED" {
				t.Errorf("the old cluster is %s after the replacement, want DELETED", got.Status)
			}
			var live []string
			for _, cl := range e.mock.Clusters(e.region) {
				if cl.Status != "DELETED" {
					live = append(live, cl.ClusterID+" "+cl.Status)
				}
			}
			if len(live) != 1 || strings.HasPrefix(live[0], old.ClusterID) || !strings.HasSuffix(live[0], "RUNNING") {
				t.Errorf("after the apply the live clusters are %v, want one new cluster RUNNING", live)
			}
			requireStateMatchesMock(t, e, c)
			if r := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); r.Err != nil {
				t.Errorf("plan after the replacement is not empty (%v):\n%s", r.Err, r.Output)
			}
		})
	}
}

// A replacement planned while the cluster was DELETING, applied once it is
// alive again (restored, or planned from a stale state), drops nothing: the
// plan asked to wait out a deletion, not to drop a live cluster.
func TestAccClusterResource_deletingReplacementAliveAgain(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
	e.mock.SetStatus(e.region, cl.ClusterID, "DELETING")
	c.MustRun("plan", "-input=false", "-no-color", "-out=replace.tfplan")
	e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
	e.mock.ResetLog()

	r := c.Run("apply", "-input=false", "-json", "replace.tfplan")
	if r.Err == nil || !hasDiag(r.Errors(), "Cluster alive again", cl.ClusterID, "RUNNING", "Nothing was dropped") {
		t.Errorf("apply of the planned replacement: error %v, diagnostics %+v", r.Err, r.Diagnostics)
	}
	if n := drops(e); n != 0 {
		t.Errorf("%d drop requests for a cluster the plan saw DELETING", n)
	}
	if n := e.mock.Count(mockserver.RouteCreate); n != 0 {
		t.Errorf("%d create requests after the refused delete", n)
	}
	if got, _ := e.mock.Cluster(e.region, cl.ClusterID); got.Status != "RUNNING" {
		t.Errorf("the cluster is %s, want RUNNING", got.Status)
	}
	requireStateMatchesMock(t, e, c)
}
