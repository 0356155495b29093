// Package listing serves lookups of one region's items from its list pages
// whenever that takes fewer calls than a describe each, under a freshness
// rule (DESIGN.md, "Reads from list pages"). It knows nothing of the API: a
// Fetcher describes one item or fetches one page, a Budget says how the
// requests are paced, and items are whatever the Fetcher returns.
package listing

import (
	"context"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/poll"
)

// MaxAge is the oldest a listing may be and still serve a read. A
// refresh spreads its reads over its own length, so a read answered by a
// describe at its start is as old by the time the plan is shown: a bound of
// that order adds no staleness a user can act on, and changes the client
// makes are excluded on their own (a read names the generation it must be
// newer than). The plan of 1,000 clusters at 150 ms took 6.03 to 6.90 s with
// 11 calls, list 10 and describe 1 (BENCHMARKS.md "Run of 2026-12-02 14:29 UTC"
// row "| 1000 | 150ms |"): one listing serves nearly all of such a refresh.
// No BENCHMARKS.md row tells this value apart from others of the same order:
// no run varied it.
const MaxAge = 5 * time.Second

const (
	// RoundHold bounds how long a round waits for its describes before the next
	// round may start: lookups meet while calls are in flight, yet one slow or
	// retried describe does not hold up the region's other lookups. No
	// BENCHMARKS.md row tells this value apart: describes answer in
	// milliseconds in every run, so no round waits this long.
	RoundHold = time.Second
	// listPause is how long a region's lookups go without list pages after a
	// page failed or the region counted no clusters. No BENCHMARKS.md row
	// tells this value apart: no run fails a page.
	listPause = time.Minute
	// WaitShare is the share of a paced rate that the looks of waits may
	// spend: under a rate limit every look is a call a create or a drop does
	// not get, so rounds of looks are spaced (see holdWaits). With 200
	// clusters at -parallelism=20 against a global limit, 0.2 took apply at 5/s
	// from 57.35 s with no spacing (BENCHMARKS.md "Before looks were held under
	// a rate limit" row "| 5/s | global | apply |") to 52.28 s (BENCHMARKS.md
	// "Before looks deferred to the pacer's line" row "| global | apply |", its
	// first figure), and destroy at 20/s from 18.09 s (BENCHMARKS.md "Before
	// looks were held under a rate limit" row "| 20/s | global | destroy |") to
	// 16.17 s (BENCHMARKS.md "Run of 2026-12-02 15:32 UTC" row "| 20/s | global | destroy |").
	// A trial of 0.1, whose figures BENCHMARKS.md does not keep, made fewer
	// calls but ended later: the waits, noticing ends later, held Terraform's
	// slots.
	WaitShare = 0.2
	// lineHold bounds how long waits' looks defer to a pacer line that does
	// not empty: no longer than the poll ladder's longest step (poll.Cap).
	// Deferring took apply and destroy under a global limit at 5/s to 1.22 and
	// 1.20 of the floor (BENCHMARKS.md "Before looks deferred to the pacer's
	// line" row "| global | destroy |"); no BENCHMARKS.md row tells this value
	// apart, as no run holds that long.
	lineHold = poll.Cap
)

// Fetcher is what a Reader serves from. Each call reports when the request
// that answered went out (past any queue): the moment its answer describes.
type Fetcher[T any] interface {
	// Describe fetches one item; an error says it could not.
	Describe(ctx context.Context, id string) (T, time.Time, error)
	// Page fetches page n (1-based) once, without retrying transient
	// failures: describes are the fallback.
	Page(ctx context.Context, n int) (Page[T], time.Time, error)
}

// Page is one list page: its items by id, how many items there are in all
// (as the page says), and its page size as answered (0: as asked).
type Page[T any] struct {
	Items    map[string]T
	Count    int
	PageSize int
}

// Budget is the pace the requests share: Pace in requests/s (0: unpaced),
// how many requests wait in line for it, and Together, told before the n
// pages of a counted listing are requested at once so that they may go at
// once (pacing.Pacer.Together).
type Budget interface {
	Pace() float64
	Queued() int
	Together(n int)
}

// Logger receives what a Reader does. Fields never hold secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// New returns the Reader of region's lookups, whose pages hold pageSize items.
func New[T any](region string, f Fetcher[T], budget Budget, log Logger, pageSize int) *Reader[T] {
	return &Reader[T]{region: region, fetch: f, budget: budget, log: log, pageSize: pageSize, wake: make(chan struct{}, 1)}
}

// Reader serves the lookups of one region: from its last listing when that is
// fresh enough, otherwise in rounds. Lookups that arrive while a round runs wait
// for the next one, which is how overlapping lookups meet; a lookup that finds
// no round running starts one at once, so a lone lookup waits for nothing.
type Reader[T any] struct {
	region string
	fetch  Fetcher[T]
	budget Budget
	log    Logger

	mu      sync.Mutex
	queue   []*Waiter[T]
	running bool
	gen     int                  // listings started so far: the generation of the latest
	last    map[string]listed[T] // the items of the latest listing, each with its page's send time
	lastGen int                  // the latest listing's generation
	lastAt  time.Time            // when the latest listing's first page was requested
	reads   []time.Time          // when recent reads (not waits) arrived, over MaxAge
	waitsAt time.Time            // when the last round of waits' looks began
	wake    chan struct{}        // poked when a read is queued: a held round of waits ends its hold

	// What the last page said, and when listing may resume. Only the running
	// round reads or writes these.
	counted    bool
	count      int // items in the region, as the last page counted them
	pageSize   int // as the API answered it (it may cap what was asked)
	pauseUntil time.Time
}

// listed is an item as a page showed it, and when that page was requested.
type listed[T any] struct {
	item T
	sent time.Time
}

// pages is how many pages the region's items take at the last count.
func (b *Reader[T]) pages() int { return (b.count + b.pageSize - 1) / b.pageSize }

// Look is one answer to a lookup: the item (zero with an error), and when the
// request that showed it was sent.
type Look[T any] struct {
	Item T
	Sent time.Time
	Err  error
}

// Waiter is one lookup; Done is closed once its answer is set.
type Waiter[T any] struct {
	ctx context.Context
	id  string
	// A listing serves the waiter only if it started after generation afterGen
	// (a wait's look: after the look began; a read: after this client's last
	// change to the cluster) and its first page went out at notBefore or later.
	afterGen  int
	notBefore time.Time
	read      bool // a refresh's read (more come while a listing is fresh), not a wait's look
	done      chan struct{}
	answer    Look[T]
	left      bool // counted out of its round (answered or gone); guarded by round.mu
}

// NewLook is a wait's look at id: only a listing that starts after it
// serves it.
func NewLook[T any](ctx context.Context, id string) *Waiter[T] {
	return &Waiter[T]{ctx: ctx, id: id, done: make(chan struct{})}
}

// NewRead is a refresh's read of id: a listing serves it if its first page
// went out at notBefore or later and it started after generation afterGen
// (the last listing that started before the client's own last change to id).
// More reads come while a listing is fresh, so reads count towards listing.
func NewRead[T any](ctx context.Context, id string, notBefore time.Time, afterGen int) *Waiter[T] {
	w := NewLook[T](ctx, id)
	w.read, w.notBefore, w.afterGen = true, notBefore, afterGen
	return w
}

// Done is closed once the answer is set.
func (w *Waiter[T]) Done() <-chan struct{} { return w.done }

// Answer is the answer, once Done is closed.
func (w *Waiter[T]) Answer() Look[T] { return w.answer }

// Generation is the number of listings started so far: a change made now
// may predate each of them.
func (b *Reader[T]) Generation() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.gen
}

// Queued is how many lookups wait for the next round.
func (b *Reader[T]) Queued() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.queue)
}

// servable reports whether the latest listing is recent enough for w. Call with b.mu held.
func (b *Reader[T]) servable(w *Waiter[T]) bool {
	return b.last != nil && b.lastGen > w.afterGen && !b.lastAt.Before(w.notBefore)
}

// Await serves w and returns its answer, or ctx's error once w's context ends.
func (b *Reader[T]) Await(w *Waiter[T]) Look[T] {
	b.Enqueue(w)
	select {
	case <-w.done:
		return w.answer
	case <-w.ctx.Done():
		return Look[T]{Err: w.ctx.Err()}
	}
}

// Enqueue answers each waiter from the last listing if it may, and queues the
// others for a round, together: waiters enqueued at once meet in one round.
func (b *Reader[T]) Enqueue(ws ...*Waiter[T]) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, w := range ws {
		if err := w.ctx.Err(); err != nil {
			w.answer = Look[T]{Err: err}
			close(w.done)
			continue
		}
		if !w.read {
			w.afterGen = b.gen // a wait's look needs a listing that starts after it
		} else {
			b.reads = append(trimBefore(b.reads, now.Add(-MaxAge)), now)
		}
		if f, ok := b.last[w.id]; ok && b.servable(w) {
			w.answer = Look[T]{Item: f.item, Sent: f.sent}
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
func (b *Reader[T]) run() {
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
//   - waits spend at most WaitShare of the rate: a round costs at most a page
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
func (b *Reader[T]) holdWaits(ws []*Waiter[T], now time.Time) time.Duration {
	rate := b.budget.Pace()
	if rate == 0 || slices.ContainsFunc(ws, func(w *Waiter[T]) bool { return w.read }) {
		return 0
	}
	pages := 1
	if b.counted {
		pages = max(b.pages(), 1)
	}
	next := b.waitsAt.Add(time.Duration(float64(pages) / (rate * WaitShare) * float64(time.Second)))
	if now.Before(next) {
		return next.Sub(now)
	}
	if b.budget.Queued() > 0 && now.Before(b.waitsAt.Add(lineHold)) {
		return time.Duration(float64(time.Second) / rate) // the line moves a request per interval
	}
	b.waitsAt = now
	return 0
}

// serve answers the waiters of a round: from the last listing or new list
// pages when that takes fewer calls, by a describe each for the rest.
func (b *Reader[T]) serve(ws []*Waiter[T]) {
	r := newRound(ws)
	defer r.end()
	var open []*Waiter[T] // those that still wait
	for _, w := range ws {
		if w.ctx.Err() == nil {
			open = append(open, w)
		}
	}
	open = b.fromListing(r, open)
	// Those a listing recent enough for them does not show are described;
	// the others need a newer listing, if that takes fewer calls.
	var absent, stale []*Waiter[T]
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
			item, sent, err := b.fetch.Describe(w.ctx, w.id)
			r.answer(w, Look[T]{Item: item, Sent: sent, Err: err})
		})
	}
	described := make(chan struct{})
	go func() { wg.Wait(); close(described) }()
	hold := time.NewTimer(RoundHold)
	defer hold.Stop()
	select {
	case <-described:
	case <-hold.C:
	}
}

// worthListing reports whether listing the region takes fewer calls than
// describing open: at least as many waiters as pages, counting, when reads are
// among them, the reads of the last MaxAge, as a refresh's reads keep
// coming and a listing serves them all while fresh. A wait's look needs a
// listing newer than itself, so waits count only themselves.
func (b *Reader[T]) worthListing(open []*Waiter[T]) bool {
	demand := len(open)
	if slices.ContainsFunc(open, func(w *Waiter[T]) bool { return w.read }) {
		b.mu.Lock()
		demand = max(demand, len(trimBefore(b.reads, time.Now().Add(-MaxAge))))
		b.mu.Unlock()
	}
	if !b.counted {
		return demand > 1 // one page tells the count, and may serve several
	}
	return b.count > 0 && demand >= b.pages()
}

// fromListing answers the waiters whose item the last listing shows, fresh
// enough for them, and returns the others, to be described.
func (b *Reader[T]) fromListing(r *round[T], open []*Waiter[T]) []*Waiter[T] {
	var rest []*Waiter[T]
	for _, w := range open {
		b.mu.Lock()
		f, ok := b.last[w.id]
		ok = ok && b.servable(w)
		b.mu.Unlock()
		if ok {
			r.answer(w, Look[T]{Item: f.item, Sent: f.sent})
			continue
		}
		rest = append(rest, w)
	}
	b.log.Debug(r.ctx, "cluster lookups served by list pages", map[string]any{
		"region": b.region, "lookups": len(open), "served": len(open) - len(rest)})
	return rest
}

// fromPages requests pages first..last at once and makes what they show the
// last listing (page 1 alone starts a new one). A page that fails pauses
// listing: describes serve the region meanwhile.
func (b *Reader[T]) fromPages(r *round[T], first, last int) {
	type page struct {
		p    Page[T]
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
	if b.counted { // the pages are the whole listing, or its rest: let them go together
		b.budget.Together(len(pages))
	}
	for i := range pages {
		wg.Go(func() {
			pages[i].p, pages[i].sent, pages[i].err = b.fetch.Page(r.ctx, first+i)
		})
	}
	wg.Wait()
	byID, at := map[string]listed[T]{}, pages[0].sent
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
				b.log.Warn(r.ctx, "listing clusters for lookups failed; describing them instead for a while",
					map[string]any{"region": b.region, "error": p.err.Error(), "pause_s": listPause.Seconds()})
			}
			continue
		}
		b.counted, b.count = true, p.p.Count
		if p.p.PageSize > 0 {
			b.pageSize = p.p.PageSize
		}
		for id, item := range p.p.Items {
			byID[id] = listed[T]{item, p.sent}
		}
	}
	if b.counted && b.count == 0 {
		b.pauseUntil = time.Now().Add(listPause) // nothing to list until clusters are made
	}
	b.mu.Lock()
	b.last, b.lastAt, b.lastGen = byID, at, gen
	b.mu.Unlock()
	b.log.Debug(r.ctx, "listed clusters for lookups", map[string]any{
		"region": b.region, "first_page": first, "last_page": last, "clusters": len(byID)})
}

// round is one round's shared state: the context of its list pages, which keeps
// the first waiter's values (for logging) and ends once every waiter has been
// answered or has given up, so that no one's cancellation fails the others.
type round[T any] struct {
	ctx    context.Context
	cancel context.CancelFunc
	stops  []func() bool

	mu      sync.Mutex
	waiting int
}

func newRound[T any](ws []*Waiter[T]) *round[T] {
	//nolint:gosec // G118 misses that cancel is kept in the round, whose end calls it
	ctx, cancel := context.WithCancel(context.WithoutCancel(ws[0].ctx))
	r := &round[T]{ctx: ctx, cancel: cancel, waiting: len(ws)}
	for _, w := range ws {
		r.stops = append(r.stops, context.AfterFunc(w.ctx, func() { r.leave(w) }))
	}
	return r
}

func (r *round[T]) answer(w *Waiter[T], l Look[T]) {
	w.answer = l
	close(w.done)
	r.leave(w)
}

// leave counts w out of the round, once.
func (r *round[T]) leave(w *Waiter[T]) {
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

func (r *round[T]) end() {
	for _, stop := range r.stops {
		stop()
	}
	r.cancel()
}

// trimBefore drops the times in ts, which is in order, that are before cutoff.
func trimBefore(ts []time.Time, cutoff time.Time) []time.Time {
	return ts[sort.Search(len(ts), func(i int) bool { return !ts[i].Before(cutoff) }):]
}
