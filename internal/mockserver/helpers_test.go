package mockserver

import (
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

// fakeClock lets lifecycle tests step time instead of sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a client-side reading of the API envelope.
type env struct {
	Code      int             `json:"code"`
	Message   string          `json:"message"`
	RequestID string          `json:"requestId"`
	Data      json.RawMessage `json:"data"`
}

// reply is one HTTP answer as a test sees it.
type reply struct {
	status int
	header http.Header
	body   string
	env    env
}

// harness is a mock on a real loopback listener plus a client that never
// reuses connections, so Go's transport cannot silently retry a request
// whose connection the mock dropped.
type harness struct {
	t      *testing.T
	s      *Server
	base   string
	client *http.Client
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	s, tpl := NewTestServer(t, cfg)
	return &harness{
		t:      t,
		s:      s,
		base:   strings.TrimSuffix(tpl, "/{region}"),
		client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second},
	}
}

// withClock installs a fake clock starting at a fixed instant.
func (h *harness) withClock() *fakeClock {
	c := &fakeClock{t: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)}
	h.s.now = c.Now
	return c
}

// send performs a request; auth "" sends the default key, "-" sends none.
func (h *harness) send(ctx context.Context, method, path, body, auth string) (reply, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	switch auth {
	case "":
		req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
	case "-":
	default:
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	r := reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r.env); err != nil {
			h.t.Fatalf("%s %s: bad JSON %q: %v", method, path, b, err)
		}
	}
	return r, nil
}

// do is send with the default key that must get an answer.
func (h *harness) do(method, path, body string) reply {
	h.t.Helper()
	r, err := h.send(context.Background(), method, path, body, "")
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// code performs a request and returns the envelope code, failing on a
// non-JSON answer.
func (h *harness) code(method, path, body string) int {
	h.t.Helper()
	r := h.do(method, path, body)
	if r.header.Get("Content-Type") != "application/json" {
		h.t.Fatalf("%s %s: not JSON: %d %q", method, path, r.status, r.body)
	}
	return r.env.Code
}

// create makes a dedicated cluster and returns its id.
func (h *harness) create(region, name string, cu int) string {
	h.t.Helper()
	body, _ := json.Marshal(map[string]any{"plan": "Standard", "clusterName": name, "cuSize": cu, "projectId": DefaultProjectID})
	r := h.do("POST", "/"+region+"/v1/clusters/create", string(body))
	if r.env.Code != 200 {
		h.t.Fatalf("create %s: %d %s", name, r.env.Code, r.env.Message)
	}
	var d createdJSON
	mustJSON(h.t, r.env.Data, &d)
	return d.ClusterID
}

// createServerless makes a serverless or free cluster and returns its id.
func (h *harness) createServerless(region, name, plan string) string {
	h.t.Helper()
	body, _ := json.Marshal(map[string]any{"plan": plan, "clusterName": name, "projectId": DefaultProjectID})
	r := h.do("POST", "/"+region+"/v1/clusters/createServerless", string(body))
	if r.env.Code != 200 {
		h.t.Fatalf("createServerless %s: %d %s", name, r.env.Code, r.env.Message)
	}
	var d createdJSON
	mustJSON(h.t, r.env.Data, &d)
	return d.ClusterID
}

// describe returns the cluster object from the API.
func (h *harness) describe(region, id string) Cluster {
	h.t.Helper()
	r := h.do("GET", "/"+region+"/v1/clusters/"+id, "")
	if r.env.Code != 200 {
		h.t.Fatalf("describe %s: %d %s", id, r.env.Code, r.env.Message)
	}
	var c Cluster
	mustJSON(h.t, r.env.Data, &c)
	return c
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("unmarshal %q: %v", b, err)
	}
}

const (
	west = "aws-us-west-2"
	east = "aws-us-east-1"
)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
