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

// newTestClient returns a client for srv with short delays, adjusted by tune.
func newTestClient(t *testing.T, srv *httptest.Server, tune ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		APIKey:         testKey,
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

func (h *hits) count(method, suffix string) int {
	n := 0
	for _, r := range h.all() {
		if r.method == method && strings.HasSuffix(r.path, suffix) {
			n++
		}
	}
	return n
}

// server starts an httptest server whose handler gets the 1-based number of the request.
func server(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *hits) {
	t.Helper()
	var log hits
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(log.add(r), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &log
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

// hangUp closes the connection without answering.
func hangUp(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

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
