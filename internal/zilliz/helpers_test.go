package zilliz

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the API key of test clients: no error text or log field may contain it.
const (
	testKey    = "sekret-key-7f3a9c" //nolint:gosec // a test fixture, not a credential
	testRegion = "aws-us-west-2"
)

// memTransport is the one in-memory transport of the client's tests: it
// serves each request by a handler (the mock, or a test's scripted answers)
// without a network, so that inside a synctest bubble every wait (the
// pacer's, the handler's, the polls') runs on the bubble's virtual clock. A
// handler that aborts (http.ErrAbortHandler: the mock's dropped connection,
// hangUp) is a connection cut before the answer; a request whose context ends
// first gets its context's error. hold, when set, runs once the handler has
// answered and before the answer is returned (a gate a test opens).
type memTransport struct {
	h    http.Handler
	hold func(*http.Request) error
}

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil { // as a server sees a request without one
		r = r.Clone(r.Context())
		r.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	aborted := make(chan any, 1)
	go func() {
		defer func() { aborted <- recover() }()
		m.h.ServeHTTP(rec, r)
	}()
	select {
	case p := <-aborted:
		if p != nil {
			if p != http.ErrAbortHandler { //nolint:errorlint // a panic value, compared as net/http does
				panic(p)
			}
			return nil, io.ErrUnexpectedEOF
		}
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	if m.hold != nil {
		if err := m.hold(r); err != nil {
			return nil, err
		}
	}
	return rec.Result(), nil
}

// fakeAPI is a handler of scripted answers, served in memory at URL.
type fakeAPI struct {
	URL string
	h   http.Handler
}

// newTestClient returns a client of srv with short delays, adjusted by tune.
func newTestClient(t *testing.T, srv *fakeAPI, tune ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		APIKey:         testKey,
		HTTPClient:     &http.Client{Transport: memTransport{h: srv.h}},
		Endpoint:       srv.URL + "/{region}",
		UserAgent:      "terraform-provider-zilliz/test",
		RetryBaseDelay: time.Millisecond,
		RequestTimeout: 2 * time.Second,
		MaxRetries:     DefaultMaxRetries,
	}
	for _, f := range tune {
		f(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hits is a concurrency-safe log of the requests a test server saw.
type hits struct {
	mu   sync.Mutex
	reqs []seen
}

type seen struct {
	method, path, rawPath, query, body string
	header                             http.Header
	at                                 time.Time
}

func (h *hits) add(r *http.Request) int {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reqs = append(h.reqs, seen{method: r.Method, path: r.URL.Path, rawPath: r.URL.EscapedPath(),
		query: r.URL.RawQuery, body: string(body), header: r.Header.Clone(), at: time.Now()})
	return len(h.reqs)
}

func (h *hits) all() []seen {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]seen(nil), h.reqs...)
}

// server is a fakeAPI whose handler gets the 1-based number of the request.
func server(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request)) (*fakeAPI, *hits) {
	t.Helper()
	var log hits
	return &fakeAPI{URL: "http://127.0.0.1:1", h: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(log.add(r), w, r)
	})}, &log
}

func writeEnvelope(w http.ResponseWriter, status, code int, message string, data any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	env := map[string]any{"code": code}
	if code == 200 {
		env["data"] = data
	} else {
		env["message"] = message
	}
	_ = json.NewEncoder(w).Encode(env)
}

func ok(w http.ResponseWriter, data any) { writeEnvelope(w, 200, 200, "", data) }

func writeRaw(w http.ResponseWriter, status int, contentType, body string) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// hangUp cuts the connection without answering (see memTransport).
func hangUp() { panic(http.ErrAbortHandler) }

// recordingLogger keeps every log entry, to check that no field carries a secret.
type recordingLogger struct {
	mu      sync.Mutex
	entries []string
}

func (l *recordingLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("DEBUG", msg, f)
}
func (l *recordingLogger) Warn(_ context.Context, msg string, f map[string]any) {
	l.add("WARN", msg, f)
}

func (l *recordingLogger) add(level, msg string, f map[string]any) {
	b, _ := json.Marshal(f)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, level+" "+msg+" "+string(b))
}

func (l *recordingLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.entries, "\n")
}
