package mockserver

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRequestLog(t *testing.T) {
	h := newHarness(t, Config{})
	before := time.Now()
	body := createJSON("Standard", "x", 1, "", DefaultProjectID)
	req, _ := http.NewRequest("POST", h.base+"/"+west+"/v1/clusters/create?x=1", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
	req.Header.Set("User-Agent", "terraform-provider-zilliz/test")
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h.do("GET", "/"+west+"/v1/clusters/a%2Fb", "")
	h.send(context.Background(), "GET", "/"+west+"/v1/clouds", "", "Bearer wrong")
	h.do("GET", "/"+west+"/nope", "")
	if r, err := h.client.Get(h.base + "/_admin/counts"); err == nil { // admin: not logged
		r.Body.Close()
	}

	reqs := h.s.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests logged: %+v", len(reqs), reqs)
	}
	c := reqs[0]
	if c.Method != "POST" || c.Path != "/"+west+"/v1/clusters/create" || c.Route != RouteCreate || c.Region != west ||
		c.ClusterID != "" || c.Authorization != "Bearer "+DefaultAPIKey || c.UserAgent != "terraform-provider-zilliz/test" ||
		c.Query != "x=1" || c.Body != body || c.HTTPStatus != 200 || c.Code != 200 || c.Time.Before(before) {
		t.Errorf("create logged as %+v", c)
	}
	if d := reqs[1]; d.Route != RouteDescribe || d.ClusterID != "a/b" || d.Path != "/"+west+"/v1/clusters/a%2Fb" || d.Code != 80020 {
		t.Errorf("describe logged as %+v", d)
	}
	if w := reqs[2]; w.Code != 80002 || w.HTTPStatus != 200 || w.Authorization != "Bearer wrong" {
		t.Errorf("wrong key logged as %+v", w)
	}
	if u := reqs[3]; u.Route != "unknown" || u.HTTPStatus != 404 || u.Code != 0 {
		t.Errorf("unknown logged as %+v", u)
	}
	want := map[string]int{RouteCreate: 1, RouteDescribe: 1, RouteClouds: 1, "unknown": 1}
	got := h.s.Counts()
	if len(got) != len(want) {
		t.Errorf("counts %v", got)
	}
	for k, v := range want {
		if got[k] != v || h.s.Count(k) != v {
			t.Errorf("count %s = %d", k, got[k])
		}
	}
	if h.s.Count(RouteDrop) != 0 {
		t.Error("count of an unused route")
	}
	// Requests returns a copy.
	reqs[0].Method = "changed"
	if h.s.Requests()[0].Method != "POST" {
		t.Error("Requests shares its slice")
	}
	h.s.ResetLog()
	if len(h.s.Requests()) != 0 || len(h.s.Counts()) != 0 {
		t.Error("ResetLog left entries")
	}
}
