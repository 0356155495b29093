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
// take, so that later waits look first when the operation is likely done instead
// of walking the whole backoff ladder. In a destroy of many clusters, all but the
// first few then end with one describe.
type pollEstimator struct {
	mu      sync.Mutex
	samples map[string][]time.Duration
}

const estimatorWindow = 16

func newPollEstimator() *pollEstimator {
	return &pollEstimator{samples: map[string][]time.Duration{}}
}

// expected is the median of the recent samples, or 0 when none are known.
func (e *pollEstimator) expected(kind string) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := slices.Clone(e.samples[kind])
	if len(s) == 0 {
		return 0
	}
	slices.Sort(s)
	return s[len(s)/2]
}

// observe records an operation known to have ended between lo and hi after it began.
// An operation seen done at its first look (lo == 0) only says "at most hi": it is
// recorded only when it lowers the estimate, so a well-placed first look keeps it.
func (e *pollEstimator) observe(kind string, lo, hi time.Duration) {
	sample := (lo + hi) / 2
	if lo == 0 {
		if exp := e.expected(kind); exp != 0 && hi >= exp {
			return
		}
		sample = hi
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.samples[kind] = append(e.samples[kind], sample)
	if s := e.samples[kind]; len(s) > estimatorWindow {
		e.samples[kind] = s[len(s)-estimatorWindow:]
	}
}

// schedule returns the delay before each successive look.
type schedule struct {
	next time.Duration
	step int
}

func (e *pollEstimator) schedule(kind string) *schedule {
	if exp := e.expected(kind); exp > 0 {
		// Look just after the expected end; if not done, close in with short steps.
		return &schedule{next: exp + exp/32 + 10*time.Millisecond, step: -1}
	}
	return &schedule{next: pollFirst}
}

func (s *schedule) delay() time.Duration {
	d := s.next
	if s.step < 0 { // after a missed estimate: restart the ladder from a short step
		s.step = 0
		s.next = pollFirst / 2
		return d
	}
	s.step++
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
		if err := sleep(ctx, sched.delay()); err != nil {
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
