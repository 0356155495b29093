package zilliz

import (
	"context"
	"sync"
	"time"
)

// listPageSize is the page size of full listings: the API's largest.
const listPageSize = 100

// Lookup returns the cluster, like Describe, for callers that look up many
// clusters at once, as Terraform's refresh does. Lookups of one region that
// overlap are served together: by the region's list pages when that takes
// fewer calls than a describe each, by a describe each otherwise. On an API that
// limits its rate, a refresh of hundreds of clusters then costs a few calls per
// hundred instead of one per cluster.
//
// An answer is never older than the call: a list page serves only lookups that
// began before it was requested. A cluster the pages do not show is described,
// so it is never reported gone on a listing's word. ErrNotFound means the
// cluster does not exist in region.
func (s *Clusters) Lookup(ctx context.Context, region, id string) (*Cluster, error) {
	if err := ValidateClusterID(id); err != nil {
		return nil, err
	}
	c, _, err := s.batcherOf(region).lookup(ctx, id)
	return c, err
}

func (s *Clusters) batcherOf(region string) *batcher {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.batchers == nil {
		s.batchers = map[string]*batcher{}
	}
	b := s.batchers[region]
	if b == nil {
		b = &batcher{s: s, region: region}
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
	// pages is how many list pages the region took at the last count; 0 while unknown.
	// Only the running round reads or writes it.
	pages int
}

// waiter is one lookup; done is closed once its answer is set.
type waiter struct {
	ctx  context.Context
	id   string
	done chan struct{}
	c    *Cluster
	sent time.Time // when the answered request went out
	err  error
}

func (w *waiter) answer(c *Cluster, sent time.Time, err error) {
	w.c, w.sent, w.err = c, sent, err
	close(w.done)
}

// lookup is Lookup that also tells when the answered request was sent.
func (b *batcher) lookup(ctx context.Context, id string) (*Cluster, time.Time, error) {
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
		round := b.queue
		b.queue = nil
		if len(round) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		b.serve(round)
	}
}

// serve answers every waiter of a round: from list pages when there are more
// waiters than pages, by describes for the rest.
func (b *batcher) serve(round []*waiter) {
	ctx, cancel := roundContext(round)
	defer cancel()
	open := round
	switch {
	case b.pages == 0 && len(open) > 1:
		// The first page tells how many there are; list the rest only if it still pays.
		open = b.fromPages(ctx, open, 1, 1)
		if rest := b.pages - 1; rest > 0 && len(open) > rest {
			open = b.fromPages(ctx, open, 2, b.pages)
		}
	case b.pages > 0 && len(open) > b.pages:
		open = b.fromPages(ctx, open, 1, b.pages)
	}
	var wg sync.WaitGroup
	for _, w := range open {
		wg.Go(func() { w.answer(b.s.describe(w.ctx, b.region, w.id)) })
	}
	wg.Wait()
}

// fromPages requests pages first..last at once, answers the waiters whose
// cluster they show, and returns the others. A page that fails answers no one:
// its waiters are described instead, and report that call's error if it fails too.
func (b *batcher) fromPages(ctx context.Context, open []*waiter, first, last int) []*waiter {
	lists := make([]*ClusterList, last-first+1)
	sent := make([]time.Time, len(lists))
	var wg sync.WaitGroup
	for i := range lists {
		wg.Go(func() {
			l, at, err := b.s.list(ctx, b.region, ClusterListOptions{PageSize: listPageSize, CurrentPage: first + i})
			if err == nil {
				lists[i], sent[i] = l, at
			}
		})
	}
	wg.Wait()
	type seen struct {
		c    *Cluster
		sent time.Time
	}
	byID := map[string]seen{}
	for p, l := range lists {
		if l == nil {
			continue
		}
		// The last count decides the next round; a region that grew past it shows
		// its newest clusters to describes until then.
		b.pages = max(1, (l.Count+listPageSize-1)/listPageSize)
		for i := range l.Clusters {
			byID[l.Clusters[i].ID] = seen{&l.Clusters[i], sent[p]}
		}
	}
	var rest []*waiter
	for _, w := range open {
		if f, ok := byID[w.id]; ok {
			c := *f.c
			w.answer(&c, f.sent, nil)
			continue
		}
		rest = append(rest, w)
	}
	b.s.c.log.Debug(ctx, "cluster lookups served by list pages", map[string]any{
		"region": b.region, "pages": len(lists), "lookups": len(open), "served": len(open) - len(rest)})
	return rest
}

// roundContext is the context of a round's list calls: it keeps the first
// waiter's values (for logging) and ends when every waiter of the round has
// given up, so no one's cancellation fails the others.
func roundContext(round []*waiter) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(round[0].ctx))
	var mu sync.Mutex
	left := len(round)
	stops := make([]func() bool, 0, len(round))
	for _, w := range round {
		stops = append(stops, context.AfterFunc(w.ctx, func() {
			mu.Lock()
			defer mu.Unlock()
			if left--; left == 0 {
				cancel()
			}
		}))
	}
	return ctx, func() {
		for _, stop := range stops {
			stop()
		}
		cancel()
	}
}
