package mockserver

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// admin performs an admin request and decodes the JSON answer into out.
func (h *harness) admin(method, path, body string, out any) int {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, h.base+"/_admin/"+path, rd)
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			h.t.Fatalf("%s %s: %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode
}

func TestAdminLogAndFaults(t *testing.T) {
	h := newHarness(t, Config{})
	h.do("GET", "/"+west+"/v1/clouds", "")
	var reqs []Request
	if st := h.admin("GET", "requests", "", &reqs); st != 200 || len(reqs) != 1 || reqs[0].Authorization != "Bearer ***" || reqs[0].Route != RouteClouds {
		t.Fatalf("requests: %d %+v", st, reqs)
	}
	if h.s.Requests()[0].Authorization != "Bearer "+DefaultAPIKey {
		t.Error("redaction changed the stored log")
	}
	var counts map[string]int
	h.admin("GET", "counts", "", &counts)
	if counts[RouteClouds] != 1 || len(counts) != 1 {
		t.Errorf("counts %v", counts)
	}
	h.admin("POST", "reset-log", "", nil)
	if len(h.s.Requests()) != 0 {
		t.Error("reset-log")
	}

	// Faults over HTTP: body, latency as a string, times.
	if st := h.admin("POST", "faults", `{"route":"clouds","httpStatus":502,"body":"","times":2,"latency":"20ms"}`, nil); st != 200 {
		t.Fatalf("post fault: %d", st)
	}
	start := time.Now()
	for range 2 {
		if r := h.do("GET", "/"+west+"/v1/clouds", ""); r.status != 502 || r.body != "" {
			t.Errorf("admin fault: %d %q", r.status, r.body)
		}
	}
	if time.Since(start) < 40*time.Millisecond {
		t.Error("latency not applied")
	}
	if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 200 {
		t.Errorf("after times: %d", code)
	}
	h.admin("POST", "faults", `{"code":80020,"message":"m","times":-1,"latency":1000}`, nil)
	if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 80020 {
		t.Errorf("code fault: %d", code)
	}
	h.admin("DELETE", "faults", "", nil)
	if code := h.code("GET", "/"+west+"/v1/clouds", ""); code != 200 {
		t.Errorf("after DELETE faults: %d", code)
	}
	for _, bad := range []string{`{"latency":"soon"}`, `{"rout":"clouds"}`, `not json`, `{"latency":true}`} {
		if st := h.admin("POST", "faults", bad, nil); st != 400 {
			t.Errorf("bad fault %s: %d", bad, st)
		}
	}
	if n := len(h.s.Requests()); n != 5 {
		t.Errorf("admin requests logged: %d API requests in log, want 5", n)
	}
}

func TestAdminClusters(t *testing.T) {
	h := newHarness(t, Config{})
	var c Cluster
	if st := h.admin("POST", "clusters", `{"clusterName":"oob","regionId":"aws-us-west-2","plan":"free"}`, &c); st != 200 {
		t.Fatalf("add: %d", st)
	}
	if !strings.HasPrefix(c.ClusterID, "in03-") || c.Plan != "Free" || c.Status != "RUNNING" {
		t.Errorf("added %+v", c)
	}
	dedicated := h.s.AddCluster(Cluster{RegionID: west, ClusterName: "d"})

	var list []Cluster
	h.admin("GET", "clusters/"+west, "", &list)
	if len(list) != 2 || list[0].ClusterID != c.ClusterID {
		t.Errorf("list %+v", list)
	}
	var empty []Cluster
	h.admin("GET", "clusters/"+east, "", &empty)
	if empty == nil || len(empty) != 0 {
		t.Errorf("empty region: %v", empty)
	}

	path := "clusters/" + west + "/" + dedicated.ClusterID + "/"
	h.admin("POST", path+"status", `{"status":"UPGRADING"}`, &c)
	if c.Status != "UPGRADING" || h.describe(west, dedicated.ClusterID).Status != "UPGRADING" {
		t.Errorf("status: %+v", c)
	}
	h.admin("POST", path+"cusize", `{"cuSize":12}`, &c)
	if c.CUSize != 12 {
		t.Errorf("cusize: %+v", c)
	}
	h.admin("POST", path+"delete", "", &c)
	if c.Status != "DELETED" || h.describe(west, dedicated.ClusterID).Status != "DELETED" {
		t.Errorf("delete: %+v", c)
	}
	if st := h.admin("POST", path+"purge", "", nil); st != 200 {
		t.Errorf("purge: %d", st)
	}
	if code := h.code("GET", "/"+west+"/v1/clusters/"+dedicated.ClusterID, ""); code != 80020 {
		t.Errorf("purged: %d", code)
	}
	for _, tt := range []struct {
		method, path, body string
		want               int
	}{
		{"POST", path + "delete", "", 404}, // purged
		{"POST", "clusters/" + east + "/" + c.ClusterID + "/delete", "", 404},
		{"POST", "clusters/" + west + "/" + list[0].ClusterID + "/explode", "", 404},
		{"POST", "clusters/" + west + "/" + list[0].ClusterID + "/status", `{}`, 400},
		{"POST", "clusters", `{"clusterName":1}`, 400},
		{"GET", "nothing", "", 404},
		{"GET", "faults", "", 404},
	} {
		if st := h.admin(tt.method, tt.path, tt.body, nil); st != tt.want {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, st, tt.want)
		}
	}
}

func TestAdminSettings(t *testing.T) {
	h := newHarness(t, Config{})
	h.admin("PUT", "ratelimit", `{"rate":1,"burst":1}`, nil)
	h.do("GET", "/"+west+"/v1/clouds", "")
	if r := h.do("GET", "/"+west+"/v1/clouds", ""); r.status != 429 {
		t.Errorf("rate limit via admin: %d", r.status)
	}
	h.admin("PUT", "ratelimit", `{"rate":0}`, nil)
	if r := h.do("GET", "/"+west+"/v1/clouds", ""); r.status != 200 {
		t.Errorf("rate limit lifted: %d", r.status)
	}
	if st := h.admin("PUT", "durations", `{"create":"1h","modify":"","delete":"2h"}`, nil); st != 200 {
		t.Fatalf("durations: %d", st)
	}
	id := h.create(west, "slow", 1)
	if c := h.describe(west, id); c.Status != "CREATING" {
		t.Errorf("create duration via admin: %s", c.Status)
	}
	if st := h.admin("PUT", "durations", `{"create":"later"}`, nil); st != 400 {
		t.Errorf("bad duration: %d", st)
	}
}
