package zilliz

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/poll"
)

// Operation kinds whose durations the estimator learns separately.
const (
	opCreate = "create"
	opModify = "modify"
	opDelete = "delete"
)

// follower is a wait that follows a scout: the scout's looks answer on looks.
type follower struct {
	ctx   context.Context
	id    string
	looks chan look // the latest answer, buffered
}

// lookWith makes the scout's look at id, with one at each follower's cluster in
// the same round, and hands each follower its answer.
func lookWith(ctx context.Context, sc *poll.Scout[*follower], r *listing.Reader[ClusterSummary], id string) look {
	own := listing.NewLook[ClusterSummary](ctx, id)
	ws := []*listing.Waiter[ClusterSummary]{own}
	for _, f := range sc.Followers() {
		w := listing.NewLook[ClusterSummary](f.ctx, f.id)
		ws = append(ws, w)
		go func() {
			select {
			case <-w.Done():
				keepLatest(f.looks, lookOf(w.Answer()))
			case <-f.ctx.Done():
			}
		}()
	}
	r.Enqueue(ws...)
	select {
	case <-own.Done():
		return lookOf(own.Answer())
	case <-ctx.Done():
		return look{err: ctx.Err()}
	}
}

// keepLatest puts l in looks, a buffer of one, in place of any answer not yet
// taken. It never blocks: two rounds may answer for one follower at once, and
// a follower whose wait has ended takes neither.
func keepLatest(looks chan look, l look) {
	for {
		select {
		case looks <- l:
			return
		default:
		}
		select {
		case <-looks:
		default:
		}
	}
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
	r := s.readerOf(region)
	sched := s.c.polls.Schedule(kind, region)
	defer sched.Done()
	var f *follower
	if sched.Following() {
		f = &follower{ctx: ctx, id: id, looks: make(chan look, 1)}
		defer sched.Scout().Follow(f)()
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
		l, err := s.nextLook(ctx, r, sched, f, id, start, kind)
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
			s.c.polls.Observe(kind, lo, lookedAt)
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
func (s *Clusters) nextLook(ctx context.Context, r *listing.Reader[ClusterSummary], sched *poll.Schedule[*follower],
	f *follower, id string, start time.Time, kind string) (look, error) {
	for sched.Following() {
		select {
		case l := <-f.looks:
			return l, nil
		case <-sched.Scout().Ended():
			sched.Replan(s.c.polls, kind)
		case <-ctx.Done():
			return look{}, ctx.Err()
		}
	}
	if err := sleep(ctx, sched.Delay(time.Since(start))); err != nil {
		return look{}, err
	}
	if sched.Leading() {
		return lookWith(ctx, sched.Scout(), r, id), nil
	}
	return lookOf(r.Await(listing.NewLook[ClusterSummary](ctx, id))), nil
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
