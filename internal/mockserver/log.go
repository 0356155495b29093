package mockserver

import "time"

// Request is one logged API request (admin requests are never logged).
type Request struct {
	APIVersion    string    `json:"apiVersion"` // "v1" or "v2": the dialect of the path; "" for an unknown route
	Method        string    `json:"method"`
	Path          string    `json:"path"`      // r.URL.EscapedPath(), e.g. "/aws-us-west-2/v1/clusters/in01-abc/drop"
	Route         string    `json:"route"`     // a Route* name, or "unknown"
	Region        string    `json:"region"`    // v1: the region path prefix; v2: the region the request was about; "" when none
	ClusterID     string    `json:"clusterId"` // path parameter, unescaped, when the route has one
	Authorization string    `json:"authorization"`
	UserAgent     string    `json:"userAgent"`
	Query         string    `json:"query"`      // raw query
	Body          string    `json:"body"`       // raw request body
	HTTPStatus    int       `json:"httpStatus"` // what was answered; 0 when nothing was (dropped connection, client gone)
	Code          int       `json:"code"`       // envelope code answered; 0 when none
	Time          time.Time `json:"time"`       // arrival
}

// record appends r to the log.
func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, r)
}

// Requests returns a copy of the API request log in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Count returns the number of logged API requests to route.
func (s *Server) Count(route string) int {
	return s.Counts()[route]
}

// Counts returns the number of logged API requests per route name.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for i := range s.log {
		out[s.log[i].Route]++
	}
	return out
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}
