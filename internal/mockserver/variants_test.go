package mockserver

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The list honours the page parameter Config.PageParam names; the one it does
// not read leaves the page at 1, as an API that ignores it would.
func TestListPageParameter(t *testing.T) {
	for _, tc := range []struct {
		param             string
		query             string
		wantPage, wantLen int
	}{
		{"", "pageSize=5&current=2", 2, 2},
		{"", "pageSize=5&currentPage=2", 2, 2},
		{"", "pageSize=5&current=2&currentPage=2", 2, 2},
		{"current", "pageSize=5&current=2", 2, 2},
		{"current", "pageSize=5&currentPage=2", 1, 5},
		{"currentPage", "pageSize=5&currentPage=2", 2, 2},
		{"currentPage", "pageSize=5&current=2", 1, 5},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.param, tc.query), func(t *testing.T) {
			h := newHarness(t, Config{PageParam: tc.param})
			for i := range 7 {
				h.create(west, fmt.Sprint("c", i), 1)
			}
			var l listJSON
			mustJSON(t, h.do("GET", "/"+west+"/v1/clusters?"+tc.query, "").env.Data, &l)
			if l.CurrentPage != tc.wantPage || len(l.Clusters) != tc.wantLen || l.Count != 7 {
				t.Errorf("page %d with %d clusters of %d; want page %d with %d", l.CurrentPage, len(l.Clusters), l.Count, tc.wantPage, tc.wantLen)
			}
		})
	}
}

// List entries carry what the reference documents for them, and not the
// describe-only fields.
func TestListEntriesLackDescribeOnlyFields(t *testing.T) {
	h := newHarness(t, Config{})
	h.create(west, "a", 1)
	r := h.do("GET", "/"+west+"/v1/clusters", "")
	var l struct {
		Clusters []map[string]any `json:"clusters"`
	}
	mustJSON(t, r.env.Data, &l)
	if len(l.Clusters) != 1 {
		t.Fatalf("%d entries", len(l.Clusters))
	}
	for _, f := range []string{"storageSize", "snapshotNumber", "createProgress"} {
		if _, ok := l.Clusters[0][f]; ok {
			t.Errorf("list entry has %s", f)
		}
	}
	for _, f := range []string{"clusterId", "clusterName", "plan", "cuSize", "status", "projectId", "createTime", "clusterType"} {
		if _, ok := l.Clusters[0][f]; !ok {
			t.Errorf("list entry lacks %s", f)
		}
	}
}

func TestSuccessCodeZero(t *testing.T) {
	h := newHarness(t, Config{SuccessCodeZero: true})
	r := h.do("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "a", 1, "", DefaultProjectID))
	if r.env.Code != 0 || !strings.Contains(string(r.env.Data), `"clusterId"`) || !strings.HasPrefix(r.body, `{"code":0,`) {
		t.Fatalf("success answered %q", r.body)
	}
	// Failures keep their codes.
	if got := h.code("GET", "/"+west+"/v1/clusters/in01-nope", ""); got != 80020 {
		t.Errorf("describe of a missing cluster: code %d", got)
	}
	if reqs := h.s.Requests(); reqs[0].Code != 0 || reqs[1].Code != 80020 {
		t.Errorf("request log codes %d, %d", reqs[0].Code, reqs[1].Code)
	}
}

func TestNameExistsCode(t *testing.T) {
	for _, code := range []int{0, 40013} {
		h := newHarness(t, Config{NameExistsCode: code})
		h.create(west, "taken", 1)
		want := code
		if want == 0 {
			want = 80010
		}
		if got := h.code("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "taken", 1, "", DefaultProjectID)); got != want {
			t.Errorf("NameExistsCode %d: taken name answered %d, want %d", code, got, want)
		}
	}
}

func TestAcceptServerlessDrop(t *testing.T) {
	h := newHarness(t, Config{AcceptServerlessDrop: true, DeleteDuration: time.Hour})
	for _, plan := range []string{"Serverless", "Free"} {
		id := h.createServerless(west, "sl-"+plan, plan)
		if got := h.code("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", ""); got != 200 {
			t.Fatalf("%s drop: code %d", plan, got)
		}
		if c := h.describe(west, id); c.Status != "DELETING" {
			t.Errorf("%s after an accepted drop: %s", plan, c.Status)
		}
	}
}

// An operation's end status can be a failed one: the cluster then stays there.
func TestOutcomes(t *testing.T) {
	h := newHarness(t, Config{Outcomes: map[string]string{OpCreate: "ABNORMAL"}})
	clock := h.withClock()
	h.s.SetDurations(time.Minute, time.Minute, time.Minute)
	id := h.create(west, "a", 1)
	clock.Add(2 * time.Minute)
	if c := h.describe(west, id); c.Status != "ABNORMAL" {
		t.Fatalf("create ended %s, want ABNORMAL", c.Status)
	}
	h.s.SetStatus(west, id, "RUNNING")
	h.s.SetOutcome(OpModify, "FROZEN")
	if got := h.code("POST", "/"+west+"/v1/clusters/"+id+"/modify", `{"cuSize":2}`); got != 200 {
		t.Fatalf("modify: %d", got)
	}
	if c := h.describe(west, id); c.Status != "MODIFYING" {
		t.Errorf("during modify: %s", c.Status)
	}
	clock.Add(2 * time.Minute)
	if c := h.describe(west, id); c.Status != "FROZEN" {
		t.Errorf("modify ended %s, want FROZEN", c.Status)
	}
	h.s.SetOutcome(OpModify, "")
	h.s.SetStatus(west, id, "RUNNING")
	h.code("POST", "/"+west+"/v1/clusters/"+id+"/modify", `{"cuSize":3}`)
	clock.Add(2 * time.Minute)
	var c Cluster
	mustJSON(t, h.do("GET", "/"+west+"/v1/clusters/"+id, "").env.Data, &c)
	if c.Status != "RUNNING" || c.CUSize != 3 {
		t.Errorf("after the outcome was reset: %s, cu %d", c.Status, c.CUSize)
	}
}
