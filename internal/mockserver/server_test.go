package mockserver

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		name       string
		auth       string
		wantStatus int
		wantCode   int
	}{
		{"missing", "-", 401, 80001},
		{"other scheme", "Basic dGVzdA==", 401, 80001},
		{"bearer without key", "Bearer ", 401, 80001},
		{"bare key", DefaultAPIKey, 401, 80001},
		{"wrong key", "Bearer nope", 200, 80002},
		{"right key", "Bearer " + DefaultAPIKey, 200, 200},
		{"scheme case-insensitive", "bearer " + DefaultAPIKey, 200, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := h.send(context.Background(), "GET", "/"+west+"/v1/clouds", "", tt.auth)
			if err != nil {
				t.Fatal(err)
			}
			if r.status != tt.wantStatus || r.env.Code != tt.wantCode {
				t.Fatalf("got HTTP %d code %d (%s), want HTTP %d code %d", r.status, r.env.Code, r.body, tt.wantStatus, tt.wantCode)
			}
			if tt.wantCode != 200 && r.env.Message == "" {
				t.Errorf("error without message: %s", r.body)
			}
		})
	}
	// Auth failures do no work.
	h2 := newHarness(t, Config{APIKey: "k2"})
	r, _ := h2.send(context.Background(), "POST", "/"+west+"/v1/clusters/create",
		`{"plan":"Standard","clusterName":"x","cuSize":1,"projectId":"`+DefaultProjectID+`"}`, "Bearer "+DefaultAPIKey)
	if r.env.Code != 80002 || len(h2.s.Clusters(west)) != 0 {
		t.Fatalf("wrong key: code %d, clusters %v", r.env.Code, h2.s.Clusters(west))
	}
	if r, _ := h2.send(context.Background(), "GET", "/"+west+"/v1/clouds", "", "Bearer k2"); r.env.Code != 200 {
		t.Fatalf("configured key refused: %s", r.body)
	}
}

func TestEnvelope(t *testing.T) {
	h := newHarness(t, Config{})
	ok := h.do("GET", "/"+west+"/v1/clouds", "")
	if ok.status != 200 || ok.header.Get("Content-Type") != "application/json" || len(ok.header.Get("Requestid")) != 32 {
		t.Fatalf("success headers: %d %v", ok.status, ok.header)
	}
	if !strings.HasPrefix(ok.body, `{"code":200,"data":[`) {
		t.Errorf("success body %s", ok.body)
	}
	bad := h.do("GET", "/"+west+"/v1/clusters/in01-nope", "")
	if bad.status != 200 || bad.env.Code != 80020 || bad.env.Message != "Cluster not exist or you don't have permission." {
		t.Fatalf("failure: %d %s", bad.status, bad.body)
	}
	if bad.env.RequestID == "" || bad.env.RequestID != bad.header.Get("Requestid") {
		t.Errorf("requestId %q vs header %q", bad.env.RequestID, bad.header.Get("Requestid"))
	}
	if bad.header.Get("Requestid") == ok.header.Get("Requestid") {
		t.Error("request ids repeat")
	}
}

func TestRouting(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tt := range []struct{ method, path string }{
		{"GET", "/" + west + "/v1/nothing"},
		{"POST", "/" + west + "/v1/clusters/in01-a/drop"},
		{"PUT", "/" + west + "/v1/clusters/create"},
		{"GET", "/v1/clusters"},
		{"GET", "/" + west + "/v2/clusters"},
	} {
		r := h.do(tt.method, tt.path, "")
		if r.status != 404 || r.body != "404 page not found\n" || r.header.Get("Requestid") == "" {
			t.Errorf("%s %s: %d %q", tt.method, tt.path, r.status, r.body)
		}
	}
	if n := h.s.Count(routeUnknown); n != 5 {
		t.Errorf("unknown count %d, want 5", n)
	}

	codes := []struct {
		method, path string
		want         int
	}{
		{"DELETE", "/" + west + "/v1/clusters//drop", 90103},
		{"GET", "/" + west + "/v1/clusters/", 90103},
		{"POST", "/" + west + "/v1/clusters//modify", 90103},
		{"GET", "/mars-1/v1/clusters/in01-a", 90117},
		{"GET", "/mars-1/v1/projects", 90117},
		{"DELETE", "/mars-1/v1/clusters//drop", 90117},
		{"GET", "/" + west + "/v1/clusters/create", 80020}, // GET on "create" is a describe
	}
	for _, tt := range codes {
		if got := h.code(tt.method, tt.path, ""); got != tt.want {
			t.Errorf("%s %s: code %d, want %d", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestEscapedSlashID(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(west, "c1", 1)
	// "id/drop" escaped must not reach the real cluster's drop.
	if got := h.code("DELETE", "/"+west+"/v1/clusters/"+id+"%2Fx/drop", ""); got != 80020 {
		t.Fatalf("escaped slash drop: %d", got)
	}
	if c, _ := h.s.Cluster(west, id); c.Status != "RUNNING" {
		t.Fatalf("cluster touched: %s", c.Status)
	}
	reqs := h.s.Requests()
	last := reqs[len(reqs)-1]
	if last.ClusterID != id+"/x" || last.Path != "/"+west+"/v1/clusters/"+id+"%2Fx/drop" || last.Route != RouteDrop {
		t.Errorf("logged %+v", last)
	}
	// A cluster whose id really contains a slash is addressable escaped.
	h.s.AddCluster(Cluster{ClusterID: "in01-a/b", RegionID: west})
	if c := h.describe(west, "in01-a%2Fb"); c.ClusterID != "in01-a/b" {
		t.Errorf("describe escaped: %+v", c)
	}
	if got := h.code("DELETE", "/"+west+"/v1/clusters/in01-a%2Fb/drop", ""); got != 200 {
		t.Errorf("drop escaped: %d", got)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, Config{Latency: 80 * time.Millisecond})
	start := time.Now()
	h.do("GET", "/"+west+"/v1/clouds", "")
	if el := time.Since(start); el < 80*time.Millisecond {
		t.Errorf("answered after %v", el)
	}
	// Admin requests are not delayed.
	start = time.Now()
	resp, err := h.client.Get(h.base + "/_admin/counts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if el := time.Since(start); el >= 80*time.Millisecond {
		t.Errorf("admin delayed %v", el)
	}
	// A client that gives up is logged as unanswered, and nothing is done.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = h.send(ctx, "POST", "/"+west+"/v1/clusters/create", `{"plan":"Standard","clusterName":"x","cuSize":1,"projectId":"`+DefaultProjectID+`"}`, "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	waitFor(t, func() bool { return h.s.Count(RouteCreate) == 1 })
	if r := h.s.Requests()[1]; r.HTTPStatus != 0 || len(h.s.Clusters(west)) != 0 {
		t.Errorf("abandoned request: %+v, clusters %v", r, h.s.Clusters(west))
	}
}

// waitFor polls cond for up to two seconds: the server finishes logging a
// request slightly after the client sees its connection end.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 2s")
}

func TestServeHTTPWithRecorder(t *testing.T) {
	// The handler also works without a listener (httptest.ResponseRecorder).
	s := New(Config{})
	rec := newRecorder()
	req, _ := http.NewRequest("GET", "http://mock.test/"+east+"/v1/regions?cloudId=tc", nil)
	req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
	s.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"apiBaseUrl":"http://mock.test/tc-ap-beijing"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
