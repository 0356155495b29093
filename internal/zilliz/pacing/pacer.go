// Package pacing spaces the requests of one API client. It knows nothing of
// the API: only when requests go, and whether their answers were HTTP 429.
package pacing

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"
)

// Pacer spaces the requests of one client so that many resources applied in
// parallel share one budget instead of each hammering the API. It sends unpaced
// until the server first throttles, then learns the server's rate from its answers:
//
//   - 429s that keep coming (an episode: no gap of episodeGap between them) mean
//     the server's budget stays empty, and while it does the server admits exactly
//     its rate, however fast we send. The answers that succeeded since the
//     episode's first 429, over the time since, measure that rate; the pace is set
//     a little under it.
//   - 429s too few to measure set the pace under what got through in the last
//     second (the first time, a guess it climbs back from fast), or under the
//     last estimate if that is lower; 429s that keep coming under an estimate
//     shrink it.
//   - while the pace is what holds requests back, it climbs: quickly back to the
//     measurement after a cut, then past it by a share per success that grows
//     while no 429 comes, so a raised limit is found without provoking 429s
//     every few seconds.
//
// A 429's own Retry-After is honoured by the request that got it (the client's retry loop);
// holding every request for it would throw away the whole budget of that time.
// An optional ceiling caps the pace for teams that share a key.
type Pacer struct {
	mu           sync.Mutex
	ceiling      float64         // requests/s, 0 = none
	rate         float64         // current pace, requests/s; 0 = unpaced
	est          float64         // the server's rate as last estimated, requests/s; 0 = none yet
	provisional  bool            // est is a first guess, not a measurement: climb back fast
	last         time.Time       // when the last request went
	inflight     int             // requests sent and not yet answered
	window       float64         // while unpaced, at most this many in flight (slow start); 0 = no limit
	line         []chan struct{} // requests waiting to go, in order; each is poked when it should look again
	lastCut      time.Time
	lastQueue    time.Time   // when a request last had to wait for its slot
	episodeStart time.Time   // first 429 of the current episode
	sinceCut     int         // successes since the last cut
	successes    []time.Time // answers that were not 429, over the last rateWindow
	throttles    []time.Time // answers that were 429, over the last rateWindow
}

// The pacer's tuning. No BENCHMARKS.md row tells any one of these values
// apart: they were set by reasoning (each comment says why) and checked by the
// simulations of pacer_test.go. The pacer as a whole is measured under a rate
// limit, e.g. BENCHMARKS.md "Run of 2026-12-02 15:32 UTC" row "| 5/s | global | apply |"
// (a 429 share of 4.1%) and row "| 20/s | endpoint | apply |" (none), and the cost
// of the slow start in BENCHMARKS.md "Run of 2026-12-04 18:02 UTC" row "| 1000 | 150ms | 0.40 s |"
// (two round trips more than the floor assumes, before Together).
const (
	minRate = 0.2    // never slower than one request per 5 s
	maxRate = 1000.0 // beyond any API's limit per key; keeps the climb finite
	// The slow-start window: its size at first, and the size past which it is
	// dropped (by then a limit would have shown). One at first: a walk that
	// starts against a budget the last walk emptied then meets it with a 429 or
	// two, not a window's worth.
	startWindow = 1
	openWindow  = 64
	// maxTogether bounds the requests Together lets past the window at once:
	// a second's worth of the documented limit (20 requests/s per endpoint).
	// The nine pages after the first of 1,000 clusters fit: BENCHMARKS.md
	// "Run of 2026-12-05 07:40 UTC" row "| 1000 | 150ms | 0.43 s |" (1.02 x
	// its floor; without Together, 1.63 and 1.64 in runs taken in turn).
	maxTogether = 20
	// slowStartStall is how long a full window waits for an answer before it
	// opens anyway: a hung or slow request must not hold every other one.
	slowStartStall = 500 * time.Millisecond
	rateWindow     = 4 * time.Second // how far back answers are kept
	// 429s closer than episodeGap, or than episodeGapCalls requests at the pace,
	// belong to one episode.
	episodeGap      = 500 * time.Millisecond
	episodeGapCalls = 2.5
	// An episode is measured once it spans measureSpan and measureMin successes:
	// shorter, the few answers in flight together would decide it.
	measureSpan = 500 * time.Millisecond
	measureMin  = 5
	estShrink   = 0.85                   // a 429 under the estimate shrinks it by this share
	cutGap      = 250 * time.Millisecond // answers in flight at a cut arrive together: cut once for them
	underShare  = 0.97                   // the pace after a measurement, as a share of the measured rate
	// cutWhen is the share of 429s among recent answers below which a 429 is taken
	// for a passing blip (a gateway, another client) rather than our own excess:
	// cutting on every blip would slow a whole run down to a crawl.
	cutWhen = 0.03
	// Climb per success, in requests/s. With the pace the binding limit, successes
	// arrive at the pace, so climbFast multiplies it by e each second.
	climbFast = 1.0
	climbBack = 0.5
	// Past the measurement, each success adds rate/probeCalls, more as successes
	// without a cut accumulate (probeGrow): about 3% in the first 100 calls.
	probeCalls = 5000
	probeGrow  = 100
)

// New returns a Pacer that does not pace anything until the server first
// throttles (a fixed starting pace would slow every run against a generous API),
// or paces at ceiling when there is one. Until then a slow-start window bounds
// the requests in flight, growing by one per answer (doubling each round trip),
// so that a tight limit is met by a handful of requests, not all at once.
func New(ceiling float64) *Pacer {
	p := &Pacer{ceiling: ceiling, rate: ceiling}
	if ceiling == 0 {
		p.window = startWindow
	}
	return p
}

// Together lets the next n requests (at most maxTogether) go at once while the
// slow start would send them a few per round trip: the pages of a listing
// whose count is known, which are of no use until the last has come, so the
// window's waves would only delay the whole listing by a round trip each.
// The window, once widened to let them all be in flight, grows by their
// answers as by any others, and halves on a 429. Paced, it changes nothing:
// the pace spaces them like every request.
func (p *Pacer) Together(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.window > 0 && n > 0 {
		p.window = max(p.window, float64(p.inflight+min(n, maxTogether)))
		p.pokeFirst()
	}
}

// Wait blocks until this caller may send. Requests wait in line; the first goes
// one interval at the current pace after the last one went. Only the first
// sleeps on a timer, and it looks again whenever the pace climbs, so a pace that
// changes while requests wait applies to all of them at once, not only to those
// that arrive later.
func (p *Pacer) Wait(ctx context.Context) error {
	// A caller that has given up gets no slot, even one free at once: its
	// request would only be sent to be thrown away.
	if err := ctx.Err(); err != nil {
		return err
	}
	me := make(chan struct{}, 1)
	p.mu.Lock()
	p.line = append(p.line, me)
	for {
		now := time.Now()
		var timer *time.Timer
		var fired <-chan time.Time // nil (never) unless first in line
		if p.line[0] == me {
			at := p.nextAt(now)
			full := p.window > 0 && float64(p.inflight) >= p.window // then an answer pokes
			if full && !now.Before(p.last.Add(slowStartStall)) {
				// Nothing answered for a while: the API is slow, which says
				// nothing of its limit. Open the window rather than wait on it.
				p.window = max(2*p.window, float64(p.inflight)+1)
				full = false
			}
			if !at.After(now) && !full {
				p.line = p.line[1:]
				p.last = now
				p.inflight++
				p.pokeFirst()
				p.mu.Unlock()
				return nil
			}
			if full {
				at = p.last.Add(slowStartStall)
			}
			timer = time.NewTimer(at.Sub(now))
			fired = timer.C
		}
		p.lastQueue = now
		p.mu.Unlock()
		select {
		case <-fired:
		case <-me:
		case <-ctx.Done():
			p.mu.Lock()
			i := slices.Index(p.line, me)
			p.line = slices.Delete(p.line, i, i+1)
			if i == 0 {
				p.pokeFirst()
			}
			p.mu.Unlock()
			if timer != nil {
				timer.Stop()
			}
			return ctx.Err()
		}
		if timer != nil {
			timer.Stop()
		}
		p.mu.Lock()
	}
}

// Pace is the current pace in requests/s; 0 while unpaced.
func (p *Pacer) Pace() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate
}

// Queued is how many requests wait in line to be sent.
func (p *Pacer) Queued() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.line)
}

// Answered counts the answer (or failure) of a request that Wait let go:
// status is its HTTP status, 0 when no response came. Any status but 429
// says the server's rate was not exceeded, and counts as a success. A 429 is
// told apart by Throttled, which the retry loop calls once it has decided to
// wait it out.
func (p *Pacer) Answered(status int) {
	p.mu.Lock()
	p.inflight--
	p.pokeFirst()
	p.mu.Unlock()
	if status != 0 && status != http.StatusTooManyRequests {
		p.succeeded(time.Now())
	}
}

// nextAt is when the next request may go: an interval at the pace after the last.
func (p *Pacer) nextAt(now time.Time) time.Time {
	if p.rate == 0 {
		return now
	}
	at := p.last.Add(time.Duration(float64(time.Second) / p.rate))
	if at.Before(now) {
		return now
	}
	return at
}

// pokeFirst tells the first request in line to look again.
func (p *Pacer) pokeFirst() {
	if len(p.line) > 0 {
		select {
		case p.line[0] <- struct{}{}:
		default: // already poked
		}
	}
}

// Throttled records an HTTP 429 answered at now and, unless it looks like a
// passing blip, cuts the pace (see Pacer).
func (p *Pacer) Throttled(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	// At low rates 429s come further apart while the budget stays empty.
	gap := episodeGap
	if p.rate > 0 {
		gap = max(gap, time.Duration(episodeGapCalls/p.rate*float64(time.Second)))
	}
	if n := len(p.throttles); n == 0 || now.Sub(p.throttles[n-1]) >= gap {
		p.episodeStart = now
	}
	p.throttles = append(trimBefore(p.throttles, now.Add(-rateWindow)), now)
	p.successes = trimBefore(p.successes, now.Add(-rateWindow))
	if t := float64(len(p.throttles)); t < 2 || t/(t+float64(len(p.successes))) < cutWhen {
		// Not yet a limit, but a slow start stops doubling into what may be one.
		if p.window > 0 {
			p.window = max(startWindow, p.window/2)
		}
		return
	}
	if now.Sub(p.lastCut) < cutGap {
		return
	}
	p.lastCut, p.sinceCut, p.window = now, 0, 0 // paced from now on: the window has done its job
	span := now.Sub(p.episodeStart)
	admitted := len(p.successes) - countBefore(p.successes, p.episodeStart)
	// What got through in the last second (over a whole second even if the run
	// is younger: a server's burst lets through in an instant what it would not
	// allow each second).
	recent := float64(len(p.successes) - countBefore(p.successes, now.Add(-time.Second)))
	switch {
	case span >= measureSpan && admitted >= measureMin:
		p.est, p.provisional = float64(admitted)/span.Seconds(), false
	case p.est == 0:
		// The first 429s, too few to measure: start from half of what got
		// through, as up to half of it may have been the server's burst, and
		// climb fast until the next cut (provisional) in case it was not.
		p.est, p.provisional = max(recent/2, 1), true
	case p.rate > p.est:
		// Too short to measure, over the estimate: the server did admit the last
		// second's answers, so the estimate is at least those. (Not the pace: it
		// may be far above the demand, and anything above the demand slows nothing.)
		p.est, p.provisional = max(p.est, min(p.rate, recent)), false
	default:
		// Throttled at or under the estimate: it was too high.
		p.est, p.provisional = p.est*estShrink, false
	}
	p.setRate(p.est * underShare)
}

// succeeded counts an answer at now that the server did not throttle and, when
// the pace is what holds requests back, lets it climb.
func (p *Pacer) succeeded(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.successes = append(trimBefore(p.successes, now.Add(-rateWindow)), now)
	p.sinceCut++
	if p.window > 0 {
		if p.window++; p.window >= openWindow {
			p.window = 0
		}
	}
	if p.rate == 0 || now.Sub(p.lastQueue) > time.Second {
		// Unpaced, or demand is under the pace: climbing would only let a later
		// burst through.
		return
	}
	switch {
	case p.provisional:
		p.rate += climbFast
	case p.rate < p.est*underShare:
		p.rate = min(p.rate+climbBack, p.est*underShare)
	default:
		p.rate += p.rate / probeCalls * (1 + float64(p.sinceCut)/probeGrow)
	}
	p.setRate(p.rate)
	p.pokeFirst() // the first in line may go sooner now
}

// setRate sets the pace within its bounds and the ceiling.
func (p *Pacer) setRate(r float64) {
	p.rate = min(max(r, minRate), maxRate)
	if p.ceiling > 0 {
		p.rate = min(p.rate, p.ceiling)
	}
}

// countBefore counts the times in ts, which is in order, that are before t.
func countBefore(ts []time.Time, t time.Time) int {
	return sort.Search(len(ts), func(i int) bool { return !ts[i].Before(t) })
}

func trimBefore(ts []time.Time, cutoff time.Time) []time.Time { return ts[countBefore(ts, cutoff):] }
