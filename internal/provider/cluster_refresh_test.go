package provider_test

import (
	"strings"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// 80020 means "not found or no permission": a key of another organization or
// project gets it for every cluster. A refresh with such a key must keep every
// cluster and fail, naming the cluster, its project and the likely cause; a
// destroy must then drop nothing and forget nothing. With the right key back,
// nothing has changed.
func TestAccClusterResource_refreshOutOfKeyScope(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := e.cli(t, clustersConfig(e, clusterName(), 2))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	before := readState(t, c)
	if len(before) != 2 {
		t.Fatalf("%d clusters in state, want 2", len(before))
	}
	e.mock.HideProjects(e.projectID)

	r := c.Run("plan", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("plan with a key blind to the project succeeded:\n%s", r.Output)
	}
	for _, in := range before {
		if !hasDiag(r.Errors(), "Cluster out of the API key's reach", in.str("id"), e.projectID, "cannot see", "stays in state") {
			t.Errorf("plan errors %+v do not name cluster %s, project %s and the key's scope", r.Errors(), in.str("id"), e.projectID)
		}
	}
	d := c.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	if d.Err == nil || strings.Contains(d.Output, "No objects need to be destroyed") {
		t.Errorf("destroy with a key blind to the project did not fail:\n%s", d.Output)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 0 {
		t.Errorf("%d drop requests, want 0", n)
	}
	if st := readState(t, c); len(st) != 2 {
		t.Errorf("%d clusters in state after the blind refresh and destroy, want 2", len(st))
	}

	e.mock.HideProjects()
	if p := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); p.Err != nil {
		t.Errorf("plan with the key's scope back is not empty: %v\n%s", p.Err, p.Output)
	}
	requireStateMatchesMock(t, e, c)
}

// Describe answers 80020 for every call while the key sees the project and the
// region's list shows the cluster: the answers contradict each other, so the
// refresh fails and forgets nothing.
func TestAccClusterResource_refreshNotFoundContradicted(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, Code: 80020, Times: -1,
		Message: "Cluster not exist or you don't have permission."})
	r := c.Run("plan", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("plan succeeded although describe and list disagree:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Unable to read cluster", cl.ClusterID, "80020", "include it", "stays in state") {
		t.Errorf("plan errors %+v do not say the list still shows cluster %s", r.Errors(), cl.ClusterID)
	}
	if got := stateList(c); got != res {
		t.Errorf("state = %q, want %s kept", got, res)
	}
}

// Every cluster a refresh forgets gets a warning naming it, whether describe
// shows it DELETED or answers that it does not exist.
func TestAccClusterResource_refreshWarnsOfForgottenClusters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		delete func(m *mockserver.Server, region, id string)
		why    string
	}{
		{"status DELETED", (*mockserver.Server).DeleteOutOfBand, "DELETED"},
		{"describe 80020", (*mockserver.Server).PurgeOutOfBand, "do not include it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newMockEnv(t, mockserver.Config{})
			name := clusterName()
			c, cl := e.applied(t, dedicatedConfig(e, name, 1, ""))
			tc.delete(e.mock, e.region, cl.ClusterID)
			r := c.MustRun("apply", "-refresh-only", "-auto-approve", "-input=false", "-json")
			if !hasDiag(r.Warnings(), "Cluster deleted outside Terraform", cl.ClusterID, name, tc.why) {
				t.Errorf("refresh warnings %+v do not name forgotten cluster %s (%s)", r.Warnings(), cl.ClusterID, name)
			}
			if got := stateList(c); got != "" {
				t.Errorf("state = %q, want the cluster forgotten", got)
			}
		})
	}
}
