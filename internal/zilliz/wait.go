package zilliz

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Polling bounds: the first look comes soon, so short operations end fast; the
// interval then grows geometrically up to a cap, so the number of looks
// grows with the logarithm of an operation's length rather than linearly.
const (
	pollFirst  = 200 * time.Millisecond
	pollGrowth = 1.5
	pollCap    = 30 * time.Second
	// scoutGrowth is the ladder of a scout (see schedule): finer, as a whole first
	// wave waits for what the scout sees, and it is one wait per kind.
	scoutGrowth = 1.25
	// followFirst is the first step of a follower's ladder (see schedule): a
	// safety net should the scout's operation be much longer than its own.
	followFirst = 8 * pollFirst
)

// Operation kinds whose durations the estimator learns separately.
const (
	opCreate = "create"
	opModify = "modify"
	opDelete = "delete"
)

// pollEstimator learns, per kind of operation, how long operations of one Client
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
type pollEstimator struct {
	mu sync.Mutex
	// Recent bounds per kind, each list capped at estimatorWindow. A wait done at
	// its first look adds no lower bound, so the last known ones are kept rather
	// than aged out by such waits: otherwise a converged estimator would forget
	// its bracket and start probing again.
	los, his map[string][]time.Duration
	// scouts holds, per kind, the wait that walks the ladder while nothing is
	// known yet; its channel is closed when that wait ends.
	scouts map[string]chan struct{}
	// probes counts, per kind, the probes handed out inside the current bracket.
	probes map[string]probeCount
}

// probeCount is how many waits were given a probe inside the bracket lo..hi.
type probeCount struct {
	lo, hi time.Duration
	n      int
}

const estimatorWindow = 16

func newPollEstimator() *pollEstimator {
	return &pollEstimator{los: map[string][]time.Duration{}, his: map[string][]time.Duration{},
		scouts: map[string]chan struct{}{}, probes: map[string]probeCount{}}
}

// observe records an operation that was not done lo after it began (0: no look
// said so) and done hi after it began.
func (e *pollEstimator) observe(kind string, lo, hi time.Duration) {
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

// firstLooks returns the delays, from the operation's start, of the looks to
// make before falling back to the ladder; none when nothing is known yet.
func (e *pollEstimator) firstLooks(kind string) []time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.firstLooksLocked(kind)
}

func (e *pollEstimator) firstLooksLocked(kind string) []time.Duration {
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

// schedule returns the delay before each successive look.
//
// With nothing learnt yet for its kind, the first wait is the scout: it walks
// the ladder. Waits that start while a scout is out follow it: rather than each
// walking the same ladder (20 clusters in a first wave would cost 20 times the
// looks), they wait for the scout to end and then look where its operation
// ended, on a sparse ladder of their own meanwhile in case theirs ends far
// earlier than the scout's. A scout that fails leaves its followers the ladder.
type schedule struct {
	looks   []time.Duration // remaining estimated looks, as delays from the operation's start
	next    time.Duration   // next ladder step
	growth  float64         // the ladder's growth per step
	news    <-chan struct{} // a follower's: closed when its scout ends
	release func()          // a scout's: ends its scouting
}

func (e *pollEstimator) schedule(kind string) *schedule {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &schedule{looks: e.firstLooksLocked(kind), next: pollFirst, growth: pollGrowth}
	if len(s.looks) > 0 {
		return s
	}
	if ch, ok := e.scouts[kind]; ok {
		s.news, s.next = ch, followFirst
		return s
	}
	ch := make(chan struct{})
	e.scouts[kind] = ch
	s.growth = scoutGrowth
	s.release = func() {
		e.mu.Lock()
		delete(e.scouts, kind)
		e.mu.Unlock()
		close(ch)
	}
	return s
}

// done ends a scout's scouting; call it once the wait is over, however it ends.
func (s *schedule) done() {
	if s.release != nil {
		s.release()
		s.release = nil
	}
}

// replan is a follower's turn once its scout has ended: look where operations
// were seen to end or, if the scout learnt nothing, walk the ladder.
func (s *schedule) replan(e *pollEstimator, kind string) {
	s.news = nil
	if s.looks = e.firstLooks(kind); len(s.looks) == 0 {
		s.next = pollFirst
	}
}

// sleep sleeps d and reports whether a follower's scout ended first.
func (s *schedule) sleep(ctx context.Context, d time.Duration) (news bool, err error) {
	if s.news == nil {
		return false, sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return false, nil
	case <-s.news:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// delay is how long to sleep before the next look, elapsed being the time since
// the operation began.
func (s *schedule) delay(elapsed time.Duration) time.Duration {
	if len(s.looks) > 0 {
		d := s.looks[0] - elapsed
		s.looks = s.looks[1:]
		if len(s.looks) == 0 {
			s.next = pollFirst / 2 // after a missed estimate, close in with short steps
		}
		return max(d, 0)
	}
	d := s.next
	s.next = min(time.Duration(float64(s.next)*s.growth), pollCap)
	return d
}

// poll looks the cluster up until check says it is done, and returns the last cluster seen
// (nil when it was not found). It returns ctx's error, wrapped with the last status, when the
// context ends first.
func (s *Clusters) poll(ctx context.Context, kind, region, id string,
	check func(*Cluster, error) (done bool, err error)) (*Cluster, error) {
	start := time.Now()
	sched := s.c.polls.schedule(kind)
	defer sched.done()
	var lo time.Duration
	last := "unknown"
	for {
		news, err := sched.sleep(ctx, sched.delay(time.Since(start)))
		if err != nil {
			return nil, fmt.Errorf("cluster %s still %s after %s: %w", id, last, time.Since(start).Round(time.Second), err)
		}
		if news {
			sched.replan(s.c.polls, kind)
			continue
		}
		// A lookup, so that the looks of many waits that fall together share list pages.
		c, sent, err := s.lookup(ctx, region, id)
		// Measured when the answered request went out, past any queue in the
		// pacer: looks are scheduled as sends, so sends are the scale to learn
		// on. The answer's time would add a round trip to every bound, and a look
		// at the shortest bound would record a later one each time, so the
		// estimate would creep later operation by operation.
		lookedAt := time.Since(start)
		if !sent.IsZero() {
			lookedAt = sent.Sub(start)
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("cluster %s still %s after %s: %w", id, last, time.Since(start).Round(time.Second), ctx.Err())
		}
		done, cerr := check(c, err)
		if cerr != nil {
			return nil, cerr
		}
		if done {
			s.c.polls.observe(kind, lo, lookedAt)
			return c, nil
		}
		lo = lookedAt
		if c != nil {
			last = c.Status
		}
	}
}

// WaitRunning waits until the cluster is RUNNING after a create or a modify.
// A cluster that disappears meanwhile is an error wrapping ErrNotFound; one that
// turns ABNORMAL or FROZEN ends the wait at once with a *StatusError.
func (s *Clusters) WaitRunning(ctx context.Context, region, id string, afterModify bool) (*Cluster, error) {
	kind := opCreate
	if afterModify {
		kind = opModify
	}
	return s.poll(ctx, kind, region, id, func(c *Cluster, err error) (bool, error) {
		switch {
		case err != nil:
			return false, err
		case c.Deleted():
			return false, fmt.Errorf("cluster %s was deleted while waiting for it to run: %w", id, ErrNotFound)
		case c.Failed():
			return false, &StatusError{ClusterID: id, Status: c.Status, Waiting: StatusRunning}
		}
		return c.Status == StatusRunning, nil
	})
}

// WaitDeleted waits until the cluster shows DELETED or describe answers that it
// is gone. One that turns ABNORMAL or FROZEN ends the wait at once with a *StatusError.
func (s *Clusters) WaitDeleted(ctx context.Context, region, id string) error {
	_, err := s.poll(ctx, opDelete, region, id, func(c *Cluster, err error) (bool, error) {
		if IsNotFound(err) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if c.Failed() {
			return false, &StatusError{ClusterID: id, Status: c.Status, Waiting: StatusDeleted}
		}
		return c.Deleted(), nil
	})
	return err
}
