package pacing

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// bucket is the server's token bucket (rate per second, burst tokens), as the
// mock and typical gateways implement it.
type bucket struct {
	rate, burst, tokens float64
	last                time.Time
}

func (b *bucket) allow(now time.Time) bool {
	b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

// simParallelism bounds the requests in flight, as -parallelism does.
const simParallelism = 20

// tally is what a simulated run saw: answers that got through and 429s, in all
// and over its second half (after convergence).
type tally struct{ ok, throttled, okLate, throttledLate int }

// saturate runs simParallelism workers that send as fast as p lets them, for d
// of virtual time (a synctest bubble), through the pacer's real wait, answered,
// succeeded and throttled, each answered latency after it is sent by a server
// limited by srv (nil: no limit, with a share blip of answers throttled at
// random). A throttled worker waits a second, as a Retry-After of 1 says.
func saturate(t *testing.T, p *Pacer, srv *bucket, blip float64, d, latency time.Duration) tally {
	var tl tally
	synctest.Test(t, func(*testing.T) {
		start := time.Now()
		if srv != nil {
			srv.last, srv.tokens = start, srv.burst
		}
		rnd := rand.New(rand.NewPCG(1, 2))
		var mu sync.Mutex // guards srv, rnd and tl
		ctx, cancel := context.WithTimeout(context.Background(), d)
		defer cancel()
		var wg sync.WaitGroup
		for range simParallelism {
			wg.Go(func() {
				for p.Wait(ctx) == nil {
					time.Sleep(latency / 2)
					mu.Lock()
					ok := (srv == nil && rnd.Float64() >= blip) || (srv != nil && srv.allow(time.Now()))
					late := time.Since(start) >= d/2
					tl.count(ok, late)
					mu.Unlock()
					time.Sleep(latency / 2)
					if ok {
						p.Answered(http.StatusOK)
						continue
					}
					p.Answered(http.StatusTooManyRequests)
					p.Throttled(time.Now())
					time.Sleep(time.Second)
				}
			})
		}
		wg.Wait()
	})
	return tl
}

func (tl *tally) count(ok, late bool) {
	switch {
	case ok && late:
		tl.ok++
		tl.okLate++
	case ok:
		tl.ok++
	case late:
		tl.throttled++
		tl.throttledLate++
	default:
		tl.throttled++
	}
}

// Started without knowing the limit, the pacer converges on it: over the second
// half of a minute it gets at least 93% of the server's rate through, and in all
// fewer than 5% of answers are 429, at 5, 20 and 50 requests/s and bursts of one
// second's worth or a quarter of that.
func TestPacerConvergesOnServerRate(t *testing.T) {
	const d = 60 * time.Second
	for _, rate := range []float64{5, 20, 50} {
		for _, burst := range []float64{rate, max(2, rate/4)} {
			t.Run(fmt.Sprintf("rate=%g/burst=%g", rate, burst), func(t *testing.T) {
				p := New(0)
				tl := saturate(t, p, &bucket{rate: rate, burst: burst}, 0, d, 20*time.Millisecond)
				got := float64(tl.okLate) / (d / 2).Seconds()
				share := float64(tl.throttled) / float64(tl.ok+tl.throttled)
				t.Logf("admitted %.2f/s in the second half (%.0f%%), 429 share %.1f%%, pace %.2f, estimate %.2f",
					got, 100*got/rate, 100*share, p.rate, p.est)
				if got < 0.93*rate {
					t.Errorf("admitted %.2f/s over the second half, want at least 93%% of %g", got, rate)
				}
				if share > 0.05 {
					t.Errorf("429 share %.1f%%, want at most 5%%", 100*share)
				}
			})
		}
	}
}

// Random 429s from a server that sets no limit (a gateway, another client) are
// taken for passing blips: the pacer stays unpaced and keeps the full throughput
// of its 20 requests in flight at 20 ms each, 1,000/s.
func TestPacerIgnoresPassingBlips(t *testing.T) {
	p := New(0)
	tl := saturate(t, p, nil, 0.01, 20*time.Second, 20*time.Millisecond)
	if p.est != 0 || tl.okLate < 20*100 {
		t.Errorf("after 1%% random 429s: estimate %.2f, %d answers in the second half (pace %.1f): the pacer took blips for a limit",
			p.est, tl.okLate, p.rate)
	}
}

// The ceiling (max_requests_per_second) caps the pace even with no limit met.
func TestPacerCeiling(t *testing.T) {
	p := New(3)
	tl := saturate(t, p, nil, 0, 10*time.Second, 20*time.Millisecond)
	// 3/s for 10 s: a request at 0 s and one every third of a second after.
	if tl.ok != 31 {
		t.Errorf("sent %d requests in 10 s under a ceiling of 3/s, want 31", tl.ok)
	}
}

// A request that gives up while waiting in line leaves it: the one behind it
// still goes, and the line is empty afterwards.
func TestPacerWaitCancelledInLine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(0.5) // one request every 2 s: ample time for two to stand in line
		if err := p.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		second, third := make(chan error, 1), make(chan error, 1)
		go func() { second <- p.Wait(ctx) }()
		synctest.Wait()
		go func() { third <- p.Wait(context.Background()) }()
		synctest.Wait()
		if n := p.Queued(); n != 2 {
			t.Fatalf("%d requests in line, want 2", n)
		}
		cancel()
		if err := <-second; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled wait returned %v, want context.Canceled", err)
		}
		start := time.Now()
		if err := <-third; err != nil {
			t.Errorf("the wait behind a cancelled one returned %v", err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("the wait behind a cancelled one went after %s, want within the 2 s interval", took)
		}
		if n := p.Queued(); n != 0 {
			t.Errorf("%d requests still in line", n)
		}
	})
}

// A fresh pacer sends one request and waits for its answer before sending more:
// a walk that starts against a budget the previous walk emptied then meets it
// with one or two requests, not a window's worth. Each answer opens the window
// by one.
func TestPacerSlowStartsFromOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(0)
		if err := p.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		second := make(chan error, 1)
		go func() { second <- p.Wait(context.Background()) }()
		synctest.Wait()
		select {
		case err := <-second:
			t.Fatalf("a second request went before the first was answered (%v)", err)
		default:
		}
		p.Answered(http.StatusOK)
		start := time.Now()
		if err := <-second; err != nil || time.Since(start) != 0 {
			t.Fatalf("the answer did not let the second request go at once: %v after %s", err, time.Since(start))
		}
		if err := p.Wait(context.Background()); err != nil || time.Since(start) != 0 {
			t.Fatalf("after one answer, two requests should go at once: %v after %s", err, time.Since(start))
		}
	})
}

// A first request that hangs does not hold the others for its whole timeout:
// the window opens after slowStartStall without an answer.
func TestPacerSlowStartDoesNotWaitOnAHungRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := New(0)
		if err := p.Wait(context.Background()); err != nil { // never answered
			t.Fatal(err)
		}
		start := time.Now()
		if err := p.Wait(context.Background()); err != nil {
			t.Fatalf("the second request never went: %v", err)
		}
		if took := time.Since(start); took != slowStartStall {
			t.Errorf("the second request went after %s, want %s", took, slowStartStall)
		}
	})
}

// One 429 in slow start is not yet taken for a limit (it may be a blip), but
// the window stops doubling into it: it halves, and still sends unpaced.
func TestPacerSlowStartHalvesOnA429(t *testing.T) {
	p := New(0)
	p.window = 8
	for range 8 {
		p.succeeded(time.Now())
	}
	p.Throttled(time.Now())
	if p.window != 8 || p.rate != 0 || p.est != 0 {
		t.Errorf("after one 429: window %g, pace %g, estimate %g; want window 8 (16 halved), unpaced, no estimate",
			p.window, p.rate, p.est)
	}
}

// A caller whose context has ended gets no slot, even a free one.
func TestPacerRefusesAnEndedContext(t *testing.T) {
	p := New(0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait with an ended context = %v, want context.Canceled", err)
	}
	if p.inflight != 0 || p.Queued() != 0 {
		t.Errorf("an ended context took a slot: %d in flight, %d in line", p.inflight, p.Queued())
	}
}

// A listing's pages, once their count is known, go together through a slow
// start that would send them a few per round trip, up to maxTogether at once;
// the window then grows from there by their answers. Paced, Together changes
// nothing.
func TestPacerLetsAListingsPagesGoTogether(t *testing.T) {
	for _, tc := range []struct {
		name       string
		pages, fit int // requested together; those that go at once
	}{
		{"nine pages", 9, 9},
		{"past the bound", 3 * maxTogether, maxTogether},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := New(0)
				if err := p.Wait(context.Background()); err != nil { // page 1
					t.Fatal(err)
				}
				p.Answered(http.StatusOK)
				p.Together(tc.pages)
				start := time.Now()
				for i := range tc.fit {
					if err := p.Wait(context.Background()); err != nil || time.Since(start) != 0 {
						t.Fatalf("page %d of %d went after %s (%v), want at once", i+2, tc.pages+1, time.Since(start), err)
					}
				}
				next := make(chan error, 1)
				go func() { next <- p.Wait(context.Background()) }()
				synctest.Wait()
				select {
				case err := <-next:
					t.Fatalf("a request past the %d let through went at once (%v)", tc.fit, err)
				default:
				}
				p.Answered(http.StatusOK)
				if err := <-next; err != nil || time.Since(start) != 0 {
					t.Fatalf("an answer did not let the next request go: %v after %s", err, time.Since(start))
				}
			})
		})
	}

	t.Run("paced", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			p := New(10) // a ceiling paces from the first request, with no window
			p.Together(1)
			start := time.Now()
			for range 3 { // never answered
				if err := p.Wait(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if took := time.Since(start); took != 200*time.Millisecond {
				t.Errorf("three requests at 10/s took %s, want 200ms: Together must leave a paced client paced, "+
					"with no window to hold requests for answers", took)
			}
		})
	})
}
