package mockserver

import (
	"math"
	"time"
)

// limiter is a token bucket per API key (golang.org/x/time/rate would be a
// dependency for ten lines). Guarded by Server.mu.
type limiter struct {
	rate    float64 // tokens per second; <= 0 means unlimited
	burst   int
	buckets map[string]*bucket
}

// bucket is one key's tokens as of last.
type bucket struct {
	tokens float64
	last   time.Time
}

// set changes the rate and refills every bucket.
func (l *limiter) set(rate float64, burst int) {
	if burst <= 0 {
		burst = max(1, int(rate))
	}
	l.rate, l.burst = rate, burst
	l.buckets = map[string]*bucket{}
}

// allow takes a token for key. When none is left it reports the whole
// seconds until the next one (at least 1), for Retry-After.
func (l *limiter) allow(key string, now time.Time) (ok bool, retryAfter int) {
	if l.rate <= 0 {
		return true, 0
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(l.burst), last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(float64(l.burst), b.tokens+elapsed*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, max(1, int(math.Ceil((1-b.tokens)/l.rate)))
}

// SetRateLimit changes the rate limit (requests per second per key; 0 means
// unlimited) and burst (0 means max(1, int(rate))); buckets start full.
func (s *Server) SetRateLimit(rate float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit.set(rate, burst)
}

// SetEndpointRateLimit changes the limit per route (requests per second of one
// key on one endpoint; 0 means unlimited) and its burst; buckets start full.
func (s *Server) SetEndpointRateLimit(rate float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perRoute.set(rate, burst)
}
