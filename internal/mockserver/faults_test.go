package mockserver

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestFaultAnswers(t *testing.T) {
	html := "<html>Bad Gateway</html>"
	empty := ""
	tests := []struct {
		name        string
		fault       Fault
		wantStatus  int
		wantCode    int // envelope code; 0 for a non-JSON body
		wantBody    string
		wantCT      string
		wantRetry   string
		wantMessage string
	}{
		{"code", Fault{Code: 80020, Message: "gone"}, 200, 80020, "", "application/json", "", "gone"},
		{"code default message", Fault{Code: 65535}, 200, 65535, "", "application/json", "", "injected fault"},
		{"code with status", Fault{HTTPStatus: 401, Code: 80001, Message: "The token is illegal"}, 401, 80001, "", "application/json", "", "The token is illegal"},
		{"html body", Fault{HTTPStatus: 502, Body: &html}, 502, 0, html, "text/html", "", ""},
		{"empty body", Fault{HTTPStatus: 504, Body: &empty}, 504, 0, "", "text/html", "", ""},
		{"body default status", Fault{Body: &html}, 500, 0, html, "text/html", "", ""},
		{"bare status", Fault{HTTPStatus: 503}, 503, 0, "<html><body>503 Service Unavailable</body></html>", "text/html", "", ""},
		{"retry after", Fault{HTTPStatus: 429, RetryAfter: "2"}, 429, 0, "<html><body>429 Too Many Requests</body></html>", "text/html", "2", ""},
		{"retry after alone", Fault{RetryAfter: "3"}, 500, 0, "<html><body>500 Internal Server Error</body></html>", "text/html", "3", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			h.s.InjectFault(tt.fault)
			r := h.do("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "x", 1, "", DefaultProjectID))
			if r.status != tt.wantStatus || r.env.Code != tt.wantCode || r.header.Get("Content-Type") != tt.wantCT ||
				r.header.Get("Retry-After") != tt.wantRetry || r.header.Get("Requestid") == "" {
				t.Errorf("got %d code %d CT %q RA %q; body %q", r.status, r.env.Code, r.header.Get("Content-Type"), r.header.Get("Retry-After"), r.body)
			}
			if tt.wantCode == 0 && r.body != tt.wantBody {
				t.Errorf("body %q, want %q", r.body, tt.wantBody)
			}
			if tt.wantMessage != "" && r.env.Message != tt.wantMessage {
				t.Errorf("message %q", r.env.Message)
			}
			if n := len(h.s.Clusters(west)); n != 0 {
				t.Errorf("fault did the work: %d clusters", n)
			}
			log := h.s.Requests()[0]
			if log.HTTPStatus != tt.wantStatus || log.Code != tt.wantCode {
				t.Errorf("logged %d/%d", log.HTTPStatus, log.Code)
			}
			// The fault was used up: the retry succeeds.
			if code := h.code("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "x", 1, "", DefaultProjectID)); code != 200 {
				t.Errorf("after the fault: %d", code)
			}
		})
	}
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t, Config{})
	h.s.InjectFault(Fault{Latency: 60 * time.Millisecond})
	start := time.Now()
	if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 200 {
		t.Fatalf("latency-only fault must serve normally: %d", code)
	}
	if el := time.Since(start); el < 60*time.Millisecond {
		t.Errorf("answered after %v", el)
	}
	// Latency with another field: delayed, then the fault.
	h.s.InjectFault(Fault{Latency: 30 * time.Millisecond, Code: 90102})
	start = time.Now()
	if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 90102 || time.Since(start) < 30*time.Millisecond {
		t.Errorf("latency+code: %d after %v", code, time.Since(start))
	}
	// The request context cuts the latency short, and no work is done.
	h.s.InjectFault(Fault{Route: RouteCreate, Latency: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err := h.send(ctx, "POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "x", 1, "", DefaultProjectID), "")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	waitFor(t, func() bool { return h.s.Count(RouteCreate) == 1 })
	if len(h.s.Clusters(west)) != 0 {
		t.Error("abandoned request did the work")
	}
}

func TestFaultDropConnection(t *testing.T) {
	h := newHarness(t, Config{})
	h.s.InjectFault(Fault{Route: RouteCreate, DropConnection: true})
	_, err := h.send(context.Background(), "POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "x", 1, "", DefaultProjectID), "")
	if err == nil {
		t.Fatal("want a transport error")
	}
	waitFor(t, func() bool { return h.s.Count(RouteCreate) == 1 })
	if len(h.s.Clusters(west)) != 0 {
		t.Error("dropped request did the work")
	}
	if r := h.s.Requests()[0]; r.HTTPStatus != 0 || r.Code != 0 {
		t.Errorf("logged %+v", r)
	}
}

func TestFaultLoseResponse(t *testing.T) {
	h := newHarness(t, Config{DeleteDuration: time.Hour})
	// Create really happens although the client sees no answer.
	h.s.InjectFault(Fault{Route: RouteCreate, LoseResponse: true})
	_, err := h.send(context.Background(), "POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "lost", 1, "", DefaultProjectID), "")
	if err == nil {
		t.Fatal("want a transport error")
	}
	waitFor(t, func() bool { return h.s.Count(RouteCreate) == 1 })
	cs := h.s.Clusters(west)
	if len(cs) != 1 || cs[0].ClusterName != "lost" {
		t.Fatalf("lost create not performed: %+v", cs)
	}
	// A naive retry now collides on the name: the client must look before re-creating.
	if code := h.code("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "lost", 1, "", DefaultProjectID)); code != 80010 {
		t.Errorf("retried create: %d", code)
	}
	// Drop really happens too; the retry then sees 80020 (already gone).
	id := cs[0].ClusterID
	h.s.InjectFault(Fault{Route: RouteDrop, ClusterID: id, LoseResponse: true})
	if _, err := h.send(context.Background(), "DELETE", "/"+west+"/v1/clusters/"+id+"/drop", "", ""); err == nil {
		t.Fatal("want a transport error")
	}
	waitFor(t, func() bool { return h.s.Count(RouteDrop) == 1 })
	if c, _ := h.s.Cluster(west, id); c.Status != "DELETING" {
		t.Errorf("lost drop not performed: %s", c.Status)
	}
	if code := h.code("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", ""); code != 80020 {
		t.Errorf("retried drop: %d", code)
	}
	// And modify.
	id2 := h.create(west, "m", 1)
	h.s.InjectFault(Fault{Route: RouteModify, LoseResponse: true})
	if _, err := h.send(context.Background(), "POST", "/"+west+"/v1/clusters/"+id2+"/modify", `{"cuSize":4}`, ""); err == nil {
		t.Fatal("want a transport error")
	}
	waitFor(t, func() bool { return h.s.Count(RouteModify) == 1 })
	if c, _ := h.s.Cluster(west, id2); c.CUSize != 4 {
		t.Errorf("lost modify not performed: %+v", c)
	}
}

func TestFaultMatching(t *testing.T) {
	h := newHarness(t, Config{})
	a := h.create(west, "a", 1)
	b := h.create(west, "b", 1)
	describe := func(id string) int { return h.code("GET", "/"+west+"/v1/clusters/"+id, "") }

	// Route and cluster filters.
	h.s.InjectFault(Fault{Route: RouteDrop, Code: 1})
	h.s.InjectFault(Fault{ClusterID: b, Code: 2})
	if got := describe(a); got != 200 {
		t.Errorf("unrelated request faulted: %d", got)
	}
	if got := describe(b); got != 2 {
		t.Errorf("cluster filter: %d", got)
	}
	if got := h.code("DELETE", "/"+west+"/v1/clusters/"+a+"/drop", ""); got != 1 {
		t.Errorf("route filter: %d", got)
	}
	if got := describe(b); got != 200 {
		t.Errorf("used-up fault still applies: %d", got)
	}

	// Times: 0 means once, N means N, -1 forever until cleared.
	for _, tt := range []struct{ times, faulted int }{{0, 1}, {1, 1}, {3, 3}, {-1, 6}} {
		h.s.ClearFaults()
		h.s.InjectFault(Fault{Route: RouteDescribe, Code: 7, Times: tt.times})
		n := 0
		for range 6 {
			if describe(a) == 7 {
				n++
			}
		}
		if n != tt.faulted {
			t.Errorf("Times %d: %d faulted, want %d", tt.times, n, tt.faulted)
		}
	}
	h.s.ClearFaults()
	if got := describe(a); got != 200 {
		t.Errorf("after ClearFaults: %d", got)
	}

	// Queue order: the first match wins; the next one applies after it is used up.
	h.s.InjectFault(Fault{Code: 11, Times: 2})
	h.s.InjectFault(Fault{Code: 12})
	var got []int
	for range 4 {
		got = append(got, describe(a))
	}
	if fmt.Sprint(got) != "[11 11 12 200]" {
		t.Errorf("order: %v", got)
	}

	// Faults come after auth: an unauthenticated request does not consume one.
	h.s.InjectFault(Fault{Code: 13})
	if r, _ := h.send(context.Background(), "GET", "/"+west+"/v1/clouds", "", "-"); r.env.Code != 80001 {
		t.Errorf("auth before faults: %d", r.env.Code)
	}
	if got := describe(a); got != 13 {
		t.Errorf("fault consumed by an unauthenticated request: %d", got)
	}
}

func TestRandomFaults(t *testing.T) {
	run := func(seed int64) []string {
		h := newHarness(t, Config{RandomFaultRate: 0.5, RandomFaultSeed: seed})
		var out []string
		for range 40 {
			r, err := h.send(context.Background(), "GET", "/"+west+"/v1/clouds", "", "")
			switch {
			case err != nil:
				out = append(out, "drop")
			default:
				out = append(out, fmt.Sprintf("%d:%s:%s", r.status, r.header.Get("Retry-After"), r.body[:min(len(r.body), 6)]))
			}
		}
		return out
	}
	a, b, c := run(42), run(42), run(7)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("different seeds, same faults")
	}
	seen := map[string]int{}
	for _, v := range a {
		seen[v]++
	}
	for _, want := range []string{"200::{\"code", "503::<html>", "502::", "429:0:<html>", "drop"} {
		if seen[want] == 0 {
			t.Errorf("never saw %q in %v", want, seen)
		}
	}

	// Rate 1: every request faulted and none does the work.
	h := newHarness(t, Config{RandomFaultRate: 1, RandomFaultSeed: 1})
	for range 10 {
		h.send(context.Background(), "POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "x", 1, "", DefaultProjectID), "")
	}
	waitFor(t, func() bool { return h.s.Count(RouteCreate) == 10 })
	if len(h.s.Clusters(west)) != 0 {
		t.Error("random faults did work")
	}
}
