package zilliz

import (
	"context"
	"errors"
	"sync"
	"time"
)

const (
	// listPageSize is the page size lookups ask for: the API's largest.
	listPageSize = 100
	// roundHold bounds how long a round waits for its describes before the next
	// round may start: lookups meet while calls are in flight, yet one slow or
	// retried describe does not hold up the region's other lookups.
	roundHold = time.Second
	// listPause is how long a region's lookups go without list pages after a
	// page failed or the region counted no clusters.
	listPause = time.Minute
)

// Lookup returns the cluster, like Describe, for callers that look up many
// clusters at once, as Terraform's refresh does. Lookups of one region that
// overlap are served together: by the region's list pages when that takes
// fewer calls than a describe each, by a describe each otherwise. On an API that
// limits its rate, a refresh of hundreds of clusters then costs a few calls per
// hundred instead of one per cluster.
//
// An answer is never older than the call: a list page serves only lookups that
// began before it was requested. A cluster the pages do not show is described,
// so it is never reported gone on a listing's word. A cluster served from a page
// has the fields the live API's list documents: StorageSize, SnapshotNumber and
// CreateProgress may be zero; callers that need them use Describe. ErrNotFound
// means the cluster does not exist in region.
func (s *Clusters) Lookup(ctx context.Context, region, id string) (*Cluster, error) {
	c, _, err := s.lookup(ctx, region, id)
	return c, err
}

// lookup is Lookup that also tells when the answered request was sent.
func (s *Clusters) lookup(ctx context.Context, region, id string) (*Cluster, time.Time, error) {
	if err := ValidateClusterID(id); err != nil {
		return nil, time.Time{}, err
	}
	if err := ValidateRegionID(region); err != nil {
		return nil, time.Time{}, err
	}
	return s.batcherOf(region).lookup(ctx, id)
}

func (s *Clusters) batcherOf(region string) *batcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.batchers[region]
	if b == nil {
		b = &batcher{s: s, region: region, pageSize: listPageSize}
		s.batchers[region] = b
	}
	return b
}

// batcher serves the lookups of one region in rounds. Lookups that arrive while
// a round runs wait for the next one, which is how overlapping lookups meet; a
// lookup that finds no round running starts one at once, so a lone lookup waits
// for nothing.
type batcher struct {
	s      *Clusters
	region string

	mu      sync.Mutex
	queue   []*waiter
	running bool

	// What the last page said, and when listing may resume. Only the running
	// round reads or writes these.
	counted    bool
	count      int // clusters in the region, DELETED included
	pageSize   int // as the API answered it (it may cap what was asked)
	pauseUntil time.Time
}

// pages is how many pages the region's clusters take at the last count.
func (b *batcher) pages() int { return (b.count + b.pageSize - 1) / b.pageSize }

// waiter is one lookup; done is closed once its answer is set.
type waiter struct {
	ctx  context.Context
	id   string
	done chan struct{}
	c    *Cluster
	sent time.Time // when the answered request went out
	err  error
	left bool // counted out of its round (answered or gone); guarded by round.mu
}

func (b *batcher) lookup(ctx context.Context, id string) (*Cluster, time.Time, error) {
	if err := ctx.Err(); err != nil {
		return nil, time.Time{}, err
	}
	w := &waiter{ctx: ctx, id: id, done: make(chan struct{})}
	b.mu.Lock()
	b.queue = append(b.queue, w)
	if !b.running {
		b.running = true
		go b.run()
	}
	b.mu.Unlock()
	select {
	case <-w.done:
		return w.c, w.sent, w.err
	case <-ctx.Done():
		return nil, time.Time{}, ctx.Err()
	}
}

// run serves rounds until no lookup is waiting.
func (b *batcher) run() {
	for {
		b.mu.Lock()
		ws := b.queue
		b.queue = nil
		if len(ws) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		b.serve(ws)
	}
}

// serve answers the waiters of a round: from list pages when there are more
// waiters than pages, by a describe each for the rest.
func (b *batcher) serve(ws []*waiter) {
	r := newRound(ws)
	defer r.end()
	var open []*waiter // those that still wait
	for _, w := range ws {
		if w.ctx.Err() == nil {
			open = append(open, w)
		}
	}
	if time.Now().After(b.pauseUntil) {
		switch {
		case !b.counted && len(open) > 1:
			// The first page tells how many there are; list the rest only if it still pays.
			open = b.fromPages(r, open, 1, 1)
			if rest := b.pages() - 1; b.counted && rest > 0 && len(open) > rest && time.Now().After(b.pauseUntil) {
				open = b.fromPages(r, open, 2, b.pages())
			}
		case b.counted && b.count > 0 && len(open) > b.pages():
			open = b.fromPages(r, open, 1, b.pages())
		}
	}
	// Describes use each waiter's own context and go on past the hold.
	var wg sync.WaitGroup
	for _, w := range open {
		wg.Go(func() {
			c, sent, err := b.s.describe(w.ctx, b.region, w.id)
			r.answer(w, c, sent, err)
		})
	}
	described := make(chan struct{})
	go func() { wg.Wait(); close(described) }()
	hold := time.NewTimer(roundHold)
	defer hold.Stop()
	select {
	case <-described:
	case <-hold.C:
	}
}

// fromPages requests pages first..last at once, answers the waiters whose
// cluster they show, and returns the others, to be described. A page that fails
// answers no one and pauses listing: describes serve the region meanwhile.
func (b *batcher) fromPages(r *round, open []*waiter, first, last int) []*waiter {
	type page struct {
		l    *ClusterList
		sent time.Time
		err  error
	}
	pages := make([]page, last-first+1)
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() {
			// No retries of transient failures: describes are the fallback.
			l, sent, err := b.s.list(r.ctx, b.region, ClusterListOptions{PageSize: listPageSize, CurrentPage: first + i}, true)
			if err == nil && l.CurrentPage != 0 && l.CurrentPage != first+i {
				err = errPageIgnored
			}
			pages[i] = page{l, sent, err}
		})
	}
	wg.Wait()
	type seen struct {
		c    *Cluster
		sent time.Time
	}
	byID := map[string]seen{}
	for _, p := range pages {
		if p.err != nil {
			if r.ctx.Err() == nil { // not merely every waiter giving up
				b.pauseUntil = time.Now().Add(listPause)
				b.s.c.log.Warn(r.ctx, "listing clusters for lookups failed; describing them instead for a while",
					map[string]any{"region": b.region, "error": p.err.Error(), "pause_s": listPause.Seconds()})
			}
			continue
		}
		b.counted, b.count = true, p.l.Count
		if p.l.PageSize > 0 {
			b.pageSize = p.l.PageSize
		}
		for i := range p.l.Clusters {
			byID[p.l.Clusters[i].ID] = seen{&p.l.Clusters[i], p.sent}
		}
	}
	if b.counted && b.count == 0 {
		b.pauseUntil = time.Now().Add(listPause) // nothing to list until clusters are made
	}
	var rest []*waiter
	for _, w := range open {
		if f, ok := byID[w.id]; ok {
			c := *f.c
			r.answer(w, &c, f.sent, nil)
			continue
		}
		rest = append(rest, w)
	}
	b.s.c.log.Debug(r.ctx, "cluster lookups served by list pages", map[string]any{
		"region": b.region, "pages": len(pages), "lookups": len(open), "served": len(open) - len(rest)})
	return rest
}

// errPageIgnored is a page that answered another page number than asked: an API
// that ignores the parameter would show page 1 for every page.
var errPageIgnored = errors.New("the list answered another page than the one asked for")

// round is one round's shared state: the context of its list pages, which keeps
// the first waiter's values (for logging) and ends once every waiter has been
// answered or has given up, so that no one's cancellation fails the others.
type round struct {
	ctx    context.Context
	cancel context.CancelFunc
	stops  []func() bool

	mu      sync.Mutex
	waiting int
}

func newRound(ws []*waiter) *round {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ws[0].ctx))
	r := &round{ctx: ctx, cancel: cancel, waiting: len(ws)}
	for _, w := range ws {
		r.stops = append(r.stops, context.AfterFunc(w.ctx, func() { r.leave(w) }))
	}
	return r
}

func (r *round) answer(w *waiter, c *Cluster, sent time.Time, err error) {
	w.c, w.sent, w.err = c, sent, err
	close(w.done)
	r.leave(w)
}

// leave counts w out of the round, once.
func (r *round) leave(w *waiter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if w.left {
		return
	}
	w.left = true
	if r.waiting--; r.waiting == 0 {
		r.cancel()
	}
}

func (r *round) end() {
	for _, stop := range r.stops {
		stop()
	}
	r.cancel()
}
