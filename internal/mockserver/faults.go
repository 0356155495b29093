package mockserver

import (
	"fmt"
	"net/http"
	"time"
)

// Fault describes how to misanswer matching API requests. Faults are
// applied after auth, latency and the rate limit, before the work (except
// LoseResponse, which does the work first). Only the first matching queued
// fault applies to a request.
type Fault struct {
	Route          string        // route name, or "" for any API route
	ClusterID      string        // optional: only requests about this cluster
	Times          int           // how many matching requests it applies to; 0 means 1; -1 means forever
	HTTPStatus     int           // answer this HTTP status (default 200 when Code is set, else 500)
	Code           int           // answer this envelope code with Message (JSON body)
	Message        string        // envelope message; "" means "injected fault"
	Body           *string       // raw body instead of JSON (e.g. "<html>Bad Gateway</html>" or "" for empty); Content-Type text/html
	RetryAfter     string        // Retry-After header value
	Latency        time.Duration // sleep before answering (honor request ctx); with no other field set, the request is then served normally
	DropConnection bool          // hijack and close the connection without answering, without doing the work
	LoseResponse   bool          // DO the work (create/drop/modify really happen), then hijack and close without answering
}

// pendingFault is a queued fault and how many more requests it applies to.
type pendingFault struct {
	f    Fault
	left int // -1: forever
}

// InjectFault queues f behind the faults already queued.
func (s *Server) InjectFault(f Fault) {
	left := f.Times
	switch {
	case left == 0:
		left = 1
	case left < 0:
		left = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &pendingFault{f: f, left: left})
}

// ClearFaults drops every queued fault (random faults keep going).
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault consumes the first queued fault matching the request, or else
// draws a random fault. It reports false when the request is to be served.
func (s *Server) takeFault(routeName, clusterID string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.faults {
		if (p.f.Route != "" && p.f.Route != routeName) || (p.f.ClusterID != "" && p.f.ClusterID != clusterID) {
			continue
		}
		if p.left > 0 {
			p.left--
			if p.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return p.f, true
	}
	// Draw only when enabled so a zero rate leaves the sequence untouched.
	if s.randomRate > 0 && s.rnd.Float64() < s.randomRate {
		return randomFaults[s.rnd.IntN(len(randomFaults))], true
	}
	return Fault{}, false
}

// latencyOnly reports whether f only delays the request, which is then
// served normally.
func (f Fault) latencyOnly() bool {
	return f.HTTPStatus == 0 && f.Code == 0 && f.Body == nil && f.RetryAfter == "" &&
		!f.DropConnection && !f.LoseResponse
}

// faultResponse builds the answer for a fault that neither drops the
// connection nor only delays.
func faultResponse(f Fault) response {
	status := f.HTTPStatus
	if status == 0 {
		status = http.StatusInternalServerError
		if f.Code != 0 {
			status = http.StatusOK
		}
	}
	var r response
	switch {
	case f.Body != nil:
		r = rawResponse(status, "text/html", *f.Body)
	case f.Code != 0:
		msg := f.Message
		if msg == "" {
			msg = "injected fault"
		}
		r = response{status: status, code: f.Code, message: msg}
	default:
		// A bare status looks like a gateway's error page, not like the API.
		r = rawResponse(status, "text/html", fmt.Sprintf("<html><body>%d %s</body></html>", status, http.StatusText(status)))
	}
	r.retryAfter = f.RetryAfter
	return r
}

// randomFaults are the transient failures a gateway produces; a retrying
// client must survive every one. LoseResponse is left out on purpose: it
// changes state, which would make random runs diverge from the plan.
var randomFaults = []Fault{
	{HTTPStatus: http.StatusServiceUnavailable, Body: ptr("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")},
	{HTTPStatus: http.StatusBadGateway, Body: ptr("")},
	{HTTPStatus: http.StatusTooManyRequests, RetryAfter: "0", Body: ptr("<html><body>429 Too Many Requests</body></html>")},
	{DropConnection: true},
}

func ptr[T any](v T) *T { return &v }
