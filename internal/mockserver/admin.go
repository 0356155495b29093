package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// adminPrefix is where test controls live. Admin requests need no key and
// are never logged or counted, so they cannot disturb what a test asserts.
const adminPrefix = "/_admin/"

// faultJSON is Fault over the admin API; latency is a Go duration string
// ("150ms") or a number of nanoseconds.
type faultJSON struct {
	Route          string          `json:"route"`
	ClusterID      string          `json:"clusterId"`
	Times          int             `json:"times"`
	HTTPStatus     int             `json:"httpStatus"`
	Code           int             `json:"code"`
	Message        string          `json:"message"`
	Body           *string         `json:"body"`
	RetryAfter     string          `json:"retryAfter"`
	Latency        json.RawMessage `json:"latency"`
	DropConnection bool            `json:"dropConnection"`
	LoseResponse   bool            `json:"loseResponse"`
}

// serveAdmin dispatches /_admin/... requests.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), adminPrefix), "/")
	for i, seg := range segs {
		v, err := url.PathUnescape(seg)
		if err != nil {
			adminError(w, http.StatusBadRequest, "bad path segment %q", seg)
			return
		}
		segs[i] = v
	}
	op := r.Method + " " + segs[0]
	switch {
	case len(segs) == 1 && op == "GET requests":
		reqs := s.Requests()
		for i := range reqs {
			reqs[i].Authorization = redact(reqs[i].Authorization)
		}
		adminJSON(w, reqs)
	case len(segs) == 1 && op == "GET counts":
		adminJSON(w, s.Counts())
	case len(segs) == 1 && op == "POST reset-log":
		s.ResetLog()
		adminJSON(w, map[string]bool{"ok": true})
	case len(segs) == 1 && op == "POST faults":
		var in faultJSON
		if !decodeAdmin(w, r, &in) {
			return
		}
		f, err := in.fault()
		if err != nil {
			adminError(w, http.StatusBadRequest, "%v", err)
			return
		}
		s.InjectFault(f)
		adminJSON(w, map[string]bool{"ok": true})
	case len(segs) == 1 && op == "DELETE faults":
		s.ClearFaults()
		adminJSON(w, map[string]bool{"ok": true})
	case len(segs) == 1 && op == "POST clusters":
		var c Cluster
		if !decodeAdmin(w, r, &c) {
			return
		}
		adminJSON(w, s.AddCluster(c))
	case len(segs) == 2 && op == "GET clusters":
		adminJSON(w, nonNil(s.Clusters(segs[1])))
	case len(segs) == 4 && op == "POST clusters":
		s.adminClusterOp(w, r, segs[1], segs[2], segs[3])
	case len(segs) == 1 && op == "PUT hidden-projects":
		var in struct {
			Projects []string `json:"projects"`
		}
		if !decodeAdmin(w, r, &in) {
			return
		}
		s.HideProjects(in.Projects...)
		adminJSON(w, map[string]bool{"ok": true})
	case len(segs) == 1 && op == "PUT ratelimit":
		var in struct {
			Rate  float64 `json:"rate"`
			Burst int     `json:"burst"`
		}
		if !decodeAdmin(w, r, &in) {
			return
		}
		s.SetRateLimit(in.Rate, in.Burst)
		adminJSON(w, map[string]bool{"ok": true})
	case len(segs) == 1 && op == "PUT durations":
		var in struct{ Create, Modify, Delete string }
		if !decodeAdmin(w, r, &in) {
			return
		}
		var d [3]time.Duration
		for i, v := range []string{in.Create, in.Modify, in.Delete} {
			var err error
			if d[i], err = parseDuration(v); err != nil {
				adminError(w, http.StatusBadRequest, "%v", err)
				return
			}
		}
		s.SetDurations(d[0], d[1], d[2])
		adminJSON(w, map[string]bool{"ok": true})
	default:
		adminError(w, http.StatusNotFound, "no admin endpoint %s %s", r.Method, r.URL.EscapedPath())
	}
}

// adminClusterOp serves POST /_admin/clusters/{region}/{id}/{delete|purge|status|cusize}.
func (s *Server) adminClusterOp(w http.ResponseWriter, r *http.Request, region, id, action string) {
	if _, ok := s.Cluster(region, id); !ok {
		adminError(w, http.StatusNotFound, "no cluster %q in region %q", id, region)
		return
	}
	switch action {
	case "delete":
		s.DeleteOutOfBand(region, id)
	case "purge":
		s.PurgeOutOfBand(region, id)
		adminJSON(w, map[string]bool{"ok": true})
		return
	case "status":
		var in struct {
			Status string `json:"status"`
		}
		if !decodeAdmin(w, r, &in) {
			return
		}
		if in.Status == "" {
			adminError(w, http.StatusBadRequest, "status is required")
			return
		}
		s.SetStatus(region, id, in.Status)
	case "cusize":
		var in struct {
			CUSize int `json:"cuSize"`
		}
		if !decodeAdmin(w, r, &in) {
			return
		}
		s.SetCUSize(region, id, in.CUSize)
	default:
		adminError(w, http.StatusNotFound, "unknown cluster action %q", action)
		return
	}
	c, _ := s.Cluster(region, id)
	adminJSON(w, c)
}

// fault converts the admin form into a Fault.
func (in faultJSON) fault() (Fault, error) {
	f := Fault{
		Route: in.Route, ClusterID: in.ClusterID, Times: in.Times,
		HTTPStatus: in.HTTPStatus, Code: in.Code, Message: in.Message,
		Body: in.Body, RetryAfter: in.RetryAfter,
		DropConnection: in.DropConnection, LoseResponse: in.LoseResponse,
	}
	if len(in.Latency) == 0 || string(in.Latency) == "null" {
		return f, nil
	}
	var ns int64
	if err := json.Unmarshal(in.Latency, &ns); err == nil {
		f.Latency = time.Duration(ns)
		return f, nil
	}
	var str string
	if err := json.Unmarshal(in.Latency, &str); err != nil {
		return f, fmt.Errorf("latency: want a duration string or nanoseconds, got %s", in.Latency)
	}
	d, err := parseDuration(str)
	f.Latency = d
	return f, err
}

// parseDuration accepts "" as zero.
func parseDuration(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	return time.ParseDuration(v)
}

// redact hides the key but keeps the scheme, which is what tests assert on.
func redact(auth string) string {
	switch {
	case auth == "":
		return ""
	case strings.HasPrefix(auth, "Bearer "):
		return "Bearer ***"
	}
	return "***"
}

func nonNil(cs []Cluster) []Cluster {
	if cs == nil {
		return []Cluster{}
	}
	return cs
}

// decodeAdmin decodes a JSON body strictly, answering 400 on failure.
func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	if r.Body == nil {
		r.Body = http.NoBody
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields() // a typo in a test's fault should fail loudly
	if err := dec.Decode(v); err != nil {
		adminError(w, http.StatusBadRequest, "bad JSON body: %v", err)
		return false
	}
	return true
}

func adminJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func adminError(w http.ResponseWriter, status int, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": fmt.Sprintf(format, args...)})
}
