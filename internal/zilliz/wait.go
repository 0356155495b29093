package zilliz

import (
	"context"
	"errors"
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
	// wave notices its end only at the scout's looks, which list pages make cheap
	// to share. A step of 10% of the time so far leaves the end noticed about 5%
	// late on average (BENCHMARKS.md, single wave at 60 s and 300 s).
	scoutGrowth = 1.1
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
	// scouts holds, per kind and region, the wait that walks the ladder while
	// nothing is known yet.
	scouts map[string]*scout
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
		scouts: map[string]*scout{}, probes: map[string]probeCount{}}
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
// With nothing learnt yet for its kind, the first wait in a region is the
// scout: it walks the ladder. Waits that start while a scout is out follow it:
// rather than each walking the same ladder (20 clusters in a first wave would
// cost 20 times the looks), each of the scout's looks looks at its followers'
// clusters too, in one round, which list pages serve with a page or two. Once
// the scout ends, its followers look where its operation ended, or walk the
// ladder if it learnt nothing.
type schedule struct {
	looks   []time.Duration // remaining estimated looks, as delays from the operation's start
	next    time.Duration   // next ladder step
	growth  float64         // the ladder's growth per step
	scout   *scout          // a scout's own, or a follower's scout
	leading bool            // this wait is the scout
	release func()          // a scout's: ends its scouting
}

// scout is the first wait of a kind in a region while nothing is learnt.
type scout struct {
	ended chan struct{} // closed when the scout's wait ends

	mu        sync.Mutex
	followers map[*follower]struct{}
}

// follower is a wait that follows a scout: the scout's looks answer on looks.
type follower struct {
	ctx   context.Context
	id    string
	looks chan look // the latest answer, buffered
}

func (e *pollEstimator) schedule(kind, region string) *schedule {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &schedule{looks: e.firstLooksLocked(kind), next: pollFirst, growth: pollGrowth}
	if len(s.looks) > 0 {
		return s
	}
	key := kind + " " + region
	if sc, ok := e.scouts[key]; ok {
		s.scout = sc
		return s
	}
	sc := &scout{ended: make(chan struct{}), followers: map[*follower]struct{}{}}
	e.scouts[key] = sc
	s.scout, s.leading, s.growth = sc, true, scoutGrowth
	s.release = func() {
		e.mu.Lock()
		delete(e.scouts, key)
		e.mu.Unlock()
		close(sc.ended)
	}
	return s
}

// following reports whether the schedule still follows a scout.
func (s *schedule) following() bool { return s.scout != nil && !s.leading }

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
	s.scout = nil
	if s.looks = e.firstLooks(kind); len(s.looks) == 0 {
		s.next = pollFirst
	}
}

// follow registers a follower with the scout until the returned func is called.
func (sc *scout) follow(f *follower) (stop func()) {
	sc.mu.Lock()
	sc.followers[f] = struct{}{}
	sc.mu.Unlock()
	return func() {
		sc.mu.Lock()
		delete(sc.followers, f)
		sc.mu.Unlock()
	}
}

// lookWith makes the scout's look at id, with one at each follower's cluster in
// the same round, and hands each follower its answer.
func (sc *scout) lookWith(ctx context.Context, b *batcher, id string) look {
	own := newWaiter(ctx, id)
	ws := []*waiter{own}
	sc.mu.Lock()
	for f := range sc.followers {
		w := newWaiter(f.ctx, f.id)
		ws = append(ws, w)
		go func() {
			select {
			case <-w.done:
				select { // keep only the latest answer
				case <-f.looks:
				default:
				}
				f.looks <- w.answer
			case <-f.ctx.Done():
			}
		}()
	}
	sc.mu.Unlock()
	b.enqueue(ws...)
	select {
	case <-own.done:
		return own.answer
	case <-ctx.Done():
		return look{err: ctx.Err()}
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
// context ends first. Every look is sent after poll began, so a wait that starts once its
// operation was accepted never ends on an answer from before.
func (s *Clusters) poll(ctx context.Context, kind, region, id string,
	check func(*ClusterSummary, error) (done bool, err error)) (*ClusterSummary, error) {
	if err := validateLookup(region, id); err != nil {
		return nil, err
	}
	start := time.Now()
	b := s.batcherOf(region)
	sched := s.c.polls.schedule(kind, region)
	defer sched.done()
	var f *follower
	if sched.following() {
		f = &follower{ctx: ctx, id: id, looks: make(chan look, 1)}
		defer sched.scout.follow(f)()
	}
	var lo time.Duration
	last := "unknown"
	var failed error // the last look's transient failure, if it failed
	ended := func(err error) error {
		err = fmt.Errorf("cluster %s still %s after %s: %w", id, last, time.Since(start).Round(time.Second), err)
		if failed != nil {
			err = fmt.Errorf("%w (the last look failed: %w)", err, failed)
		}
		return err
	}
	for {
		l, err := s.nextLook(ctx, b, sched, f, id, start, kind)
		if err != nil {
			return nil, ended(err)
		}
		// Measured when the answered request went out, past any queue in the
		// pacer: looks are scheduled as sends, so sends are the scale to learn
		// on. The answer's time would add a round trip to every bound, and a look
		// at the shortest bound would record a later one each time, so the
		// estimate would creep later operation by operation.
		lookedAt := time.Since(start)
		if !l.sent.IsZero() {
			lookedAt = l.sent.Sub(start)
		}
		if ctx.Err() != nil {
			return nil, ended(ctx.Err())
		}
		s.logLook(ctx, kind, region, id, lookedAt, l)
		// A look that failed transiently (its own retries spent) says nothing of
		// the operation: the wait goes on, on its ladder, until its context ends.
		// A gateway's bad minutes must not end a 20-minute wait.
		if l.err != nil && isTransient(l.err) {
			failed = l.err
			continue
		}
		failed = nil
		done, cerr := check(l.c, l.err)
		var serr *StatusError
		if errors.As(cerr, &serr) {
			return nil, cerr // says itself that waiting cannot help
		}
		if cerr != nil {
			return nil, fmt.Errorf("waiting for cluster %s (%s so far, last seen %s) ended on an error that waiting cannot "+
				"outlast: %w", id, time.Since(start).Round(time.Second), last, cerr)
		}
		if done {
			s.c.polls.observe(kind, lo, lookedAt)
			return l.c, nil
		}
		lo = lookedAt
		if l.c != nil {
			last = l.c.Status
		}
	}
}

// nextLook waits for the schedule's next look and makes it: a follower gets the
// one its scout makes, others look up the cluster in a round of the region's
// lookups, so that looks of many waits that fall together share list pages.
func (s *Clusters) nextLook(ctx context.Context, b *batcher, sched *schedule, f *follower,
	id string, start time.Time, kind string) (look, error) {
	for sched.following() {
		select {
		case l := <-f.looks:
			return l, nil
		case <-sched.scout.ended:
			sched.replan(s.c.polls, kind)
		case <-ctx.Done():
			return look{}, ctx.Err()
		}
	}
	if err := sleep(ctx, sched.delay(time.Since(start))); err != nil {
		return look{}, err
	}
	if sched.leading {
		return sched.scout.lookWith(ctx, b, id), nil
	}
	return b.await(newWaiter(ctx, id)), nil
}

// logLook logs, at debug level, the status one look of a wait saw.
func (s *Clusters) logLook(ctx context.Context, kind, region, id string, at time.Duration, l look) {
	fields := map[string]any{"cluster_id": id, "region": region, "operation": kind,
		"elapsed_ms": at.Milliseconds(), "status": "(not found)"}
	switch {
	case l.c != nil:
		fields["status"] = l.c.Status
	case l.err != nil && !IsNotFound(l.err):
		fields["status"], fields["error"] = "(error)", l.err.Error()
	}
	s.c.log.Debug(ctx, "polled cluster", fields)
}

// Until is the state a Wait waits for. Each target is learnt apart by the
// poll estimator, as its operations take their own time.
type Until int

// The targets of Wait.
const (
	// UntilCreated: a cluster just created is RUNNING.
	UntilCreated Until = iota + 1
	// UntilModified: a cluster whose modify was accepted is RUNNING again.
	UntilModified
	// UntilDeleted: the cluster shows DELETED, or describe answers that it is
	// gone; Wait then returns the last cluster seen (nil when not found).
	UntilDeleted
	// UntilSuspended: the cluster is suspended (SUSPENDED or STOPPED).
	UntilSuspended
	// UntilResumed: the cluster is RUNNING after a resume.
	UntilResumed
	// UntilSettled: the cluster is RUNNING or suspended, for callers that must
	// not act on a cluster still on its way somewhere (a suspend, a resume).
	UntilSettled
)

// target is what a wait for one Until looks for: the operation kind the
// estimator learns under, the state as errors name it, and when it is reached.
type target struct {
	kind    string
	want    string
	reached func(*ClusterSummary) bool
}

func isRunning(c *ClusterSummary) bool { return c.Status == StatusRunning }

var targets = map[Until]target{
	UntilCreated:   {opCreate, StatusRunning, isRunning},
	UntilModified:  {opModify, StatusRunning, isRunning},
	UntilDeleted:   {opDelete, StatusDeleted, (*ClusterSummary).Deleted},
	UntilSuspended: {opSuspend, "SUSPENDED", (*ClusterSummary).Suspended},
	UntilResumed:   {opResume, StatusRunning, isRunning},
	UntilSettled: {opSettle, "RUNNING or SUSPENDED", func(c *ClusterSummary) bool {
		return c.Status == StatusRunning || c.Suspended()
	}},
}

// Wait waits until the cluster reaches until, and returns the last cluster
// seen. A cluster that turns ABNORMAL or FROZEN ends the wait at once with a
// *StatusError; one that disappears (or turns DELETED) while any other state
// is awaited is an error wrapping ErrNotFound. A look that fails transiently
// does not end the wait; one that fails otherwise does.
func (s *Clusters) Wait(ctx context.Context, region, id string, until Until) (*ClusterSummary, error) {
	t, ok := targets[until]
	if !ok {
		return nil, fmt.Errorf("%w: unknown wait target %d", ErrInvalidInput, until)
	}
	return s.poll(ctx, t.kind, region, id, func(c *ClusterSummary, err error) (bool, error) {
		switch {
		case until == UntilDeleted && IsNotFound(err):
			return true, nil
		case err != nil:
			return false, err
		case c.Failed():
			return false, &StatusError{ClusterID: id, Status: c.Status, Waiting: t.want}
		case until != UntilDeleted && c.Deleted():
			return false, fmt.Errorf("cluster %s was deleted while waiting for %s: %w", id, t.want, ErrNotFound)
		}
		return t.reached(c), nil
	})
}
