package zilliz

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// simulate runs one wait against an operation of length d whose status is seen
// latency after each look is sent, and returns the number of looks.
func simulate(e *pollEstimator, d, latency time.Duration) int {
	s := e.schedule(opDelete, testRegion)
	defer s.done()
	var elapsed, lo time.Duration
	for looks := 1; ; looks++ {
		elapsed += s.delay(elapsed) + latency
		if elapsed >= d {
			e.observe(opDelete, lo, elapsed)
			return looks
		}
		lo = elapsed
	}
}

func TestPollEstimatorConvergesToOneLook(t *testing.T) {
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 10 * time.Second, time.Minute} {
		e := newPollEstimator()
		first := simulate(e, d, 20*time.Millisecond)
		var last int
		var total int
		for range 20 {
			last = simulate(e, d, 20*time.Millisecond)
			total += last
		}
		if last != 1 {
			t.Errorf("%s: %d looks after 20 operations, want 1", d, last)
		}
		// The probes that narrow the bracket cost at most one extra look each.
		if total > 20+8 {
			t.Errorf("%s: %d looks over 20 operations after the first (%d looks)", d, total, first)
		}
		// Once converged, the look (seen a latency after it is sent) comes soon
		// after the operation ends.
		s := e.schedule(opDelete, testRegion)
		s.done()
		if over := s.delay(0) + 20*time.Millisecond - d; over < 0 || over > max(d/16, 60*time.Millisecond) {
			t.Errorf("%s: converged first look %s after the end", d, over)
		}
	}
}

// Waits that start together split the bracket between them instead of all
// probing its middle, so one wave narrows it to a sliver.
func TestPollConcurrentWaitsSpreadTheirProbes(t *testing.T) {
	e := newPollEstimator()
	e.observe(opDelete, time.Second, 2*time.Second)
	const length = 1370 * time.Millisecond
	var scheds []*schedule
	seen := map[time.Duration]bool{}
	for range 16 {
		s := e.schedule(opDelete, testRegion)
		if len(s.looks) != 2 || s.looks[1] != 2*time.Second {
			t.Fatalf("looks %v, want a probe and then the bracket's top", s.looks)
		}
		if p := s.looks[0]; p <= time.Second || p >= 2*time.Second || seen[p] {
			t.Fatalf("probe %s: outside the bracket or given twice (%v)", p, seen)
		}
		seen[s.looks[0]] = true
		scheds = append(scheds, s)
	}
	for _, s := range scheds { // all of them look, then report, as a wave would
		if p := s.looks[0]; p >= length {
			e.observe(opDelete, 0, p)
		} else {
			e.observe(opDelete, p, 2*time.Second)
		}
	}
	// The bracket was 1 s wide; 16 probes leave 1/16 of it around the length.
	looks := e.firstLooks(opDelete)
	if top := looks[len(looks)-1]; top < length || top-length > time.Second/16 || looks[0] < length-time.Second/16 {
		t.Errorf("after one wave of 16 the next wait looks at %v; want within 1/16 s of %s", looks, length)
	}
	if got := []float64{vanDerCorput(1), vanDerCorput(2), vanDerCorput(3), vanDerCorput(4), vanDerCorput(6)}; fmt.Sprint(got) != "[0.5 0.25 0.75 0.125 0.375]" {
		t.Errorf("van der Corput points %v", got)
	}
}

func TestPollLadderIsLogarithmic(t *testing.T) {
	looks := map[time.Duration]int{}
	for _, d := range []time.Duration{time.Second, 10 * time.Second, 60 * time.Second, 600 * time.Second} {
		looks[d] = simulate(newPollEstimator(), d, 0)
	}
	// x10 in length adds a bounded number of looks (log(10)/log(scoutGrowth),
	// about 24), not x10 of them. A fresh estimator's wait is a scout, on the
	// finer ladder, whose looks a wave shares.
	if looks[time.Second] > 6 || looks[10*time.Second]-looks[time.Second] > 25 ||
		looks[60*time.Second]-looks[10*time.Second] > 25 || looks[600*time.Second]-looks[60*time.Second] > 27 {
		t.Errorf("looks by length = %v", looks)
	}
}

func TestPollEstimatorVaryingLengths(t *testing.T) {
	e := newPollEstimator()
	lengths := []time.Duration{time.Second, 3 * time.Second, 2 * time.Second, 5 * time.Second, 1500 * time.Millisecond}
	for i := range 40 {
		if n := simulate(e, lengths[i%len(lengths)], 10*time.Millisecond); n > 12 {
			t.Fatalf("operation %d took %d looks", i, n)
		}
	}
}

// Looks are scheduled as sends, so the estimator learns on sends. Learning on
// answers would put a round trip into every bound, and each look at the
// shortest bound would record a later one: the looks would creep later.
func TestPollLearnsOnTheSendScale(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { learnsOnTheSendScale(t) })
}

func learnsOnTheSendScale(t *testing.T) {
	const latency, length = 100 * time.Millisecond, 300 * time.Millisecond
	mock, c, _ := memCloud(t, mockserver.Config{DeleteDuration: length, Latency: latency}, 0)
	ctx := context.Background()
	var late []time.Duration // from the drop's arrival to the last look's, past the length
	var looks []int
	for i := range 16 {
		cl, err := c.Clusters.Create(ctx, testRegion, ClusterCreateOptions{
			Name: fmt.Sprintf("send-%02d", i), ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		from := len(mock.Requests())
		if err := c.Clusters.Drop(ctx, testRegion, cl.ClusterID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Clusters.Wait(ctx, testRegion, cl.ClusterID, UntilDeleted); err != nil {
			t.Fatal(err)
		}
		reqs := mock.Requests()[from:]
		late = append(late, reqs[len(reqs)-1].Time.Sub(reqs[0].Time)-length)
		looks = append(looks, len(reqs)-1)
	}
	// Learning on answers, the last looks came 60-150 ms after the end, later and
	// later; on sends, within a few milliseconds.
	var sum time.Duration
	for _, d := range late[10:] {
		sum += d
	}
	t.Logf("last look after the end, by operation: %v; looks %v", late, looks)
	if bound := latency * 2 / 3; sum/6 > bound {
		t.Errorf("once learnt, the last look arrives %s after the end on average, want under %s", sum/6, bound)
	}
}

// Waits whose looks fall together (the followers of a scout look when it ends)
// share list pages instead of a describe each, and each still ends when its own
// cluster is gone.
func TestWaitsThatFallTogetherShareListPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { fallTogetherShareListPages(t) })
}

func fallTogetherShareListPages(t *testing.T) {
	const others, dropped = 150, 30 // two pages of 100 in all
	mock, c, all := memCloud(t, mockserver.Config{DeleteDuration: 300 * time.Millisecond, Latency: 20 * time.Millisecond},
		others+dropped)
	ids := all[others:]
	dropAll(t, c, ids)
	for _, id := range ids { // a deleted cluster stays DELETED: checked after every wait ended
		if cl, _ := mock.Cluster(testRegion, id); cl.Status != StatusDeleted {
			t.Errorf("wait for %s ended with the cluster %s", id, cl.Status)
		}
	}
	counts := mock.Counts()
	looks := counts[mockserver.RouteDescribe] + counts[mockserver.RouteList]
	t.Logf("%d waits: %v", dropped, counts)
	if counts[mockserver.RouteList] == 0 || looks >= dropped {
		t.Errorf("%d waits took %d looks (%v), want fewer than one each, from list pages", dropped, looks, counts)
	}
}
