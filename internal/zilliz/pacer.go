package zilliz

import (
	"context"
	"sync"
	"time"
)

// pacer spaces the requests of one Client so that many resources applied in
// parallel share one budget instead of each hammering the API. It starts
// unlimited and learns the server's rate from its 429 answers:
//
//   - on a 429 it drops the pace to a little under the rate at which answers
//     were actually succeeding, which under a server-side limit is that limit;
//   - while requests succeed it climbs back by a fixed share per success, so the
//     climb takes the same few seconds at 5 or at 50 requests/s.
//
// A 429's own Retry-After is honoured by the request that got it (see Client.do);
// holding every request for it would throw away the whole budget of that time.
// An optional ceiling caps the pace for teams that share a key.
type pacer struct {
	mu        sync.Mutex
	ceiling   float64 // requests/s, 0 = none
	rate      float64 // current pace in requests/s, 0 = unlimited
	next      time.Time
	lastCut   time.Time
	successes []time.Time // answers that were not 429, over the last rateWindow
	throttles []time.Time // answers that were 429, over the last rateWindow
}

const (
	minRate    = 0.2             // never slower than one request per 5 s
	rateWindow = 2 * time.Second // how far back successes are counted to measure the server's rate
	cutShare   = 0.9             // after a 429: this share of the measured successful rate
	// cutWhen is the share of 429s among recent answers below which a 429 is taken
	// for a passing blip (a gateway, another client) rather than our own excess:
	// cutting on every blip would slow a whole run down to a crawl.
	cutWhen    = 0.03
	climbShare = 0.02 // per success: +2% of a request/s for each request that succeeded
)

func newPacer(ceiling float64) *pacer {
	return &pacer{ceiling: ceiling, rate: ceiling}
}

// wait blocks until this caller may send, and books its slot.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	if p.rate == 0 {
		p.mu.Unlock()
		return ctx.Err()
	}
	now := time.Now()
	at := now
	if p.next.After(at) {
		at = p.next
	}
	p.next = at.Add(time.Duration(float64(time.Second) / p.rate))
	p.mu.Unlock()
	return sleep(ctx, time.Until(at))
}

// throttled records an HTTP 429. Answers to requests already in flight arrive
// together, so the pace is cut at most once per half window, and only when 429s
// are a real share of recent answers.
func (p *pacer) throttled() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.throttles = append(trimBefore(p.throttles, now.Add(-rateWindow)), now)
	p.successes = trimBefore(p.successes, now.Add(-rateWindow))
	if t := float64(len(p.throttles)); t < 2 || t/(t+float64(len(p.successes))) < cutWhen {
		return
	}
	if now.Sub(p.lastCut) < rateWindow/2 {
		return
	}
	p.lastCut = now
	measured := float64(len(p.successes)) / rateWindow.Seconds()
	if p.rate > 0 {
		measured = min(measured, p.rate)
	}
	p.rate = max(measured*cutShare, minRate)
}

// succeeded counts an answer the server did not throttle and lets the pace climb.
func (p *pacer) succeeded() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.successes = append(trimBefore(p.successes, now.Add(-rateWindow)), now)
	if p.rate == 0 {
		return
	}
	p.rate += climbShare
	if p.ceiling > 0 {
		p.rate = min(p.rate, p.ceiling)
	}
}

func trimBefore(ts []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(cutoff) {
		i++
	}
	return ts[i:]
}
