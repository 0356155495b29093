package zilliz

import (
	"context"
	"sync"
	"time"
)

// pacer spaces the requests of one Client. It starts unlimited and learns the
// server's rate from its 429 answers: a cut to 70% of what was being sent on a
// throttle (at most once per second, since answers to requests already in flight
// arrive together), then a slow additive climb while requests succeed. An
// optional ceiling caps it for teams that share a key.
type pacer struct {
	mu      sync.Mutex
	ceiling float64 // requests/s, 0 = none
	rate    float64 // current pace in requests/s, 0 = unlimited
	next    time.Time
	hold    time.Time // no request starts before this (Retry-After)
	lastCut time.Time
	window  []time.Time // send times of the last second, to measure the pace actually used
}

const (
	minRate      = 0.2  // never slower than one request per 5 s
	cutFactor    = 0.7  // multiplicative decrease on a throttle
	climbPerSend = 0.05 // additive increase, in requests/s, per success: about +1 req/s for each 20 successes
)

func newPacer(ceiling float64) *pacer {
	return &pacer{ceiling: ceiling, rate: ceiling}
}

// wait blocks until this caller may send, and books its slot.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := time.Now()
	at := now
	if p.next.After(at) {
		at = p.next
	}
	if p.hold.After(at) {
		at = p.hold
	}
	if p.rate > 0 {
		p.next = at.Add(time.Duration(float64(time.Second) / p.rate))
	}
	p.window = append(trimBefore(p.window, now.Add(-time.Second)), at)
	p.mu.Unlock()
	return sleep(ctx, time.Until(at))
}

// throttled records an HTTP 429 and, when the server said so, holds all sends until Retry-After.
func (p *pacer) throttled(retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.lastCut) >= time.Second {
		p.lastCut = now
		current := p.rate
		if current == 0 {
			current = float64(len(trimBefore(p.window, now.Add(-time.Second))))
		}
		p.rate = max(current*cutFactor, minRate)
	}
	if h := now.Add(retryAfter); h.After(p.hold) {
		p.hold = h
	}
}

// succeeded lets the pace climb back towards the ceiling, or to unlimited.
func (p *pacer) succeeded() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rate == 0 || (p.ceiling > 0 && p.rate >= p.ceiling) {
		return
	}
	p.rate += climbPerSend
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
