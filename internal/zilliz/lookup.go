package zilliz

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"
)

const (
	// roundHold bounds how long a round waits for its describes before the next
	// round may start: lookups meet while calls are in flight, yet one slow or
	// retried describe does not hold up the region's other lookups.
	roundHold = time.Second
	// listPause is how long a region's lookups go without list pages after a
	// page failed or the region counted no clusters.
	listPause = time.Minute
	// waitShare is the share of a paced rate that the looks of waits may
	// spend: under a rate limit every look is a call a create or a drop does
	// not get, so rounds of looks are spaced (see holdWaits). With 200
	// clusters at -parallelism=20 against a global limit (BENCHMARKS.md), 0.2
	// took apply at 5/s from 57.4 s (no spacing) to 52.3 s and destroy at 20/s
	// from 18.1 s to 16.2-17.4 s; 0.1 made fewer calls but ended later (54.6 s
	// and 18.7 s): the waits, noticing ends later, then held Terraform's slots.
	waitShare = 0.2
	// lineHold bounds how long waits' looks defer to a pacer line that does
	// not empty: no longer than the ladder's longest step (pollCap).
	lineHold = pollCap
)

// Lookup returns the cluster as Terraform's refresh needs it, for callers that
// look up many clusters at once. Lookups of one region are served from its
// list pages whenever that takes fewer calls than a describe each, and by a
// describe otherwise; the pages of a listing are requested together.
//
// The freshness rule (DESIGN.md, "Reads from list pages"): an answer never
// comes from a listing requested more than listingMaxAge ago, nor from one
// requested before this client's own last change to the cluster (see
// changed). A cluster the listing does not show is described, so it is never
// reported gone on a listing's word. ErrNotFound means the cluster does not
// exist in region.
func (s *Clusters) Lookup(ctx context.Context, region, id string) (*ClusterSummary, error) {
	if err := validateLookup(region, id); err != nil {
		return nil, err
	}
	b := s.batcherOf(region)
	w := newWaiter(ctx, id)
	w.read, w.notBefore, w.afterGen = true, time.Now().Add(-listingMaxAge), s.changedAt(b, id)
	l := b.await(w)
	return l.c, l.err
}

func validateLookup(region, id string) error {
	if err := ValidateClusterID(id); err != nil {
		return err
	}
	return ValidateRegionID(region)
}

func (s *Clusters) batcherOf(region string) *batcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.batchers[region]
	if b == nil {
		b = &batcher{s: s, region: region, pageSize: listPageSize, wake: make(chan struct{}, 1)}
		s.batchers[region] = b
	}
	return b
}

// batcher serves the lookups of one region: from its last listing when that is
// fresh enough, otherwise in rounds. Lookups that arrive while a round runs wait
// for the next one, which is how overlapping lookups meet; a lookup that finds
// no round running starts one at once, so a lone lookup waits for nothing.
type batcher struct {
	s      *Clusters
	region string

	mu      sync.Mutex
	queue   []*waiter
	running bool
	gen     int               // listings started so far: the generation of the latest
	last    map[string]listed // the clusters of the latest listing, each with its page's send time
	lastGen int               // the latest listing's generation
	lastAt  time.Time         // when the latest listing's first page was requested
	reads   []time.Time       // when recent reads (not waits) arrived, over listingMaxAge
	waitsAt time.Time         // when the last round of waits' looks began
	wake    chan struct{}     // poked when a read is queued: a held round of waits ends its hold

	// What the last page said, and when listing may resume. Only the running
	// round reads or writes these.
	counted    bool
	count      int // clusters in the region, DELETED included
	pageSize   int // as the API answered it (it may cap what was asked)
	pauseUntil time.Time
}

// listed is a cluster as a page showed it, and when that page was requested.
type listed struct {
	c    *ClusterSummary
	sent time.Time
}

// pages is how many pages the region's clusters take at the last count.
func (b *batcher) pages() int { return (b.count + b.pageSize - 1) / b.pageSize }

// look is one answer to a lookup: the cluster (nil with an error), and when the
// request that showed it was sent.
type look struct {
	c    *ClusterSummary
	sent time.Time
	err  error
}

// waiter is one lookup; done is closed once its answer is set.
type waiter struct {
	ctx context.Context
	id  string
	// A listing serves the waiter only if it started after generation afterGen
	// (a wait's look: after the look began; a read: after this client's last
	// change to the cluster) and its first page went out at notBefore or later.
	afterGen  int
	notBefore time.Time
	read      bool // a refresh's read (more come while a listing is fresh), not a wait's look
	done      chan struct{}
	answer    look
	left      bool // counted out of its round (answered or gone); guarded by round.mu
}

func newWaiter(ctx context.Context, id string) *waiter {
	return &waiter{ctx: ctx, id: id, done: make(chan struct{})}
}

// servable reports whether the latest listing is recent enough for w. Call with b.mu held.
func (b *batcher) servable(w *waiter) bool {
	return b.last != nil && b.lastGen > w.afterGen && !b.lastAt.Before(w.notBefore)
}

// await serves w and returns its answer, or ctx's error once w's context ends.
func (b *batcher) await(w *waiter) look {
	b.enqueue(w)
	select {
	case <-w.done:
		return w.answer
	case <-w.ctx.Done():
		return look{err: w.ctx.Err()}
	}
}

// enqueue answers each waiter from the last listing if it may, and queues the
// others for a round, together: waiters enqueued at once meet in one round.
func (b *batcher) enqueue(ws ...*waiter) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range ws {
		if err := w.ctx.Err(); err != nil {
			w.answer = look{err: err}
			close(w.done)
			continue
		}
		if !w.read {
			w.afterGen = b.gen // a wait's look needs a listing that starts after it
		} else {
			b.reads = append(trimBefore(b.reads, now.Add(-listingMaxAge)), now)
		}
		if f, ok := b.last[w.id]; ok && b.servable(w) {
			c := *f.c
			w.answer = look{c: &c, sent: f.sent}
			close(w.done)
			continue
		}
		b.queue = append(b.queue, w)
		if w.read {
			select { // a round held for waits must not hold a read
			case b.wake <- struct{}{}:
			default:
			}
		}
	}
	if len(b.queue) > 0 && !b.running {
		b.running = true
		go b.run()
	}
}

// run serves rounds until no lookup is waiting.
func (b *batcher) run() {
	for {
		b.mu.Lock()
		ws := b.queue
		if len(ws) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		if hold := b.holdWaits(ws, time.Now()); hold > 0 {
			b.mu.Unlock()
			// The looks that come meanwhile join this round; a read ends the
			// hold, and the waits then ride on its round.
			t := time.NewTimer(hold)
			select {
			case <-t.C:
			case <-b.wake:
			}
			t.Stop()
			continue
		}
		b.queue = nil
		b.mu.Unlock()
		b.serve(ws)
	}
}

// holdWaits is how long a round of waits' looks waits before it starts while
// the pacer paces. Two things hold it:
//
//   - waits spend at most waitShare of the rate: a round costs at most a page
//     per page of the region, and the looks that come while it waits share
//     those pages;
//   - while other requests wait in the pacer's line, up to lineHold after the
//     last round: they already use the whole budget, so a look would only free
//     Terraform slots for more creates or drops to queue behind them. The round
//     goes as the line empties, when the slots it frees can be used at once.
//
// Reads are never held (a refresh's reads are what a user waits for), and one
// queued during a hold ends it (see wake). Call with b.mu held, from the
// running round.
func (b *batcher) holdWaits(ws []*waiter, now time.Time) time.Duration {
	rate := b.s.c.pacer.Pace()
	if rate == 0 || slices.ContainsFunc(ws, func(w *waiter) bool { return w.read }) {
		return 0
	}
	pages := 1
	if b.counted {
		pages = max(b.pages(), 1)
	}
	next := b.waitsAt.Add(time.Duration(float64(pages) / (rate * waitShare) * float64(time.Second)))
	if now.Before(next) {
		return next.Sub(now)
	}
	if b.s.c.pacer.Queued() > 0 && now.Before(b.waitsAt.Add(lineHold)) {
		return time.Duration(float64(time.Second) / rate) // the line moves a request per interval
	}
	b.waitsAt = now
	return 0
}

// serve answers the waiters of a round: from the last listing or new list
// pages when that takes fewer calls, by a describe each for the rest.
func (b *batcher) serve(ws []*waiter) {
	r := newRound(ws)
	defer r.end()
	var open []*waiter // those that still wait
	for _, w := range ws {
		if w.ctx.Err() == nil {
			open = append(open, w)
		}
	}
	open = b.fromListing(r, open)
	// Those a listing recent enough for them does not show are described;
	// the others need a newer listing, if that takes fewer calls.
	var absent, stale []*waiter
	b.mu.Lock()
	for _, w := range open {
		if b.servable(w) {
			absent = append(absent, w)
		} else {
			stale = append(stale, w)
		}
	}
	b.mu.Unlock()
	if len(stale) > 0 && time.Now().After(b.pauseUntil) && b.worthListing(stale) {
		if !b.counted {
			// The first page tells how many there are; list the rest only if it still pays.
			b.fromPages(r, 1, 1)
			if b.counted && b.pages() > 1 && time.Now().After(b.pauseUntil) && b.worthListing(stale) {
				b.fromPages(r, 2, b.pages())
			}
		} else {
			b.fromPages(r, 1, b.pages())
		}
		stale = b.fromListing(r, stale)
	}
	open = slices.Concat(absent, stale)
	// Describes use each waiter's own context and go on past the hold.
	var wg sync.WaitGroup
	for _, w := range open {
		wg.Go(func() {
			var d Cluster
			var c *ClusterSummary
			cl, err := b.s.c.describeCall(b.region, w.id)
			var res outcome
			if err == nil {
				res, err = b.s.c.describe(w.ctx, cl, &d)
			}
			if err == nil {
				c = &d.ClusterSummary
			}
			r.answer(w, look{c, res.sent, err})
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

// worthListing reports whether listing the region takes fewer calls than
// describing open: at least as many waiters as pages, counting, when reads are
// among them, the reads of the last listingMaxAge, as a refresh's reads keep
// coming and a listing serves them all while fresh. A wait's look needs a
// listing newer than itself, so waits count only themselves.
func (b *batcher) worthListing(open []*waiter) bool {
	demand := len(open)
	if slices.ContainsFunc(open, func(w *waiter) bool { return w.read }) {
		b.mu.Lock()
		demand = max(demand, len(trimBefore(b.reads, time.Now().Add(-listingMaxAge))))
		b.mu.Unlock()
	}
	if !b.counted {
		return demand > 1 // one page tells the count, and may serve several
	}
	return b.count > 0 && demand >= b.pages()
}

// fromListing answers the waiters whose cluster the last listing shows, fresh
// enough for them, and returns the others, to be described.
func (b *batcher) fromListing(r *round, open []*waiter) []*waiter {
	var rest []*waiter
	for _, w := range open {
		b.mu.Lock()
		f, ok := b.last[w.id]
		ok = ok && b.servable(w)
		b.mu.Unlock()
		if ok {
			c := *f.c
			r.answer(w, look{c: &c, sent: f.sent})
			continue
		}
		rest = append(rest, w)
	}
	b.s.c.log.Debug(r.ctx, "cluster lookups served by list pages", map[string]any{
		"region": b.region, "lookups": len(open), "served": len(open) - len(rest)})
	return rest
}

// fromPages requests pages first..last at once and makes what they show the
// last listing (page 1 alone starts a new one). A page that fails pauses
// listing: describes serve the region meanwhile.
func (b *batcher) fromPages(r *round, first, last int) {
	type page struct {
		l    *ClusterList
		sent time.Time
		err  error
	}
	pages := make([]page, last-first+1)
	b.mu.Lock()
	if first == 1 {
		b.gen++
	}
	gen := b.gen
	b.mu.Unlock()
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() {
			// No retries of transient failures: describes are the fallback.
			cl := b.s.c.listCall(b.region, ClusterListOptions{PageSize: listPageSize, CurrentPage: first + i})
			cl.once = true
			var l ClusterList
			res, err := b.s.c.do(r.ctx, cl, &l)
			if err == nil {
				err = checkPage(&l, first+i)
			}
			pages[i].l, pages[i].sent, pages[i].err = &l, res.sent, err
		})
	}
	wg.Wait()
	byID, at := map[string]listed{}, pages[0].sent
	if first > 1 { // the rest of the listing page 1 began
		b.mu.Lock()
		maps.Copy(byID, b.last)
		at = b.lastAt
		b.mu.Unlock()
	}
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
			byID[p.l.Clusters[i].ID] = listed{&p.l.Clusters[i], p.sent}
		}
	}
	if b.counted && b.count == 0 {
		b.pauseUntil = time.Now().Add(listPause) // nothing to list until clusters are made
	}
	b.mu.Lock()
	b.last, b.lastAt, b.lastGen = byID, at, gen
	b.mu.Unlock()
	b.s.c.log.Debug(r.ctx, "listed clusters for lookups", map[string]any{
		"region": b.region, "first_page": first, "last_page": last, "clusters": len(byID)})
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

func (r *round) answer(w *waiter, l look) {
	w.answer = l
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

// trimBefore drops the times in ts, which is in order, that are before cutoff.
func trimBefore(ts []time.Time, cutoff time.Time) []time.Time {
	return ts[sort.Search(len(ts), func(i int) bool { return !ts[i].Before(cutoff) }):]
}
