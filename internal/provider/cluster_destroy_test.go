package provider_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// A destroy whose wait timed out leaves the cluster DELETING. Destroying again,
// as the error advises, must wait for it without a second drop and keep it in
// state until it is gone: the live answer to a drop of a DELETING cluster is not
// known, and "already gone" would forget a cluster that is still there (and whose
// name the next apply could not take).
func TestAccClusterResource_destroyAgainWhileDeleting(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{DeleteDuration: time.Hour})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, `timeouts {
    delete = "2s"
  }`))
	start := time.Now()
	r := c.Run("destroy", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("destroy succeeded although the cluster was still deleting:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Cluster not deleted in time", cl.ClusterID, "DELETING", "2s") {
		t.Errorf("destroy errors %+v do not say the cluster is still deleting", r.Errors())
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("destroy took %s with a 2s delete timeout", took)
	}
	if got := stateList(c); got != res {
		t.Errorf("state after the timed-out destroy = %q, want %s", got, res)
	}

	// Again, while it is still deleting: the same timeout, no second drop, still in state.
	r = c.Run("destroy", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("second destroy succeeded while the cluster is still DELETING:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Cluster not deleted in time", cl.ClusterID, "already being deleted", "no second drop") {
		t.Errorf("second destroy's errors %+v do not say it waited for a cluster already being deleted", r.Errors())
	}
	if hasDiag(r.Warnings(), "Cluster already gone") {
		t.Errorf("a DELETING cluster was reported gone: %+v", r.Warnings())
	}
	st := readState(t, c)
	if len(st) != 1 || st[0].str("id") != cl.ClusterID || st[0].str("status") != "DELETING" {
		t.Fatalf("state after the second destroy = %+v, want cluster %s, DELETING", st, cl.ClusterID)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 1 {
		t.Errorf("%d drop requests, want 1: a DELETING cluster gets no second drop", n)
	}

	// The third destroy sees it end, and only then forgets it.
	e.mock.SetStatusFor(e.region, cl.ClusterID, "DELETING", time.Second, "DELETED")
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if got := stateList(c); got != "" {
		t.Errorf("state after the destroy that saw the end = %q, want empty", got)
	}
	if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "DELETED" {
		t.Errorf("mock cluster is %s after destroy, want DELETED", now.Status)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 1 {
		t.Errorf("%d drop requests in all, want 1", n)
	}
}

// The answer to a drop of a DELETING cluster is not documented: 80020, another
// code, or acceptance. When the look before the drop was out of date (it saw
// the cluster RUNNING), the drop goes out; whatever it answers, the cluster is
// looked at again and waited for, and it leaves state only once it is DELETED.
func TestAccClusterResource_dropOfDeletingCluster(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		code int // Config.DropDeletingCode
	}{
		{"80020", 0},
		{"accepted again", 200},
		{"other code 80000", 80000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{DropDeletingCode: tc.code})
			c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
			// Someone else's drop is under way; the state still says RUNNING, and
			// the one look before the drop answers from before it.
			e.mock.SetStatusFor(e.region, cl.ClusterID, "DELETING", 1500*time.Millisecond, "DELETED")
			e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, ClusterID: cl.ClusterID,
				HTTPStatus: 200, Body: ptr(describeBody(t, cl))})

			r := c.Run("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")
			now, _ := e.mock.Cluster(e.region, cl.ClusterID)
			if r.Err != nil {
				t.Fatalf("destroy failed: %v\n%s", r.Err, errorText(r))
			}
			if now.Status != "DELETED" {
				t.Errorf("destroy ended while the cluster was %s: it left state before it was gone", now.Status)
			}
			if hasDiag(r.Warnings(), "Cluster already gone") {
				t.Errorf("a DELETING cluster was reported gone: %+v", r.Warnings())
			}
			if got := stateList(c); got != "" {
				t.Errorf("state after destroy = %q, want empty", got)
			}
			if n := e.mock.Count(mockserver.RouteDrop); n != 1 {
				t.Errorf("%d drop requests, want 1", n)
			}
		})
	}
}

// describeBody is a describe's success envelope for c, as the mock would have
// answered it before c's status changed.
func describeBody(t *testing.T, c mockserver.Cluster) string {
	t.Helper()
	c.Status = "RUNNING"
	b, err := json.Marshal(map[string]any{"code": 200, "data": c})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A drop answered "not found" (80020 or 90102) while a look shows the cluster
// still there is not a cluster gone: the destroy fails and keeps it. Only a
// cluster that describe, the project list and the region's list agree is gone
// is forgotten, with a warning that says why.
func TestAccClusterResource_dropAlreadyGone(t *testing.T) {
	t.Parallel()
	for _, code := range []int{90102, 80020} {
		t.Run(fmt.Sprintf("%d while running", code), func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{})
			c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
			e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDrop, Code: code, Message: "gone behind your back"})
			r := c.Run("destroy", "-auto-approve", "-input=false", "-json")
			if r.Err == nil {
				t.Fatalf("destroy succeeded although the cluster is still RUNNING:\n%s", r.Output)
			}
			if !hasDiag(r.Errors(), "Unable to drop cluster", fmt.Sprint(code), cl.ClusterID, "RUNNING", "stays in state") {
				t.Errorf("destroy errors %+v do not name code %d, cluster %s and its status", r.Errors(), code, cl.ClusterID)
			}
			if got := stateList(c); got != res {
				t.Errorf("state after the refused destroy = %q, want %s", got, res)
			}
			if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "RUNNING" {
				t.Errorf("mock cluster is %s, want RUNNING", now.Status)
			}
		})
	}
	t.Run("purged", func(t *testing.T) {
		e := newMockEnv(t, mockserver.Config{})
		c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
		e.mock.PurgeOutOfBand(e.region, cl.ClusterID)
		r := c.MustRun("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")
		if !hasDiag(r.Warnings(), "Cluster already gone", cl.ClusterID, fmt.Sprint(e.code(80020, 96018)), e.projectID, "do not include it") {
			t.Errorf("destroy warnings %+v do not say why cluster %s is believed gone", r.Warnings(), cl.ClusterID)
		}
		if got := stateList(c); got != "" {
			t.Errorf("state after destroy = %q, want empty", got)
		}
		if n := e.mock.Count(mockserver.RouteDrop); n != 0 {
			t.Errorf("%d drop requests for a cluster already gone, want 0", n)
		}
	})
}

// A destroy with a key that cannot see the cluster's project (another
// organization's, say) drops nothing and forgets nothing, even without a
// refresh: every answer is 80020, and none of them shows the cluster gone.
func TestAccClusterResource_destroyOutOfKeyScope(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
	e.mock.HideProjects(e.projectID)
	r := c.Run("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("destroy with a key blind to the project succeeded:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Cluster out of the API key's reach", cl.ClusterID, e.projectID, "cannot see") {
		t.Errorf("destroy errors %+v do not name the cluster, its project and the key's scope", r.Errors())
	}
	if got := stateList(c); got != res {
		t.Errorf("state = %q, want %s kept", got, res)
	}
	e.mock.HideProjects()
	if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "RUNNING" {
		t.Errorf("mock cluster is %s, want RUNNING", now.Status)
	}
	if !strings.Contains(stateList(c), res) {
		t.Error("cluster forgotten")
	}
}
