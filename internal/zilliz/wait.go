package zilliz

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Polling bounds: the first look comes soon, so short operations end fast; the
// interval then grows geometrically up to a cap, so the number of describes
// grows with the logarithm of an operation's length rather than linearly.
const (
	pollFirst  = 200 * time.Millisecond
	pollGrowth = 1.5
	pollCap    = 30 * time.Second
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
// first few then end with one describe.
//
// Each finished wait brackets its operation's length: it was not done at the
// last look that said so (lo) and done at the first that did (hi). Over recent
// operations, the longest lo and the shortest hi bracket the typical length; a
// wait first looks in the middle of that bracket, which halves it either way, so
// a coarse bracket from the ladder narrows within a few operations. Once narrow,
// the first look is at its top, done at once. Lengths that vary so much that the
// bracket is empty fall back to the median of recent hi.
type pollEstimator struct {
	mu sync.Mutex
	// Recent bounds per kind, each list capped at estimatorWindow. A wait done at
	// its first look adds no lower bound, so the last known ones are kept rather
	// than aged out by such waits: otherwise a converged estimator would forget
	// its bracket and start probing again.
	los, his map[string][]time.Duration
}

const estimatorWindow = 16

func newPollEstimator() *pollEstimator {
	return &pollEstimator{los: map[string][]time.Duration{}, his: map[string][]time.Duration{}}
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
		return []time.Duration{lo + (hi-lo)/2, hi}
	}
}

// schedule returns the delay before each successive look.
type schedule struct {
	looks []time.Duration // remaining estimated looks, as delays from the operation's start
	next  time.Duration   // next ladder step
}

func (e *pollEstimator) schedule(kind string) *schedule {
	return &schedule{looks: e.firstLooks(kind), next: pollFirst}
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
	s.next = min(time.Duration(float64(s.next)*pollGrowth), pollCap)
	return d
}

// poll describes the cluster until check says it is done, and returns the last cluster seen
// (nil when it was not found). It returns ctx's error, wrapped with the last status, when the
// context ends first.
func (s *Clusters) poll(ctx context.Context, kind, region, id string,
	check func(*Cluster, error) (done bool, err error)) (*Cluster, error) {
	start := time.Now()
	sched := s.c.polls.schedule(kind)
	var lo time.Duration
	last := "unknown"
	for {
		if err := sleep(ctx, sched.delay(time.Since(start))); err != nil {
			return nil, fmt.Errorf("cluster %s still %s after %s: %w", id, last, time.Since(start).Round(time.Second), err)
		}
		c, err := s.Describe(ctx, region, id)
		// Measured at the answer, not the send: under a rate limit a describe may
		// queue in the pacer, and the answer is when the status was actually seen.
		lookedAt := time.Since(start)
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
// A cluster that disappears meanwhile is an error wrapping ErrNotFound.
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
		}
		return c.Status == StatusRunning, nil
	})
}

// WaitDeleted waits until describe shows DELETED or answers that the cluster is gone.
func (s *Clusters) WaitDeleted(ctx context.Context, region, id string) error {
	_, err := s.poll(ctx, opDelete, region, id, func(c *Cluster, err error) (bool, error) {
		if IsNotFound(err) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		return c.Deleted(), nil
	})
	return err
}
