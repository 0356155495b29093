package zilliz

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// gatedCloud is the mock behind a gate: each request is served at once (the
// answer reflects the state at its arrival) but its answer is held until the
// test lets it through, so a test can act while a call is in flight.
type gatedCloud struct {
	mock    *mockserver.Server
	client  *Client
	arrived chan string // the route path of each request, as it arrives
	release chan struct{}
}

func newGatedCloud(t *testing.T, clusters int) (*gatedCloud, []mockserver.Cluster) {
	t.Helper()
	g := &gatedCloud{
		mock:    mockserver.New(mockserver.Config{}),
		arrived: make(chan string, 64),
		release: make(chan struct{}),
	}
	var ids []mockserver.Cluster
	for range clusters {
		ids = append(ids, g.mock.AddCluster(mockserver.Cluster{RegionID: testRegion}))
	}
	c, err := NewClient(Config{APIKey: mockserver.DefaultAPIKey, Endpoint: "http://127.0.0.1/{region}",
		HTTPClient: &http.Client{Transport: memTransport{h: g.mock, hold: g.hold}}})
	if err != nil {
		t.Fatal(err)
	}
	g.client = c
	return g, ids
}

// hold reports each request the mock has answered, then holds its answer
// until the test releases it.
func (g *gatedCloud) hold(r *http.Request) error {
	g.arrived <- strings.TrimPrefix(r.URL.Path, "/"+testRegion)
	select {
	case <-g.release:
		return nil
	case <-r.Context().Done():
		return r.Context().Err()
	}
}

// next waits for the next request to arrive and returns its path.
func (g *gatedCloud) next(t *testing.T) string {
	t.Helper()
	select {
	case p := <-g.arrived:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("no request arrived")
		return ""
	}
}

// queued waits until every goroutine of the bubble is blocked, then checks that
// n lookups wait for the region's next round.
func (g *gatedCloud) queued(t *testing.T, n int) {
	t.Helper()
	synctest.Wait()
	got := g.client.Clusters.readerOf(testRegion).Queued()
	if got != n {
		t.Fatalf("%d lookups queued, want %d", got, n)
	}
}

// behindALoneLookup starts a lookup of lone and, while its describe is in
// flight, lookups of ids, which queue for the next round. It then lets the lone
// describe's answer through and returns its result and the queued lookups.
func (g *gatedCloud) behindALoneLookup(t *testing.T, lone string, ids ...string) (lookupResult, []chan lookupResult) {
	t.Helper()
	first := g.lookup(context.Background(), lone)
	g.next(t)
	var queued []chan lookupResult
	for _, id := range ids {
		queued = append(queued, g.lookup(context.Background(), id))
	}
	g.queued(t, len(ids))
	g.release <- struct{}{}
	return receive(t, first), queued
}

type lookupResult struct {
	c   *ClusterSummary
	err error
}

func (g *gatedCloud) lookup(ctx context.Context, id string) chan lookupResult {
	out := make(chan lookupResult, 1)
	go func() {
		c, err := g.client.Clusters.Lookup(ctx, testRegion, id)
		out <- lookupResult{c, err}
	}()
	return out
}

func receive(t *testing.T, ch chan lookupResult) lookupResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("lookup did not return")
		return lookupResult{}
	}
}

// A lookup that meets no other is one describe, sent at once.
func TestLookupAloneDescribes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, cs := newGatedCloud(t, 3)
		res := g.lookup(context.Background(), cs[1].ClusterID)
		if p := g.next(t); p != "/v1/clusters/"+cs[1].ClusterID {
			t.Fatalf("request %s, want the describe of %s", p, cs[1].ClusterID)
		}
		g.release <- struct{}{}
		r := receive(t, res)
		if r.err != nil || r.c.ID != cs[1].ClusterID || r.c.Status != StatusRunning {
			t.Fatalf("got %+v, %v", r.c, r.err)
		}
		if n := len(g.mock.Requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
}

// A cluster the list does not show is described, not reported gone on the
// list's word; an unknown id then gets ErrNotFound from its describe.
func TestLookupMissingFromListIsDescribed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, cs := newGatedCloud(t, 2)
		const ghost = "in01-0000000000ghost"
		_, queued := g.behindALoneLookup(t, cs[0].ClusterID, cs[1].ClusterID, ghost)
		known, missing := queued[0], queued[1]
		if p := g.next(t); p != "/v1/clusters" {
			t.Fatalf("request %s, want a list page", p)
		}
		g.release <- struct{}{}
		if r := receive(t, known); r.err != nil || r.c.ID != cs[1].ClusterID {
			t.Fatalf("known: %+v, %v", r.c, r.err)
		}
		if p := g.next(t); p != "/v1/clusters/"+ghost {
			t.Fatalf("request %s, want the describe of the cluster the page lacks", p)
		}
		g.release <- struct{}{}
		if r := receive(t, missing); !errors.Is(r.err, ErrNotFound) {
			t.Fatalf("missing: %+v, %v; want ErrNotFound", r.c, r.err)
		}
	})
}

// One waiter giving up, even the one whose context the round's pages were
// requested under, neither fails nor cancels the others' page.
func TestLookupOneCancelledLeavesTheRoundGoing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, cs := newGatedCloud(t, 3)
		first := g.lookup(context.Background(), cs[0].ClusterID)
		g.next(t)
		ctx, cancel := context.WithCancel(context.Background())
		quitter := g.lookup(ctx, cs[1].ClusterID) // first in the next round
		g.queued(t, 1)
		stayer := g.lookup(context.Background(), cs[2].ClusterID)
		g.queued(t, 2)
		g.release <- struct{}{}
		receive(t, first)
		if p := g.next(t); p != "/v1/clusters" {
			t.Fatalf("request %s, want a list page", p)
		}
		cancel()
		if r := receive(t, quitter); !errors.Is(r.err, context.Canceled) {
			t.Fatalf("quitter: %v, want context.Canceled", r.err)
		}
		g.release <- struct{}{}
		if r := receive(t, stayer); r.err != nil || r.c.ID != cs[2].ClusterID {
			t.Fatalf("stayer: %+v, %v", r.c, r.err)
		}
		if got := g.mock.Counts(); got[mockserver.RouteList] != 1 || got[mockserver.RouteDescribe] != 1 {
			t.Errorf("requests %v, want the first lookup's describe and one list page", got)
		}
	})
}

// A page that fails is not retried: its lookups are described at once, and the
// region's lookups go without pages for a while instead of meeting the failure
// in every round.
func TestLookupPageFailureFallsBackToDescribes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, cs := newGatedCloud(t, 3)
		g.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteList, HTTPStatus: 500, Times: -1})
		// round runs a lone lookup, then two that queue behind it, and checks the
		// requests of the two.
		round := func(want ...string) {
			t.Helper()
			_, queued := g.behindALoneLookup(t, cs[0].ClusterID, cs[1].ClusterID, cs[2].ClusterID)
			a, b := queued[0], queued[1]
			var got []string
			for range want {
				got = append(got, g.next(t))
				g.release <- struct{}{}
			}
			for i, r := range []lookupResult{receive(t, a), receive(t, b)} {
				if r.err != nil || r.c.ID != cs[i+1].ClusterID {
					t.Fatalf("lookup %d: %+v, %v", i, r.c, r.err)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("requests %v, want %v", got, want)
			}
		}
		describes := []string{"/v1/clusters/" + cs[1].ClusterID, "/v1/clusters/" + cs[2].ClusterID}
		round(append([]string{"/v1/clusters"}, describes...)...) // one failed page, not retried
		round(describes...)                                      // paused: no page
	})
}

// A region that counts no clusters is not listed again round after round.
func TestLookupEmptyRegionPausesListing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g, _ := newGatedCloud(t, 0)
		for n := range 2 {
			_, queued := g.behindALoneLookup(t, "in01-00000000000first", "in01-0000000000000a", "in01-0000000000000b")
			a, b := queued[0], queued[1]
			want := 2
			if n == 0 {
				want = 3 // page 1, counting none, then the two describes
			}
			for range want {
				g.next(t)
				g.release <- struct{}{}
			}
			for _, r := range []lookupResult{receive(t, a), receive(t, b)} {
				if !errors.Is(r.err, ErrNotFound) {
					t.Fatalf("round %d: %+v, %v; want ErrNotFound", n, r.c, r.err)
				}
			}
		}
		if got := g.mock.Counts(); got[mockserver.RouteList] != 1 {
			t.Errorf("requests %v, want one list page in two rounds", got)
		}
	})
}

// A slow describe holds its round for listing.RoundHold at most: the region's next
// lookups do not wait for it.
func TestLookupSlowDescribeDoesNotHoldTheRegion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{}, 2)
		slow, fast := ids[0], ids[1]
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, ClusterID: slow, Latency: time.Minute})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel() // ends the slow describe
		go func() { _, _ = c.Clusters.Lookup(ctx, testRegion, slow) }()
		synctest.Wait() // the slow lookup's round is running
		start := time.Now()
		if _, err := c.Clusters.Lookup(ctx, testRegion, fast); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > listing.RoundHold { // the slow describe takes a minute
			t.Errorf("a lookup behind a slow describe took %s, want at most %s", took, listing.RoundHold)
		}
	})
}
