// Package poll is the schedule of a wait's looks: a ladder that grows
// geometrically, a scout that walks it for a wave of waits while nothing is
// learnt, and an estimator that learns, per kind of operation, where
// operations end. It knows nothing of what is looked at, nor how.
package poll

import (
	"slices"
	"sync"
	"time"
)

// Polling bounds: the first look comes soon, so short operations end fast; the
// interval then grows geometrically up to a cap, so the number of looks
// grows with the logarithm of an operation's length rather than linearly.
//
// No BENCHMARKS.md row tells First, Growth or Cap apart: with the estimator,
// only a wait of a kind nothing is learnt of, and that no scout leads, walks
// this ladder, which no run measures alone.
const (
	First  = 200 * time.Millisecond
	Growth = 1.5
	Cap    = 30 * time.Second
	// ScoutGrowth is the ladder of a scout (see Schedule): finer, as a whole first
	// wave notices its end only at the scout's looks, which list pages make cheap
	// to share. A step of 10% of the time so far leaves the end noticed about 5%
	// late on average, at most: a single wave of 1 min and of 5 min noticed it
	// 1.3% and 4.0% late (BENCHMARKS.md "Run of 2026-12-02 14:29 UTC" row
	// "| 1m0s |" and row "| 5m0s |").
	ScoutGrowth = 1.1
)

// Estimator learns, per kind of operation, how long operations of one client
// take, so that later waits look when the operation is likely done instead of
// walking the whole backoff ladder. In a destroy of many clusters, all but the
// first few then end with one look.
//
// Each finished wait brackets its operation's length: it was not done at the
// last look that said so (lo) and done at the first that did (hi). Over recent
// operations, the longest lo and the shortest hi bracket the typical length; a
// wait first looks inside that bracket (in its middle, or, for waits that start
// together, at points spread across it), which narrows it either way, so a
// coarse bracket from the ladder narrows within a few operations. Once narrow,
// the first look is at its top, done at once. Lengths that vary so much that the
// bracket is empty fall back to the median of recent hi.
type Estimator[F comparable] struct {
	mu sync.Mutex
	// Recent bounds per kind, each list capped at estimatorWindow. A wait done at
	// its first look adds no lower bound, so the last known ones are kept rather
	// than aged out by such waits: otherwise a converged estimator would forget
	// its bracket and start probing again.
	los, his map[string][]time.Duration
	// scouts holds, per kind and region, the wait that walks the ladder while
	// nothing is known yet.
	scouts map[string]*Scout[F]
	// probes counts, per kind, the probes handed out inside the current bracket.
	probes map[string]probeCount
}

// probeCount is how many waits were given a probe inside the bracket lo..hi.
type probeCount struct {
	lo, hi time.Duration
	n      int
}

// estimatorWindow is how many recent operations of a kind the estimator
// keeps. No BENCHMARKS.md row tells this value apart: every run's operations
// of a kind take one length.
const estimatorWindow = 16

// NewEstimator returns an Estimator that knows nothing yet. F is what a
// follower of a scout is to the caller (see Scout).
func NewEstimator[F comparable]() *Estimator[F] {
	return &Estimator[F]{los: map[string][]time.Duration{}, his: map[string][]time.Duration{},
		scouts: map[string]*Scout[F]{}, probes: map[string]probeCount{}}
}

// Observe records an operation that was not done lo after it began (0: no look
// said so) and done hi after it began.
func (e *Estimator[F]) Observe(kind string, lo, hi time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if lo > 0 {
		e.los[kind] = pushCapped(e.los[kind], lo)
	}
	e.his[kind] = pushCapped(e.his[kind], hi)
}

func pushCapped(s []time.Duration, v time.Duration) []time.Duration {
	s = append(s, v)
	if len(s) > estimatorWindow {
		s = s[len(s)-estimatorWindow:]
	}
	return s
}

// FirstLooks returns the delays, from the operation's start, of the looks to
// make before falling back to the ladder; none when nothing is known yet.
func (e *Estimator[F]) FirstLooks(kind string) []time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.firstLooksLocked(kind)
}

func (e *Estimator[F]) firstLooksLocked(kind string) []time.Duration {
	his := slices.Clone(e.his[kind])
	if len(his) == 0 {
		return nil
	}
	lo, hi := time.Duration(0), slices.Min(his)
	if len(e.los[kind]) > 0 {
		lo = slices.Max(e.los[kind])
	}
	switch {
	case lo >= hi: // lengths vary: look at the median, then climb the ladder
		slices.Sort(his)
		return []time.Duration{his[len(his)/2]}
	case hi-lo <= max(hi/32, 30*time.Millisecond):
		return []time.Duration{hi}
	default:
		// Waits that start together would all probe the middle and all miss
		// together, and under a rate limit their extra looks arrive as one burst.
		// Instead the n-th wait given this bracket probes the n-th point of a
		// sequence that fills it evenly (1/2, 1/4, 3/4, 1/8, ...): one wait alone
		// still halves the bracket, a wave of them narrows it to a sliver.
		pc := e.probes[kind]
		if pc.lo != lo || pc.hi != hi {
			pc = probeCount{lo: lo, hi: hi}
		}
		pc.n++
		e.probes[kind] = pc
		return []time.Duration{lo + time.Duration(vanDerCorput(pc.n)*float64(hi-lo)), hi}
	}
}

// vanDerCorput returns the n-th point (n >= 1) of the base-2 van der Corput
// sequence in (0, 1): n's binary digits mirrored behind the point.
func vanDerCorput(n int) float64 {
	f, scale := 0.0, 0.5
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			f += scale
		}
		scale /= 2
	}
	return f
}

// Schedule is one wait's: the delay before each successive look.
//
// With nothing learnt yet for its kind, the first wait in a region is the
// scout: it walks the ladder. Waits that start while a scout is out follow it:
// rather than each walking the same ladder (20 clusters in a first wave would
// cost 20 times the looks), each of the scout's looks looks at its followers'
// clusters too, in one round, which list pages serve with a page or two. Once
// the scout ends, its followers look where its operation ended, or walk the
// ladder if it learnt nothing.
type Schedule[F comparable] struct {
	looks   []time.Duration // remaining estimated looks, as delays from the operation's start
	next    time.Duration   // next ladder step
	growth  float64         // the ladder's growth per step
	scout   *Scout[F]       // a scout's own, or a follower's scout
	leading bool            // this wait is the scout
	release func()          // a scout's: ends its scouting
}

// Scout is the first wait of a kind in a region while nothing is learnt.
// F is what a follower is to the caller: the scout only keeps the set.
type Scout[F comparable] struct {
	ended chan struct{} // closed when the scout's wait ends

	mu        sync.Mutex
	followers map[F]struct{}
}

// Schedule starts the schedule of a wait of kind in region: from the
// estimate when there is one, else as the region's scout, or as a follower of
// the scout already out.
func (e *Estimator[F]) Schedule(kind, region string) *Schedule[F] {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &Schedule[F]{looks: e.firstLooksLocked(kind), next: First, growth: Growth}
	if len(s.looks) > 0 {
		return s
	}
	key := kind + " " + region
	if sc, ok := e.scouts[key]; ok {
		s.scout = sc
		return s
	}
	sc := &Scout[F]{ended: make(chan struct{}), followers: map[F]struct{}{}}
	e.scouts[key] = sc
	s.scout, s.leading, s.growth = sc, true, ScoutGrowth
	s.release = func() {
		e.mu.Lock()
		delete(e.scouts, key)
		e.mu.Unlock()
		close(sc.ended)
	}
	return s
}

// Following reports whether the schedule still follows a scout.
func (s *Schedule[F]) Following() bool { return s.scout != nil && !s.leading }

// Leading reports whether this wait is the scout, whose looks look at its
// followers' clusters too.
func (s *Schedule[F]) Leading() bool { return s.leading }

// Scout is the scout this wait leads or follows, nil when it does neither.
func (s *Schedule[F]) Scout() *Scout[F] { return s.scout }

// Done ends a scout's scouting; call it once the wait is over, however it ends.
func (s *Schedule[F]) Done() {
	if s.release != nil {
		s.release()
		s.release = nil
	}
}

// Replan is a follower's turn once its scout has ended: look where operations
// were seen to end or, if the scout learnt nothing, walk the ladder.
func (s *Schedule[F]) Replan(e *Estimator[F], kind string) {
	s.scout = nil
	if s.looks = e.FirstLooks(kind); len(s.looks) == 0 {
		s.next = First
	}
}

// Follow registers a follower with the scout until the returned func is called.
func (sc *Scout[F]) Follow(f F) (stop func()) {
	sc.mu.Lock()
	sc.followers[f] = struct{}{}
	sc.mu.Unlock()
	return func() {
		sc.mu.Lock()
		delete(sc.followers, f)
		sc.mu.Unlock()
	}
}

// Ended is closed when the scout's wait ends.
func (sc *Scout[F]) Ended() <-chan struct{} { return sc.ended }

// Followers are the waits that follow the scout now.
func (sc *Scout[F]) Followers() []F {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	fs := make([]F, 0, len(sc.followers))
	for f := range sc.followers {
		fs = append(fs, f)
	}
	return fs
}

// Delay is how long to sleep before the next look, elapsed being the time since
// the operation began.
func (s *Schedule[F]) Delay(elapsed time.Duration) time.Duration {
	if len(s.looks) > 0 {
		d := s.looks[0] - elapsed
		s.looks = s.looks[1:]
		if len(s.looks) == 0 {
			s.next = First / 2 // after a missed estimate, close in with short steps
		}
		return max(d, 0)
	}
	d := s.next
	s.next = min(time.Duration(float64(s.next)*s.growth), Cap)
	return d
}
