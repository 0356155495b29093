package mockserver

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

func createJSON(plan, name string, cu int, cuType, project string) string {
	b, _ := json.Marshal(map[string]any{"plan": plan, "clusterName": name, "cuSize": cu, "cuType": cuType, "projectId": project})
	return string(b)
}

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, Config{})
	h.create(west, "taken", 1)
	h.s.AddProject("proj-third", "Third")
	h.s.AddProject("other-id", "Not proj-prefixed")
	long := strings.Repeat("n", 33)
	tests := []struct {
		name, body string
		want       int
	}{
		{"ok", createJSON("Standard", "a", 1, "", DefaultProjectID), 200},
		{"ok enterprise", createJSON("Enterprise", "b", 256, "Cost-optimized", SecondProjectID), 200},
		{"ok added project", createJSON("Standard", "c", 2, "Capacity-optimized", "proj-third"), 200},
		{"plan case matters", createJSON("enterprise", "b2", 1, "", SecondProjectID), 80013},
		{"ok 32 chars", createJSON("Standard", strings.Repeat("n", 32), 1, "", DefaultProjectID), 200},
		{"serverless plan", createJSON("Serverless", "d", 1, "", DefaultProjectID), 80021},
		{"free plan", createJSON("Free", "d", 1, "", DefaultProjectID), 80021},
		{"unknown plan", createJSON("Gold", "d", 1, "", DefaultProjectID), 80013},
		{"empty plan", createJSON("", "d", 1, "", DefaultProjectID), 80013},
		{"empty name", createJSON("Standard", "", 1, "", DefaultProjectID), 80009},
		{"long name", createJSON("Standard", long, 1, "", DefaultProjectID), 80009},
		{"cu 0", createJSON("Standard", "d", 0, "", DefaultProjectID), 80006},
		{"cu 257", createJSON("Standard", "d", 257, "", DefaultProjectID), 80006},
		{"cu string", `{"plan":"Standard","clusterName":"d","cuSize":"2","projectId":"` + DefaultProjectID + `"}`, 80006},
		{"cu type", createJSON("Standard", "d", 1, "Fast", DefaultProjectID), 80005},
		{"cu type case", createJSON("Standard", "d", 1, "cost-optimized", DefaultProjectID), 80005},
		{"no project", createJSON("Standard", "d", 1, "", ""), 80014},
		{"unknown project", createJSON("Standard", "d", 1, "", "proj-nope"), 80014},
		{"not proj- prefixed", createJSON("Standard", "d", 1, "", "other-id"), 80014},
		{"duplicate name", createJSON("Standard", "taken", 1, "", DefaultProjectID), 80010},
		{"not JSON", `{`, 80013},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.code("POST", "/"+west+"/v1/clusters/create", tt.body); got != tt.want {
				t.Errorf("code %d, want %d", got, tt.want)
			}
		})
	}
	if n := len(h.s.Clusters(west)); n != 5 {
		t.Errorf("%d clusters stored, want 5", n)
	}
}

func TestCreateDedicated(t *testing.T) {
	h := newHarness(t, Config{})
	clock := h.withClock()
	h.s.SetDurations(time.Minute, 0, 0)
	r := h.do("POST", "/"+west+"/v1/clusters/create", createJSON("Enterprise", "prod", 4, "", SecondProjectID))
	var d createdJSON
	mustJSON(t, r.env.Data, &d)
	if !regexp.MustCompile(`^in01-[0-9a-f]{15}$`).MatchString(d.ClusterID) {
		t.Errorf("id %q", d.ClusterID)
	}
	if d.Username != "db_admin" || len(d.Password) < 16 || d.Prompt == "" {
		t.Errorf("created %+v", d)
	}
	got := h.describe(west, d.ClusterID)
	want := Cluster{
		ClusterID: d.ClusterID, ClusterName: "prod", RegionID: west, ClusterType: "Performance-optimized",
		Plan: "Enterprise", CUSize: 4, Status: "CREATING",
		ConnectAddress: "https://" + d.ClusterID + ".aws-us-west-2.vectordb.zillizcloud.com:19530",
		CreateTime:     "2025-03-04T05:06:07Z", ProjectID: SecondProjectID,
	}
	if got != want {
		t.Errorf("describe\n got %+v\nwant %+v", got, want)
	}
	// Every contract field is present on the wire, even when zero.
	raw := h.do("GET", "/"+west+"/v1/clusters/"+d.ClusterID, "").body
	for _, f := range []string{"clusterId", "clusterName", "description", "regionId", "clusterType", "plan", "cuSize", "status",
		"connectAddress", "privateLinkAddress", "createTime", "storageSize", "snapshotNumber", "createProgress", "projectId"} {
		if !strings.Contains(raw, `"`+f+`":`) {
			t.Errorf("field %s missing from %s", f, raw)
		}
	}
	clock.Add(time.Minute)
	if c := h.describe(west, d.ClusterID); c.Status != "RUNNING" || c.CreateProgress != 100 {
		t.Errorf("after create duration: %s %d", c.Status, c.CreateProgress)
	}
	// Two creates never share a password.
	r2 := h.do("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "prod2", 1, "", DefaultProjectID))
	var d2 createdJSON
	mustJSON(t, r2.env.Data, &d2)
	if d2.Password == d.Password || d2.ClusterID == d.ClusterID {
		t.Error("repeated password or id")
	}
}

func TestCreateServerless(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct {
		plan, wantPlan, wantPrefix string
	}{
		{"Serverless", "Serverless", "in05-"},
		{"Free", "Free", "in03-"},
	}
	for i, tt := range tests {
		id := h.createServerless(east, fmt.Sprint("sl", i), tt.plan)
		c := h.describe(east, id)
		if !strings.HasPrefix(id, tt.wantPrefix) || len(id) != 20 || c.Plan != tt.wantPlan || c.ClusterType != "" || c.CUSize != 0 || c.Status != "RUNNING" {
			t.Errorf("%s: id %s, %+v", tt.plan, id, c)
		}
	}
	errs := []struct {
		name, body string
		want       int
	}{
		{"dedicated plan", `{"plan":"Standard","clusterName":"x","projectId":"` + DefaultProjectID + `"}`, 90155},
		{"no plan", `{"clusterName":"x","projectId":"` + DefaultProjectID + `"}`, 90155},
		{"lower-case plan", `{"plan":"serverless","clusterName":"x","projectId":"` + DefaultProjectID + `"}`, 90155},
		{"upper-case plan", `{"plan":"FREE","clusterName":"x","projectId":"` + DefaultProjectID + `"}`, 90155},
		{"name", `{"plan":"Free","clusterName":"","projectId":"` + DefaultProjectID + `"}`, 80009},
		{"project", `{"plan":"Free","clusterName":"x","projectId":"proj-unknown"}`, 80014},
		{"duplicate", `{"plan":"Free","clusterName":"sl0","projectId":"` + DefaultProjectID + `"}`, 80010},
	}
	for _, tt := range errs {
		if got := h.code("POST", "/"+east+"/v1/clusters/createServerless", tt.body); got != tt.want {
			t.Errorf("%s: code %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestNameUniqueness(t *testing.T) {
	h := newHarness(t, Config{})
	clock := h.withClock()
	h.s.SetDurations(0, 0, time.Minute)
	id := h.create(west, "same", 1)
	if got := h.code("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "same", 1, "", DefaultProjectID)); got != 80010 {
		t.Errorf("duplicate: %d", got)
	}
	h.create(east, "same", 1) // other region: fine
	h.do("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", "")
	if got := h.code("POST", "/"+west+"/v1/clusters/create", createJSON("Standard", "same", 1, "", DefaultProjectID)); got != 80010 {
		t.Errorf("while DELETING: %d", got)
	}
	clock.Add(time.Minute)
	h.create(west, "same", 1) // DELETED frees the name
}

func TestDescribeNotFound(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(west, "c", 1)
	if got := h.code("GET", "/"+west+"/v1/clusters/in01-000000000000000", ""); got != 80020 {
		t.Errorf("unknown: %d", got)
	}
	r := h.do("GET", "/"+east+"/v1/clusters/"+id, "")
	if r.env.Code != 90102 || r.env.Message != "The cluster does not exist in current region." {
		t.Errorf("other region: %s", r.body)
	}
	h.s.PurgeOutOfBand(west, id)
	if got := h.code("GET", "/"+west+"/v1/clusters/"+id, ""); got != 80020 {
		t.Errorf("purged: %d", got)
	}
}

func TestDrop(t *testing.T) {
	h := newHarness(t, Config{})
	h.withClock()
	h.s.SetDurations(0, 0, time.Minute)
	running := h.create(west, "running", 1)
	deleting := h.create(west, "deleting", 1)
	h.do("DELETE", "/"+west+"/v1/clusters/"+deleting+"/drop", "")
	deleted := h.s.AddCluster(Cluster{RegionID: west, Status: "DELETED"}).ClusterID
	sl := h.createServerless(west, "sl", "Serverless")
	free := h.createServerless(west, "free", "Free")
	creating := h.s.AddCluster(Cluster{RegionID: west, Status: "CREATING"}).ClusterID

	tests := []struct {
		name, region, id string
		want             int
	}{
		{"serverless", west, sl, 80021},
		{"free", west, free, 80021},
		{"unknown", west, "in01-ffffffffffffff0", 80020},
		{"other region", east, running, 90102},
		{"already deleting", west, deleting, 80020},
		{"already deleted", west, deleted, 80020},
		{"running", west, running, 200},
		{"creating", west, creating, 200},
	}
	for _, tt := range tests {
		r := h.do("DELETE", "/"+tt.region+"/v1/clusters/"+tt.id+"/drop", "")
		if r.env.Code != tt.want {
			t.Errorf("%s: code %d (%s), want %d", tt.name, r.env.Code, r.body, tt.want)
			continue
		}
		if tt.want == 200 {
			var d acceptedJSON
			mustJSON(t, r.env.Data, &d)
			if d.ClusterID != tt.id || d.Prompt != promptDrop {
				t.Errorf("%s: data %+v", tt.name, d)
			}
			if c := h.describe(tt.region, tt.id); c.Status != "DELETING" {
				t.Errorf("%s: status %s after drop", tt.name, c.Status)
			}
		}
	}
	if r := h.do("DELETE", "/"+west+"/v1/clusters/"+sl+"/drop", ""); r.env.Message != "Serverless cluster not support this operation." {
		t.Errorf("80021 message %q", r.env.Message)
	}
}

func TestModify(t *testing.T) {
	h := newHarness(t, Config{})
	clock := h.withClock()
	h.s.SetDurations(0, time.Minute, 0)
	id := h.create(west, "m", 2)
	sl := h.createServerless(west, "sl", "Serverless")
	free := h.createServerless(west, "free", "Free")
	gone := h.create(west, "gone", 1)
	h.do("DELETE", "/"+west+"/v1/clusters/"+gone+"/drop", "")

	tests := []struct {
		name, region, id, body string
		want                   int
	}{
		{"serverless", west, sl, `{"cuSize":2}`, 80021},
		{"free", west, free, `{"cuSize":2}`, 80021},
		{"unknown", west, "in01-ffffffffffffff0", `{"cuSize":2}`, 80020},
		{"other region", east, id, `{"cuSize":2}`, 90102},
		{"cu 0", west, id, `{"cuSize":0}`, 80006},
		{"cu 257", west, id, `{"cuSize":257}`, 80006},
		{"no body", west, id, ``, 80006},
		{"deleted", west, gone, `{"cuSize":2}`, 80020},
		{"ok", west, id, `{"cuSize":8}`, 200},
	}
	for _, tt := range tests {
		if got := h.code("POST", "/"+tt.region+"/v1/clusters/"+tt.id+"/modify", tt.body); got != tt.want {
			t.Errorf("%s: code %d, want %d", tt.name, got, tt.want)
		}
	}
	if c := h.describe(west, id); c.Status != "MODIFYING" || c.CUSize != 8 {
		t.Errorf("after modify: %s cu %d", c.Status, c.CUSize)
	}
	clock.Add(time.Minute - time.Nanosecond)
	if c := h.describe(west, id); c.Status != "MODIFYING" {
		t.Errorf("before modify duration: %s", c.Status)
	}
	clock.Add(time.Nanosecond)
	if c := h.describe(west, id); c.Status != "RUNNING" {
		t.Errorf("after modify duration: %s", c.Status)
	}
}

func TestSuspendResume(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(west, "s", 1)
	sl := h.createServerless(west, "sl", "Serverless")
	if got := h.code("POST", "/"+west+"/v1/clusters/"+id+"/suspend", ""); got != 200 {
		t.Fatalf("suspend: %d", got)
	}
	if c := h.describe(west, id); c.Status != "SUSPENDED" {
		t.Errorf("suspended: %s", c.Status)
	}
	if got := h.code("POST", "/"+west+"/v1/clusters/"+id+"/resume", ""); got != 200 {
		t.Fatalf("resume: %d", got)
	}
	if c := h.describe(west, id); c.Status != "RUNNING" {
		t.Errorf("resumed: %s", c.Status)
	}
	for _, tt := range []struct {
		region, id string
		want       int
	}{
		{west, "in01-nope", 80020},
		{east, id, 90102},
		{west, sl, 80021},
	} {
		for _, action := range []string{"suspend", "resume"} {
			if got := h.code("POST", "/"+tt.region+"/v1/clusters/"+tt.id+"/"+action, ""); got != tt.want {
				t.Errorf("%s %s: %d, want %d", action, tt.id, got, tt.want)
			}
		}
	}
}

func TestLifecycle(t *testing.T) {
	h := newHarness(t, Config{CreateDuration: 10 * time.Second, ModifyDuration: 5 * time.Second, DeleteDuration: 3 * time.Second})
	clock := h.withClock()
	id := h.create(west, "life", 1)
	steps := []struct {
		advance time.Duration
		do      string
		status  string
	}{
		{0, "", "CREATING"},
		{10*time.Second - 1, "", "CREATING"},
		{1, "", "RUNNING"},
		{0, "modify", "MODIFYING"},
		{5 * time.Second, "", "RUNNING"},
		{0, "drop", "DELETING"},
		{3*time.Second - 1, "", "DELETING"},
		{1, "", "DELETED"},
		{time.Hour, "", "DELETED"}, // recycle bin: still describable
	}
	for i, st := range steps {
		clock.Add(st.advance)
		switch st.do {
		case "modify":
			h.do("POST", "/"+west+"/v1/clusters/"+id+"/modify", `{"cuSize":2}`)
		case "drop":
			h.do("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", "")
		}
		c := h.describe(west, id)
		if c.Status != st.status {
			t.Fatalf("step %d: status %s, want %s", i, c.Status, st.status)
		}
		if want := map[bool]int{true: 0, false: 100}[c.Status == "CREATING"]; c.CreateProgress != want {
			t.Errorf("step %d: createProgress %d", i, c.CreateProgress)
		}
	}
}

func TestLifecycleRealClock(t *testing.T) {
	h := newHarness(t, Config{CreateDuration: 30 * time.Millisecond, DeleteDuration: 30 * time.Millisecond})
	id := h.create(west, "rt", 1)
	if c := h.describe(west, id); c.Status != "CREATING" {
		t.Fatalf("status %s", c.Status)
	}
	time.Sleep(40 * time.Millisecond)
	if c := h.describe(west, id); c.Status != "RUNNING" {
		t.Fatalf("status %s", c.Status)
	}
	h.do("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", "")
	time.Sleep(40 * time.Millisecond)
	if c := h.describe(west, id); c.Status != "DELETED" {
		t.Fatalf("status %s", c.Status)
	}
	// Zero durations are immediate.
	h.s.SetDurations(0, 0, 0)
	id = h.create(west, "rt2", 1)
	if c := h.describe(west, id); c.Status != "RUNNING" {
		t.Fatalf("zero create duration: %s", c.Status)
	}
	h.do("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", "")
	if c := h.describe(west, id); c.Status != "DELETED" {
		t.Fatalf("zero delete duration: %s", c.Status)
	}
}

func TestListPagination(t *testing.T) {
	for _, tt := range []struct {
		name      string
		cfgSize   int
		query     string
		wantPage  int
		wantSize  int
		wantNames []int // indexes of cluster names on the page
	}{
		{"defaults", 0, "", 1, 10, seq(0, 10)},
		{"page 3 partial", 0, "pageSize=10&currentPage=3", 3, 10, seq(20, 25)},
		{"past the end", 0, "pageSize=10&currentPage=4", 4, 10, nil},
		{"far past the end", 0, "pageSize=10&currentPage=9223372036854775807", 9223372036854775807, 10, nil},
		{"exact last page", 0, "pageSize=5&currentPage=5", 5, 5, seq(20, 25)},
		{"config page size", 7, "currentPage=2", 2, 7, seq(7, 14)},
		{"config page size capped", 500, "", 1, 100, seq(0, 25)},
		{"max 100", 0, "pageSize=1000", 1, 100, seq(0, 25)},
		{"bad values fall back", 0, "pageSize=abc&currentPage=-2", 1, 10, seq(0, 10)},
		{"zero falls back", 0, "pageSize=0&currentPage=0", 1, 10, seq(0, 10)},
		{"one per page", 0, "pageSize=1&currentPage=25", 25, 1, seq(24, 25)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{PageSize: tt.cfgSize})
			for i := range 25 {
				h.s.AddCluster(Cluster{RegionID: west, ClusterName: fmt.Sprint("c", i)})
			}
			h.s.AddCluster(Cluster{RegionID: east, ClusterName: "elsewhere"})
			h.s.DeleteOutOfBand(west, h.s.Clusters(west)[3].ClusterID) // DELETED stays listed
			path := "/" + west + "/v1/clusters"
			if tt.query != "" {
				path += "?" + tt.query
			}
			r := h.do("GET", path, "")
			var d listJSON
			mustJSON(t, r.env.Data, &d)
			if d.Count != 25 || d.CurrentPage != tt.wantPage || d.PageSize != tt.wantSize {
				t.Errorf("count %d page %d size %d", d.Count, d.CurrentPage, d.PageSize)
			}
			if d.Clusters == nil {
				t.Error("clusters is null, want a list")
			}
			var names []string
			for _, c := range d.Clusters {
				names = append(names, c.ClusterName)
			}
			var want []string
			for _, i := range tt.wantNames {
				want = append(want, fmt.Sprint("c", i))
			}
			if fmt.Sprint(names) != fmt.Sprint(want) {
				t.Errorf("names %v, want %v", names, want)
			}
		})
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// A drop of a DELETING cluster answers Config.DropDeletingCode: 80020 by
// default, success again with 200, or any other code; the deletion goes on.
func TestDropWhileDeleting(t *testing.T) {
	for _, tc := range []struct{ cfg, want int }{{0, 80020}, {200, 200}, {80000, 80000}} {
		h := newHarness(t, Config{DropDeletingCode: tc.cfg})
		h.withClock()
		h.s.SetDurations(0, 0, time.Minute)
		id := h.create(west, "dying", 1)
		h.do("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", "")
		if got := h.code("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", ""); got != tc.want {
			t.Errorf("DropDeletingCode %d: second drop answered %d, want %d", tc.cfg, got, tc.want)
		}
		if c := h.describe(west, id); c.Status != "DELETING" {
			t.Errorf("DropDeletingCode %d: cluster is %s after the second drop, want DELETING", tc.cfg, c.Status)
		}
	}
}

// A key blind to a project (HideProjects, or PUT /_admin/hidden-projects)
// gets 80020 for its clusters, does not list them, nor the project.
func TestHiddenProjects(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.create(west, "theirs", 1)
	if st := h.admin("PUT", "hidden-projects", `{"projects":["`+DefaultProjectID+`"]}`, nil); st != 200 {
		t.Fatalf("hidden-projects: %d", st)
	}
	if got := h.code("GET", "/"+west+"/v1/clusters/"+id, ""); got != 80020 {
		t.Errorf("describe of a hidden project's cluster: %d, want 80020", got)
	}
	if got := h.code("DELETE", "/"+west+"/v1/clusters/"+id+"/drop", ""); got != 80020 {
		t.Errorf("drop of a hidden project's cluster: %d, want 80020", got)
	}
	if r := h.do("GET", "/"+west+"/v1/clusters?pageSize=100", ""); strings.Contains(r.body, id) {
		t.Errorf("the list shows a hidden project's cluster: %s", r.body)
	}
	if r := h.do("GET", "/"+west+"/v1/projects", ""); strings.Contains(r.body, DefaultProjectID) {
		t.Errorf("the project list shows the hidden project: %s", r.body)
	}
	h.admin("PUT", "hidden-projects", `{"projects":[]}`, nil)
	if c := h.describe(west, id); c.Status != "RUNNING" {
		t.Errorf("cluster is %s once visible again, want RUNNING (untouched)", c.Status)
	}
}
