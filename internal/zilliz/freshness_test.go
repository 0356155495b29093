package zilliz

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/poll"
)

// memCloud is a mock with n RUNNING clusters in testRegion and a client of it,
// for use inside a synctest bubble.
func memCloud(t *testing.T, cfg mockserver.Config, n int, tune ...func(*Config)) (*mockserver.Server, *Client, []string) {
	t.Helper()
	mock := mockserver.New(cfg)
	var ids []string
	for range n {
		ids = append(ids, mock.AddCluster(mockserver.Cluster{RegionID: testRegion}).ClusterID)
	}
	cc := Config{APIKey: mockserver.DefaultAPIKey, Endpoint: "http://127.0.0.1/{region}",
		HTTPClient: &http.Client{Transport: memTransport{h: mock}}}
	for _, f := range tune {
		f(&cc)
	}
	c, err := NewClient(cc)
	if err != nil {
		t.Fatal(err)
	}
	return mock, c, ids
}

// scoutLooks is how many looks a scout makes, on its ladder, at an operation
// of length d.
func scoutLooks(d time.Duration) int {
	s := poll.NewEstimator[*follower]().Schedule(opDelete, testRegion)
	defer s.Done()
	var elapsed time.Duration
	for looks := 1; ; looks++ {
		if elapsed += s.Delay(elapsed); elapsed >= d {
			return looks
		}
	}
}

// paced has the client paced at rate from its first request, as if the API
// had throttled it to that rate.
func paced(rate float64) func(*Config) { return func(c *Config) { c.MaxRate = rate } }

// readAll looks up ids together, as a refresh at that parallelism would, and
// returns the answers by id.
func readAll(t *testing.T, c *Client, ids []string) map[string]*ClusterSummary {
	t.Helper()
	var mu sync.Mutex
	out := map[string]*ClusterSummary{}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			got, err := c.Clusters.Lookup(context.Background(), testRegion, id)
			if err != nil {
				t.Errorf("lookup %s: %v", id, err)
				return
			}
			mu.Lock()
			out[id] = got
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// dropAll drops ids together and waits for each to be deleted, as a wave of a
// destroy does, and returns how long after it began the last wait ended.
func dropAll(t *testing.T, c *Client, ids []string) time.Duration {
	t.Helper()
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var latest time.Duration
	for _, id := range ids {
		wg.Go(func() {
			if err := c.Clusters.Drop(ctx, testRegion, id); err != nil {
				t.Error(err)
				return
			}
			if _, err := c.Clusters.Wait(ctx, testRegion, id, UntilDeleted); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			latest = max(latest, time.Since(start))
			mu.Unlock()
		})
	}
	wg.Wait()
	return latest
}

func looksOf(mock *mockserver.Server) (list, describe int) {
	c := mock.Counts()
	return c[mockserver.RouteList], c[mockserver.RouteDescribe]
}

// A fresh client lists 1,000 clusters in two round trips: page 1, then the
// nine it counts together, which its slow start does not spread over rounds.
func TestListAllOfAFreshClientTakesTwoRoundTrips(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, _ := memCloud(t, mockserver.Config{Latency: 150 * time.Millisecond}, 1000)
		start := time.Now()
		all, err := c.Clusters.ListAll(context.Background(), testRegion)
		if err != nil || len(all) != 1000 {
			t.Fatalf("ListAll = %d clusters, %v; want 1000", len(all), err)
		}
		if took := time.Since(start); took != 300*time.Millisecond {
			t.Errorf("ListAll of 1,000 clusters took %s, want two round trips (300ms)", took)
		}
		if list, _ := looksOf(mock); list != 10 {
			t.Errorf("%d pages, want 10", list)
		}
	})
}

// A refresh of 1,000 clusters ten at a time lists the region's ten pages once,
// together, and serves every read from them while the listing is younger than
// listing.MaxAge; past it, the next reads list again.
func TestReadsServedFromAListingWhileFresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{Latency: 150 * time.Millisecond}, 1000)
		start := time.Now()
		for i := 0; i < len(ids); i += 10 {
			readAll(t, c, ids[i:i+10])
		}
		list, describe := looksOf(mock)
		// A first round alone (the other reads not yet arrived) is described.
		if list != 10 || describe > 1 {
			t.Errorf("1,000 reads took %d pages and %d describes, want the 10 pages and at most one", list, describe)
		}
		// Page 1 tells the count, the other nine are requested together and
		// the pacer lets them out together, slow start or not: two round
		// trips, and one more for a lone first describe.
		if took := time.Since(start); took > 450*time.Millisecond {
			t.Errorf("1,000 reads took %s, want at most three round trips (450ms)", took)
		}
		var listedAt time.Time // the listing's first page went out (the in-memory mock has no delay)
		for _, r := range mock.Requests() {
			if r.Route == mockserver.RouteList {
				listedAt = r.Time
				break
			}
		}
		time.Sleep(time.Until(listedAt.Add(listing.MaxAge))) // the listing is now exactly listing.MaxAge old
		readAll(t, c, ids[:10])
		if l, d := looksOf(mock); l != list || d != describe {
			t.Errorf("reads at listing.MaxAge made calls: %d pages, %d describes", l-list, d-describe)
		}
		time.Sleep(time.Millisecond)
		readAll(t, c, ids[:10])
		if l, _ := looksOf(mock); l != list+10 {
			t.Errorf("reads past listing.MaxAge made %d page calls, want a new listing of 10", l-list)
		}
	})
}

// A read never comes from a listing that started before this client's own
// change to the cluster, however young the listing.
func TestReadNeverFromAListingBeforeOwnChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond, DeleteDuration: time.Minute,
			ModifyDuration: time.Minute}, 20)
		readAll(t, c, ids) // one page: every cluster RUNNING
		ctx := context.Background()
		if err := c.Clusters.Drop(ctx, testRegion, ids[0]); err != nil {
			t.Fatal(err)
		}
		if err := c.Clusters.Modify(ctx, testRegion, ids[1], 2); err != nil {
			t.Fatal(err)
		}
		before, _ := looksOf(mock)
		got := readAll(t, c, ids[:3])
		if s := got[ids[0]].Status; s != StatusDeleting {
			t.Errorf("after our drop, a read says %s, want %s", s, StatusDeleting)
		}
		if s := got[ids[1]].Status; s != StatusModifying {
			t.Errorf("after our modify, a read says %s, want %s", s, StatusModifying)
		}
		if s := got[ids[2]].Status; s != StatusRunning {
			t.Errorf("an unchanged cluster reads %s", s)
		}
		if l, d := looksOf(mock); l == before && d < 2 {
			t.Errorf("the changed clusters were served by the old listing (%d pages, %d describes)", l-before, d)
		}
	})
}

// Every write records its change through Client.do, whatever method sends
// it: after each, a read of its cluster needs a listing newer than the one
// before it. A write whose call names no cluster is refused unsent.
func TestEveryWriteRecordsItsChange(t *testing.T) {
	writes := map[string]func(ctx context.Context, c *Client, id string) (string, error){
		"create": func(ctx context.Context, c *Client, _ string) (string, error) {
			made, err := c.Clusters.Create(ctx, testRegion, ClusterCreateOptions{Name: "fresh", ProjectID: mockserver.DefaultProjectID,
				Plan: PlanServerless})
			if err != nil {
				return "", err
			}
			return made.ClusterID, nil
		},
		"modify": func(ctx context.Context, c *Client, id string) (string, error) {
			return id, c.Clusters.Modify(ctx, testRegion, id, 2)
		},
		"drop": func(ctx context.Context, c *Client, id string) (string, error) {
			return id, c.Clusters.Drop(ctx, testRegion, id)
		},
		"suspend": func(ctx context.Context, c *Client, id string) (string, error) {
			return id, c.Clusters.Suspend(ctx, testRegion, id)
		},
		"resume": func(ctx context.Context, c *Client, id string) (string, error) {
			return id, c.Clusters.Resume(ctx, testRegion, id)
		},
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mock, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond}, 20)
				if name == "resume" {
					mock.SetStatus(testRegion, ids[0], StatusSuspended)
				}
				readAll(t, c, ids) // one listing: generation 1
				id, err := write(context.Background(), c, ids[0])
				if err != nil {
					t.Fatal(err)
				}
				if gen := c.Clusters.changedAt(testRegion, id); gen != 1 {
					t.Errorf("after the %s, a read of %s needs a listing after generation %d, want after 1", name, id, gen)
				}
				if gen := c.Clusters.changedAt(testRegion, ids[1]); gen != 0 {
					t.Errorf("an unchanged cluster needs a listing after generation %d, want 0", gen)
				}
			})
		})
	}
	t.Run("unnamed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			mock, c, ids := memCloud(t, mockserver.Config{}, 1)
			path, err := c.clusterPath(ids[0], "/suspend")
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.do(context.Background(), call{method: http.MethodPost, region: testRegion, path: path}, nil)
			if !errors.Is(err, errUnnamedWrite) {
				t.Errorf("a write naming no cluster: %v, want errUnnamedWrite", err)
			}
			if n := len(mock.Requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	})
}

// A cluster a fresh listing does not show is described: one made since is
// found, one gone is reported gone by describe, never by the listing.
func TestReadMissingFromAListingIsDescribed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond}, 20)
		readAll(t, c, ids)
		made := mock.AddCluster(mockserver.Cluster{RegionID: testRegion}).ClusterID
		_, d0 := looksOf(mock)
		got, err := c.Clusters.Lookup(context.Background(), testRegion, made)
		if err != nil || got.ID != made {
			t.Fatalf("a cluster made after the listing: %+v, %v", got, err)
		}
		_, err = c.Clusters.Lookup(context.Background(), testRegion, "in01-0000000000000000")
		if !IsNotFound(err) {
			t.Errorf("a cluster that never was: %v, want ErrNotFound", err)
		}
		if _, d := looksOf(mock); d-d0 != 2 {
			t.Errorf("%d describes for the two clusters the listing lacks, want 2", d-d0)
		}
	})
}

// A wait never ends on a look sent before its operation was accepted: a
// listing that showed the cluster RUNNING just before a modify does not end
// the wait for the modify.
func TestWaitNeverEndsOnALookFromBeforeTheOperation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const modify = 10 * time.Second
		_, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond, ModifyDuration: modify}, 20)
		readAll(t, c, ids)
		ctx := context.Background()
		start := time.Now()
		if err := c.Clusters.Modify(ctx, testRegion, ids[0], 4); err != nil {
			t.Fatal(err)
		}
		got, err := c.Clusters.Wait(ctx, testRegion, ids[0], UntilModified)
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < modify || got.Status != StatusRunning || got.CUSize != 4 {
			t.Errorf("the wait ended after %s with %+v, want RUNNING at cu 4 after %s", took, got, modify)
		}
	})
}

// A first wave of 20 drops polls with the scout's looks, each a page for the
// whole wave, and each wait notices its end within a ladder step (10%).
func TestWaveOfDropsSharesListPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const del = time.Minute
		mock, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond, DeleteDuration: del}, 20)
		latest := dropAll(t, c, ids)
		list, describe := looksOf(mock)
		ladder := scoutLooks(del) // the scout's looks alone
		if describe+list > ladder+2 {
			t.Errorf("20 waits took %d pages and %d describes, want about the scout's %d looks", list, describe, ladder)
		}
		if latest < del || latest > del+del/10 {
			t.Errorf("the last wait ended %s after the drops, want within 10%% of %s", latest, del)
		}
	})
}

// Under a rate limit the looks of waits spend at most listing.WaitShare of the pace,
// however many waits there are; the end is noticed at most a hold late.
func TestPacedWavePollsWithinItsShare(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const del, rate = 10 * time.Second, 5.0
		mock, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond, DeleteDuration: del}, 20, paced(rate))
		latest := dropAll(t, c, ids)
		list, describe := looksOf(mock)
		// The drops themselves take 20 calls at the pace.
		hold := time.Duration(float64(time.Second) / (rate * listing.WaitShare))
		budget := int(latest.Seconds()*rate*listing.WaitShare) + 1
		if list+describe > budget {
			t.Errorf("20 paced waits took %d pages and %d describes in %s, want at most %d (%.0f%% of %.0f/s)",
				list, describe, latest.Round(time.Millisecond), budget, listing.WaitShare*100, rate)
		}
		drops := time.Duration(float64(len(ids)) / rate * float64(time.Second))
		if latest > drops+del+hold+time.Second {
			t.Errorf("the last wait ended %s after the start, want within %s of the last drop's end", latest, hold+time.Second)
		}
	})
}

// Under a rate limit a read is never held for the waits' share: not when a
// round of waits has just gone, nor when it arrives while a wait's look is
// held (it ends the hold, and the look rides on its round).
func TestPacedReadsAreNotHeld(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rate = 1.0 // one request a second: a round of waits' looks every 5 s
		_, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond}, 3, paced(rate))
		hold := time.Duration(float64(time.Second) / (rate * listing.WaitShare))
		ctx := context.Background()
		if _, err := c.Clusters.Wait(ctx, testRegion, ids[0], UntilCreated); err != nil { // a round of waits goes now
			t.Fatal(err)
		}
		waited := make(chan time.Duration)
		go func() { // this look is held until the next round is due
			start := time.Now()
			if _, err := c.Clusters.Wait(ctx, testRegion, ids[1], UntilCreated); err != nil {
				t.Error(err)
			}
			waited <- time.Since(start)
		}()
		time.Sleep(time.Second)
		start := time.Now()
		if _, err := c.Clusters.Lookup(ctx, testRegion, ids[2]); err != nil {
			t.Fatal(err)
		}
		// The pace alone allows a request a second.
		if got := time.Since(start); got > 2*time.Second {
			t.Errorf("a read during a hold of %s took %s, want at most the pace's 1 s and a round trip", hold, got)
		}
		if got := <-waited; got >= hold {
			t.Errorf("the held wait took %s, want it to end with the read's round, before its hold of %s", got, hold)
		}
	})
}

// Under a rate limit, while drops keep the pacer's line from emptying (as
// Terraform does when a slot frees), waits' looks defer to them: each look
// would take a call from a drop and free a slot only for another drop to queue.
// The looks go once the line empties.
func TestPacedLooksDeferToQueuedWrites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rate = 5.0 // the share alone would allow a round of looks a second
		mock, c, ids := memCloud(t, mockserver.Config{Latency: 20 * time.Millisecond, DeleteDuration: 3 * time.Second}, 25, paced(rate))
		ctx := context.Background()
		waited, feed := ids[:3], ids[3:]
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var ended time.Time // when the last wait ended
		for _, id := range waited {
			if err := c.Clusters.Drop(ctx, testRegion, id); err != nil {
				t.Fatal(err)
			}
			wg.Go(func() {
				if _, err := c.Clusters.Wait(ctx, testRegion, id, UntilDeleted); err != nil {
					t.Error(err)
				}
				mu.Lock()
				ended = time.Now()
				mu.Unlock()
			})
		}
		// 22 drops, three at a time: about 4.4 s in which the line never empties.
		slots := make(chan struct{}, 3)
		for _, id := range feed {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() { <-slots }()
				if err := c.Clusters.Drop(ctx, testRegion, id); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		var first, last time.Time
		for _, r := range mock.Requests() {
			if r.Route == mockserver.RouteDrop && r.ClusterID == feed[0] {
				first = r.Time
			}
			if r.Route == mockserver.RouteDrop && r.ClusterID == feed[len(feed)-1] {
				last = r.Time
			}
		}
		looks := 0
		for _, r := range mock.Requests() {
			if (r.Route == mockserver.RouteList || r.Route == mockserver.RouteDescribe) && r.Time.After(first) && r.Time.Before(last) {
				looks++
			}
		}
		// The first round is not held: nothing has gone before it to space it from.
		if looks > 1 {
			t.Errorf("waits sent %d looks during %s of queued drops, want at most the first", looks, last.Sub(first))
		}
		if ended.After(last.Add(2 * time.Second)) {
			t.Errorf("the waits ended %s after the start, want within 2 s of the last queued drop (%s)",
				ended.Sub(start), last.Sub(start))
		}
	})
}
