package provider_test

import (
	"fmt"
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
