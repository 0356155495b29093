package mockserver

import (
	"context"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		rate  float64
		burst int
		steps []struct {
			at    time.Duration
			ok    bool
			retry int
		}
	}{
		{"unlimited", 0, 0, []struct {
			at    time.Duration
			ok    bool
			retry int
		}{{0, true, 0}, {0, true, 0}, {0, true, 0}}},
		{"burst then refill", 2, 3, []struct {
			at    time.Duration
			ok    bool
			retry int
		}{{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 1}, {500 * time.Millisecond, true, 0}, {500 * time.Millisecond, false, 1}}},
		{"slow rate rounds up", 0.25, 1, []struct {
			at    time.Duration
			ok    bool
			retry int
		}{{0, true, 0}, {0, false, 4}, {time.Second, false, 3}, {3500 * time.Millisecond, false, 1}, {4 * time.Second, true, 0}}},
		{"burst defaults to rate", 5, 0, []struct {
			at    time.Duration
			ok    bool
			retry int
		}{{0, true, 0}, {0, true, 0}, {0, true, 0}, {0, true, 0}, {0, true, 0}, {0, false, 1}}},
		{"fractional rate burst at least 1", 0.5, 0, []struct {
			at    time.Duration
			ok    bool
			retry int
		}{{0, true, 0}, {0, false, 2}}},
	}
	for _, tt := range tests {
		var l limiter
		l.set(tt.rate, tt.burst)
		for i, st := range tt.steps {
			ok, retry := l.allow("k", t0.Add(st.at))
			if ok != st.ok || retry != st.retry {
				t.Errorf("%s step %d: allow = %v, %d; want %v, %d", tt.name, i, ok, retry, st.ok, st.retry)
			}
		}
	}
}

func TestRateLimitHTTP(t *testing.T) {
	h := newHarness(t, Config{RateLimit: 1, RateBurst: 2})
	h.s.InjectFault(Fault{Code: 99, Times: -1}) // faults come after the rate limit
	for range 2 {
		if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 99 {
			t.Fatalf("within burst: %d", code)
		}
	}
	h.s.ClearFaults()
	r := h.do("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "x", 1, "", DefaultProjectID))
	if r.status != 429 || r.header.Get("Retry-After") != "1" || r.body != "<html><body>429 Too Many Requests</body></html>" ||
		r.header.Get("Content-Type") != "text/html" {
		t.Fatalf("over the limit: %d RA %q %q", r.status, r.header.Get("Retry-After"), r.body)
	}
	if len(h.s.Clusters(west)) != 0 {
		t.Error("rate-limited request did the work")
	}
	reqs := h.s.Requests()
	if last := reqs[len(reqs)-1]; last.HTTPStatus != 429 || last.Code != 0 || last.Route != RouteCreate {
		t.Errorf("logged %+v", last)
	}
	// Unauthenticated requests do not spend the key's tokens.
	if r, _ := h.send(context.Background(), "GET", "/"+west+"/v1/clouds", "", "-"); r.status != 401 {
		t.Errorf("unauthenticated: %d", r.status)
	}
	// Changing the limit refills; 0 lifts it.
	h.s.SetRateLimit(0, 0)
	for range 5 {
		if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 200 {
			t.Fatalf("unlimited: %d", code)
		}
	}
	h.s.SetRateLimit(0.5, 1)
	h.do("GET", "/"+west+"/v1/clouds", "")
	if r := h.do("GET", "/"+west+"/v1/clouds", ""); r.status != 429 || r.header.Get("Retry-After") != "2" {
		t.Errorf("rate 0.5: %d RA %q", r.status, r.header.Get("Retry-After"))
	}
}

func TestEndpointRateLimitHTTP(t *testing.T) {
	h := newHarness(t, Config{EndpointRateLimit: 1, EndpointRateBurst: 2})
	for range 2 {
		if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 200 {
			t.Fatalf("within the endpoint's burst: %d", code)
		}
	}
	if r := h.do("GET", "/"+west+"/v1/clouds", ""); r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("over the endpoint's limit: %d RA %q", r.status, r.header.Get("Retry-After"))
	}
	// Another endpoint has its own budget.
	for range 2 {
		if code := h.code("GET", "/"+west+"/v1/projects", ""); code != 200 {
			t.Fatalf("another endpoint: %d", code)
		}
	}
	// The global limit still applies across endpoints.
	h.s.SetEndpointRateLimit(0, 0)
	h.s.SetRateLimit(1, 1)
	h.do("GET", "/"+west+"/v1/projects", "")
	if r := h.do("GET", "/"+west+"/v1/clouds", ""); r.status != 429 {
		t.Errorf("global limit over two endpoints: %d", r.status)
	}
}
