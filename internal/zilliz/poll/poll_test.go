package poll

import (
	"fmt"
	"testing"
	"time"
)

// opDelete and region name a kind of operation and a region, as a client's would.
const opDelete, region = "delete", "aws-us-west-2"

// simulate runs one wait against an operation of length d whose status is seen
// latency after each look is sent, and returns the number of looks.
func simulate(e *Estimator[int], d, latency time.Duration) int {
	s := e.Schedule(opDelete, region)
	defer s.Done()
	var elapsed, lo time.Duration
	for looks := 1; ; looks++ {
		elapsed += s.Delay(elapsed) + latency
		if elapsed >= d {
			e.Observe(opDelete, lo, elapsed)
			return looks
		}
		lo = elapsed
	}
}

func TestPollEstimatorConvergesToOneLook(t *testing.T) {
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 10 * time.Second, time.Minute} {
		e := NewEstimator[int]()
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
		s := e.Schedule(opDelete, region)
		s.Done()
		if over := s.Delay(0) + 20*time.Millisecond - d; over < 0 || over > max(d/16, 60*time.Millisecond) {
			t.Errorf("%s: converged first look %s after the end", d, over)
		}
	}
}

// Waits that start together split the bracket between them instead of all
// probing its middle, so one wave narrows it to a sliver.
func TestPollConcurrentWaitsSpreadTheirProbes(t *testing.T) {
	e := NewEstimator[int]()
	e.Observe(opDelete, time.Second, 2*time.Second)
	const length = 1370 * time.Millisecond
	var scheds []*Schedule[int]
	seen := map[time.Duration]bool{}
	for range 16 {
		s := e.Schedule(opDelete, region)
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
			e.Observe(opDelete, 0, p)
		} else {
			e.Observe(opDelete, p, 2*time.Second)
		}
	}
	// The bracket was 1 s wide; 16 probes leave 1/16 of it around the length.
	looks := e.FirstLooks(opDelete)
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
		looks[d] = simulate(NewEstimator[int](), d, 0)
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
	e := NewEstimator[int]()
	lengths := []time.Duration{time.Second, 3 * time.Second, 2 * time.Second, 5 * time.Second, 1500 * time.Millisecond}
	for i := range 40 {
		if n := simulate(e, lengths[i%len(lengths)], 10*time.Millisecond); n > 12 {
			t.Fatalf("operation %d took %d looks", i, n)
		}
	}
}
