package provider_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// soakClusters clusters are applied and destroyed in one configuration while 10% of
// all API requests fail transiently at random (503 HTML, 502 empty, 429, dropped
// connection), from a fixed seed. Every cluster created must be in state, every one
// destroyed must be DELETED in the mock, and none may be orphaned or made twice.
const (
	soakClusters = 100
	soakSeed     = 20240611
)

func TestAccSoak_randomFaults(t *testing.T) {
	t.Parallel()
	if os.Getenv("ZILLIZ_SKIP_SOAK") != "" {
		t.Skip("ZILLIZ_SKIP_SOAK is set")
	}
	e := newMockEnv(t, mockserver.Config{
		CreateDuration:  300 * time.Millisecond,
		DeleteDuration:  300 * time.Millisecond,
		RandomFaultRate: 0.10,
		RandomFaultSeed: soakSeed,
	})
	c := e.cli(t, clustersConfig(e, "soak", soakClusters))

	start := time.Now()
	r := c.Run("apply", "-auto-approve", "-input=false", "-parallelism=10", "-json")
	applyTook := time.Since(start)
	applyReqs := e.mock.Requests()
	if r.Err != nil {
		t.Fatalf("apply under random faults failed: %v\n%s", r.Err, errorText(r))
	}
	st := readState(t, c)
	if len(st) != soakClusters {
		t.Errorf("%d clusters in state, want %d", len(st), soakClusters)
	}
	if all := e.mock.Clusters(e.region); len(all) != soakClusters {
		t.Errorf("mock holds %d clusters, want %d: a create was duplicated or lost", len(all), soakClusters)
	}
	for _, in := range st {
		if in.Status == "tainted" || in.str("status") != "RUNNING" {
			t.Errorf("%s is %q/%q in state", in.Address, in.Status, in.str("status"))
		}
	}
	if w := r.Warnings(); len(w) != 0 {
		t.Errorf("apply warned: %+v", w)
	}
	requireStateMatchesMock(t, e, c)

	e.mock.ResetLog()
	start = time.Now()
	r = c.Run("destroy", "-auto-approve", "-input=false", "-parallelism=10", "-json")
	destroyTook := time.Since(start)
	destroyReqs := e.mock.Requests()
	if r.Err != nil {
		t.Fatalf("destroy under random faults failed: %v\n%s", r.Err, errorText(r))
	}
	if st := readState(t, c); len(st) != 0 {
		t.Errorf("%d clusters left in state after destroy", len(st))
	}
	all := e.mock.Clusters(e.region)
	deleted := 0
	for _, cl := range all {
		if cl.Status == "DELETED" {
			deleted++
		} else {
			t.Errorf("cluster %s (%s) is %s after destroy: orphaned", cl.ClusterID, cl.ClusterName, cl.Status)
		}
	}
	if len(all) != soakClusters {
		t.Errorf("mock holds %d clusters after destroy, want %d", len(all), soakClusters)
	}
	for _, w := range r.Warnings() {
		t.Errorf("destroy warned: %s: %s", w.Summary, w.Detail)
	}
	requireStateMatchesMock(t, e, c)

	t.Logf("soak: %d clusters, fault rate 10%%, seed %d, parallelism 10\n%s%s"+
		"  clusters: %d in state after apply, %d DELETED in the mock after destroy, %d orphaned, %d duplicated",
		soakClusters, soakSeed,
		soakPhase("apply", applyTook, applyReqs), soakPhase("destroy", destroyTook, destroyReqs),
		len(st), deleted, len(all)-deleted, len(all)-soakClusters)
}

// soakPhase summarises one terraform run's requests: per route, and the faults
// answered.
func soakPhase(name string, took time.Duration, reqs []mockserver.Request) string {
	routes := map[string]int{}
	for i := range reqs {
		routes[reqs[i].Route]++
	}
	faults := faultsAnswered(reqs)
	total := 0
	for _, n := range faults {
		total += n
	}
	return fmt.Sprintf("  %s: %.1fs, %d requests (%s), %d faults injected (%s)\n",
		name, took.Seconds(), len(reqs), kv(routes), total, kv(faults))
}

func kv(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// interruptSoak* shape TestAccSoak_interrupts: soakClusters clusters applied and
// destroyed, each phase first run interruptRounds times with Ctrl-C (SIGINT) at a
// random moment from a fixed seed, then re-run to the end.
const (
	interruptRounds = 4
	interruptSeed   = 20261204
	// interruptWithin bounds the random moment: the phases take some 20 s and
	// 40 s uninterrupted (10 waves of 2 s creates and 4 s drops at
	// -parallelism=10), so the interrupts fall in creates, waits and drops alike.
	interruptWithin = 6 * time.Second
)

// Ctrl-C at random points of apply and destroy, then re-runs: after every run,
// interrupted or not, each cluster that exists in the mock (not DELETED) is in
// state, so nothing is left unrecorded or forgotten; the final apply holds every
// cluster once (none duplicated, none adopted), and the final destroy leaves
// nothing behind.
func TestAccSoak_interrupts(t *testing.T) {
	t.Parallel()
	if os.Getenv("ZILLIZ_SKIP_SOAK") != "" {
		t.Skip("ZILLIZ_SKIP_SOAK is set")
	}
	// Deletions outlast the runs' ends, so a cluster forgotten while still
	// DELETING is caught by the check after the run that forgot it.
	e := newMockEnv(t, mockserver.Config{CreateDuration: 2 * time.Second, DeleteDuration: 4 * time.Second})
	c := e.cli(t, clustersConfig(e, "soak-int", soakClusters))
	rnd := rand.New(rand.NewPCG(interruptSeed, 0))
	var log strings.Builder

	// unrecorded returns the mock's live clusters that state does not hold.
	unrecorded := func() []string {
		inState := map[string]bool{}
		for _, in := range readState(t, c) {
			inState[in.str("id")] = true
		}
		var out []string
		for _, cl := range e.mock.Clusters(e.region) {
			if cl.Status != "DELETED" && !inState[cl.ClusterID] {
				out = append(out, cl.ClusterID+" ("+cl.Status+")")
			}
		}
		return out
	}
	phase := func(cmd string) {
		for i := range interruptRounds {
			at := time.Duration(rnd.Int64N(int64(interruptWithin)))
			p := c.Start(cmd, "-auto-approve", "-input=false", "-parallelism=10", "-no-color")
			interrupted := false
			select {
			case <-p.Done():
			case <-time.After(at):
				if err := p.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
				interrupted = true
			}
			select {
			case <-p.Done():
			case <-time.After(60 * time.Second):
				t.Fatalf("%s still running 60s after SIGINT", cmd)
			}
			r := p.Wait()
			live, st := 0, len(readState(t, c))
			for _, cl := range e.mock.Clusters(e.region) {
				if cl.Status != "DELETED" {
					live++
				}
			}
			fmt.Fprintf(&log, "  %s #%d: SIGINT at %.1fs (%v), exit error %v: %d in state, %d live in the mock\n",
				cmd, i+1, at.Seconds(), interrupted, r.Err != nil, st, live)
			if lost := unrecorded(); len(lost) > 0 {
				t.Errorf("after %s #%d (SIGINT at %s): %d live clusters not in state: %v", cmd, i+1, at, len(lost), lost)
			}
		}
		r := c.Run(cmd, "-auto-approve", "-input=false", "-parallelism=10", "-json")
		if r.Err != nil {
			t.Fatalf("%s re-run to the end failed: %v\n%s", cmd, r.Err, errorText(r))
		}
		if lost := unrecorded(); len(lost) > 0 {
			t.Errorf("after the final %s: live clusters not in state: %v", cmd, lost)
		}
	}

	phase("apply")
	st := readState(t, c)
	all := e.mock.Clusters(e.region)
	names := map[string]int{}
	for _, cl := range all {
		names[cl.ClusterName]++
	}
	dup := 0
	for _, n := range names {
		dup += n - 1
	}
	if len(st) != soakClusters || len(all) != soakClusters || dup != 0 {
		t.Errorf("after the applies: %d in state, %d in the mock, %d duplicated; want %d, %d, 0",
			len(st), len(all), dup, soakClusters, soakClusters)
	}
	for _, in := range st {
		if in.Status == "tainted" || in.str("status") != "RUNNING" {
			t.Errorf("%s is %q/%q in state after the final apply", in.Address, in.Status, in.str("status"))
		}
	}
	requireStateMatchesMock(t, e, c)
	drops := e.mock.Count(mockserver.RouteDrop)
	if drops != 0 {
		t.Errorf("the applies sent %d drops", drops)
	}

	phase("destroy")
	left := readState(t, c)
	deleted := 0
	for _, cl := range e.mock.Clusters(e.region) {
		if cl.Status == "DELETED" {
			deleted++
		} else {
			t.Errorf("cluster %s (%s) is %s after the final destroy", cl.ClusterID, cl.ClusterName, cl.Status)
		}
	}
	if len(left) != 0 {
		t.Errorf("%d clusters left in state after the final destroy", len(left))
	}
	drops = e.mock.Count(mockserver.RouteDrop)
	creates := e.mock.Count(mockserver.RouteCreate)
	if drops != soakClusters || creates != soakClusters {
		t.Errorf("%d drops and %d creates, want %d of each: no cluster is dropped twice or made twice", drops, creates, soakClusters)
	}
	t.Logf("soak with interrupts: %d clusters, seed %d, SIGINT within %s, -parallelism=10\n%s"+
		"  end: %d created (%d duplicated), %d DELETED, %d left in state, %d drop requests, %d create requests",
		soakClusters, interruptSeed, interruptWithin, log.String(), len(all), dup, deleted, len(left), drops, creates)
}
