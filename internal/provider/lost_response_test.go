package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// The mock creates the cluster, then drops the connection before answering. The
// provider must not send a second create: it finds the cluster by name, records it,
// and warns that the password is unknown.
func TestAccLostResponse_create(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, ""))
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true})

	r := c.MustRun("apply", "-auto-approve", "-input=false", "-json")
	all := e.mock.Clusters(e.region)
	if len(all) != 1 {
		t.Fatalf("mock holds %d clusters, want exactly 1", len(all))
	}
	if n := e.mock.Count(mockserver.RouteCreate); n != 1 {
		t.Errorf("%d create requests, want 1: a create whose answer was lost must not be resent blindly", n)
	}
	if e.mock.Count(mockserver.RouteList) == 0 {
		t.Error("the provider never looked the cluster up by name")
	}
	st := readState(t, c)
	if len(st) != 1 || st[0].str("id") != all[0].ClusterID {
		t.Fatalf("state %+v does not hold the mock's cluster %s", st, all[0].ClusterID)
	}
	if st[0].Status == "tainted" || st[0].str("status") != "RUNNING" {
		t.Errorf("recovered cluster is %q/%q in state, want a clean RUNNING instance", st[0].Status, st[0].str("status"))
	}
	if st[0].Attrs["password"] != nil || st[0].Attrs["username"] != nil {
		t.Errorf("state holds username %v, password %v; the lost answer carried them, so they must be null",
			st[0].Attrs["username"], st[0].Attrs["password"] != nil)
	}
	if !hasDiag(r.Warnings(), "Cluster password unknown", all[0].ClusterID) {
		t.Errorf("no warning that the password is unknown: %+v", r.Warnings())
	}
	requireStateMatchesMock(t, e, c)

	// Nothing left to do, and the cluster is destroyed like any other.
	if plan := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); plan.Err != nil {
		t.Errorf("plan after a recovered create is not empty:\n%s", plan.Output)
	}
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	requireStateMatchesMock(t, e, c)
}

// The create's timeout passes while its request is on the wire; the mock
// creates the cluster, then drops the connection. The provider looks once
// more, within the grace a sent create gets, and records the cluster: the
// apply must not end with a live cluster that no state holds.
func TestAccLostResponse_createTimedOut(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, `timeouts {
    create = "1s"
  }`))
	// Answered after the create's timeout (1 s) and within the attempt's own
	// (2 s in these tests): the answer is lost to the connection, not to the
	// attempt's timeout, which would end the request before the mock made the cluster.
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, Latency: 1500 * time.Millisecond, LoseResponse: true})

	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	all := e.mock.Clusters(e.region)
	if len(all) != 1 {
		t.Fatalf("mock holds %d clusters, want exactly 1", len(all))
	}
	st := readState(t, c)
	if len(st) != 1 || st[0].str("id") != all[0].ClusterID {
		t.Fatalf("state %+v does not hold the mock's cluster %s (apply: %v)\n%s", st, all[0].ClusterID, r.Err, r.Output)
	}
	if !hasDiag(r.Warnings(), "Cluster password unknown", all[0].ClusterID) {
		t.Errorf("no warning that the password is unknown: %+v", r.Diagnostics)
	}
	if n := e.mock.Count(mockserver.RouteCreate); n != 1 {
		t.Errorf("%d create requests, want 1", n)
	}
	requireStateMatchesMock(t, e, c)
}

// The mock drops the cluster, then drops the connection. The destroy must end
// with no cluster left and an empty state, and it is not "already gone": that
// drop was ours.
func TestAccLostResponse_drop(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDrop, LoseResponse: true})

	r := c.MustRun("destroy", "-auto-approve", "-input=false", "-json")
	if got := readState(t, c); len(got) != 0 {
		t.Errorf("state after destroy holds %+v", got)
	}
	if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "DELETED" {
		t.Errorf("mock cluster is %s, want DELETED", now.Status)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 1 {
		t.Errorf("%d drop requests, want 1 (the lost drop was found done, not resent)", n)
	}
	if hasDiag(r.Warnings(), "Cluster already gone") {
		t.Errorf("our own drop was reported as a cluster already gone: %+v", r.Warnings())
	}
	requireStateMatchesMock(t, e, c)
}

// The create's answer is lost and the lookup by name fails too. The provider cannot
// know whether the cluster exists: it must fail, and still not resend the create.
// The cluster it did make is then refused a twin (80010) and imported.
func TestAccLostResponse_createLookupFails(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	config := dedicatedConfig(e, clusterName(), 1, "")
	c := e.cli(t, config)
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true})
	// The listing before the create works (a fault of latency alone); the lookup after it does not.
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteList, Latency: time.Millisecond})
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteList, HTTPStatus: 503, Times: -1})

	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("apply succeeded although the cluster could not be found:\n%s", r.Output)
	}
	if et := errorText(r); !strings.Contains(et, "Unable to create cluster") ||
		!strings.Contains(et, "checking whether the failed call took effect also failed") || !strings.Contains(et, "HTTP 503") ||
		!strings.Contains(et, "may have been created all the same") {
		t.Errorf("error does not say the create's fate is unknown and why:\n%s", et)
	}
	if n := e.mock.Count(mockserver.RouteCreate); n != 1 {
		t.Errorf("%d create requests, want 1", n)
	}
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}

	// The next apply must not make a second cluster.
	e.mock.ClearFaults()
	r = c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Unable to create cluster", fmt.Sprint(e.code(80010, 96017)), "terraform import") {
		t.Errorf("second apply did not refuse the duplicate name and point to import: %v\n%s", r.Err, errorText(r))
	}
	if _, err := e.only(e.region); err != nil {
		t.Fatal(err)
	}
	// Import brings state back in line with the mock.
	c.MustRun("import", "-input=false", "-no-color", res, cl.ClusterID)
	requireStateMatchesMock(t, e, c)
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	requireStateMatchesMock(t, e, c)
}

// Another team's cluster already holds the name when the create's answer is
// lost (the create itself was refused, 80010). It must not be adopted: the
// apply fails, state stays empty, and nothing of theirs is dropped afterwards.
func TestAccLostResponse_createWhileNameHeld(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	name := clusterName()
	theirs := e.mock.AddCluster(mockserver.Cluster{ClusterName: name, RegionID: e.region, CUSize: 1})
	c := e.cli(t, dedicatedConfig(e, name, 1, ""))
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true})

	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("apply adopted cluster %s, which held the name before the create:\n%s", theirs.ClusterID, r.Output)
	}
	if !hasDiag(r.Errors(), "Unable to create cluster", name, fmt.Sprint(e.code(80010, 96017))) {
		t.Errorf("apply errors %+v do not say the name is taken", r.Errors())
	}
	if st := readState(t, c); len(st) != 0 {
		t.Errorf("state after the refused adoption = %+v, want empty", st)
	}
	c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if now, _ := e.mock.Cluster(e.region, theirs.ClusterID); now.Status != "RUNNING" {
		t.Errorf("their cluster is %s, want RUNNING", now.Status)
	}
	if n := len(e.mock.Clusters(e.region)); n != 1 {
		t.Errorf("mock holds %d clusters, want only theirs", n)
	}
	if n := e.mock.Count(mockserver.RouteDrop); n != 0 {
		t.Errorf("%d drop requests, want 0", n)
	}
}
