package zilliz

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeCloud is a minimal stateful control plane for create, list, describe and
// drop, with a hook that can misanswer the n-th request of a route.
type fakeCloud struct {
	t        *testing.T
	mu       sync.Mutex
	clusters []ClusterSummary
	seq      int
	n        map[string]int
	// fault, when it returns true, has answered the request itself; calling work
	// performs the route's effect first (as a server that answers after acting).
	fault func(route string, n int, w http.ResponseWriter, work func()) bool
}

func newFakeCloud(t *testing.T, fault func(route string, n int, w http.ResponseWriter, work func()) bool) (*fakeCloud, *Client, *hits) {
	f := &fakeCloud{t: t, n: map[string]int{}, fault: fault}
	srv, log := server(t, func(_ int, w http.ResponseWriter, r *http.Request) { f.serve(w, r) })
	return f, newTestClient(t, srv, func(c *Config) { c.MaxRetries = 3 }), log
}

func (f *fakeCloud) add(c ClusterSummary) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clusters = append(f.clusters, c)
}

func (f *fakeCloud) live() []ClusterSummary {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ClusterSummary
	for i := range f.clusters {
		if c := &f.clusters[i]; c.Status != StatusDeleted && c.Status != StatusDeleting {
			out = append(out, *c)
		}
	}
	return out
}

func (f *fakeCloud) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/"+testRegion)
	var route, id string
	switch {
	case r.Method == "POST" && path == "/v1/clusters/create":
		route = "create"
	case r.Method == "GET" && path == "/v1/clusters":
		route = "list"
	case r.Method == "DELETE" && strings.HasSuffix(path, "/drop"):
		route, id = "drop", strings.TrimSuffix(strings.TrimPrefix(path, "/v1/clusters/"), "/drop")
	case r.Method == "GET" && strings.HasPrefix(path, "/v1/clusters/"):
		route, id = "describe", strings.TrimPrefix(path, "/v1/clusters/")
	default:
		http.NotFound(w, r)
		return
	}
	var body struct {
		ClusterName string `json:"clusterName"`
		ProjectID   string `json:"projectId"`
		Plan        string `json:"plan"`
		CUSize      int64  `json:"cuSize"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)

	var answer func()
	work := func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		switch route {
		case "create":
			f.seq++
			c := ClusterSummary{ID: fmt.Sprintf("in01-%015d", f.seq), Name: body.ClusterName, ProjectID: body.ProjectID,
				Plan: body.Plan, CUSize: body.CUSize, RegionID: testRegion, Status: "CREATING", CreateTime: time.Now().UTC().Format(time.RFC3339)}
			f.clusters = append(f.clusters, c)
			answer = func() { ok(w, map[string]string{"clusterId": c.ID, "username": "db_admin", "password": "pw-" + c.ID}) }
		case "list":
			all := append([]ClusterSummary{}, f.clusters...)
			answer = func() { ok(w, ClusterList{Count: len(all), CurrentPage: 1, PageSize: 100, Clusters: all}) }
		case "describe", "drop":
			for i := range f.clusters {
				c := &f.clusters[i]
				if c.ID != id {
					continue
				}
				if route == "describe" {
					cc := *c
					answer = func() { ok(w, cc) }
					return
				}
				if c.Status == StatusDeleting || c.Status == StatusDeleted {
					break
				}
				c.Status = StatusDeleting
				answer = func() { ok(w, map[string]string{"clusterId": id}) }
				return
			}
			answer = func() { writeEnvelope(w, 200, CodeClusterNotFound, "Cluster not exist", nil) }
		}
	}
	f.mu.Lock()
	f.n[route]++
	n := f.n[route]
	f.mu.Unlock()
	if f.fault != nil && f.fault(route, n, w, work) {
		return
	}
	work()
	answer()
}

var createOpts = ClusterCreateOptions{Name: "tf-a", ProjectID: "proj-1", Plan: PlanStandard, CUSize: 1}

// The create's answer is lost after the cluster was made: the client finds it by
// name instead of sending a second create, and says the password is unknown.
func TestCreateLostAnswerAdoptsClusterFoundByName(t *testing.T) {
	f, c, log := newFakeCloud(t, func(route string, n int, w http.ResponseWriter, work func()) bool {
		if route == "create" && n == 1 {
			work()
			hangUp(t, w)
			return true
		}
		return false
	})
	// Look-alikes the lookup must not take: another project, and one in the recycle bin.
	f.add(ClusterSummary{ID: "in01-other", Name: "tf-a", ProjectID: "proj-2", Status: StatusRunning, CreateTime: time.Now().UTC().Format(time.RFC3339)})
	f.add(ClusterSummary{ID: "in01-binned", Name: "tf-a", ProjectID: "proj-1", Status: StatusDeleted, CreateTime: time.Now().UTC().Format(time.RFC3339)})

	got, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Recovered || got.ClusterID != "in01-000000000000001" || got.Password != "" || got.Username != "" {
		t.Errorf("Create = %+v, want the cluster made by the lost attempt, Recovered, no credentials", got)
	}
	if n := log.count("POST", "/create"); n != 1 {
		t.Errorf("%d create requests, want 1: a lost answer must not be resent blindly", n)
	}
	if n := log.count("GET", "/v1/clusters"); n < 1 {
		t.Error("no lookup by name")
	}
	if n := len(f.live()); n != 2 { // ours and the other project's
		t.Errorf("%d live clusters, want 2", n)
	}
}

// When the failed attempt made nothing, the create is sent again (after the lookup).
func TestCreateResentWhenFailedAttemptMadeNothing(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fault      func(w http.ResponseWriter)
		wantLookup bool
	}{
		{"502 HTML", func(w http.ResponseWriter) { writeRaw(w, 502, "text/html", "<html>Bad Gateway</html>") }, true},
		{"dropped connection", func(w http.ResponseWriter) { hangUp(t, w) }, true},
		{"429 (refused, never processed)", func(w http.ResponseWriter) { writeRaw(w, 429, "", "") }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c, log := newFakeCloud(t, func(route string, n int, w http.ResponseWriter, _ func()) bool {
				if route == "create" && n == 1 {
					tc.fault(w)
					return true
				}
				return false
			})
			got, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
			if err != nil {
				t.Fatal(err)
			}
			if got.Recovered || got.Password == "" || got.Username != "db_admin" {
				t.Errorf("Create = %+v, want a fresh create with its credentials", got)
			}
			if n := log.count("POST", "/create"); n != 2 {
				t.Errorf("%d create requests, want 2", n)
			}
			// One listing precedes every create (what held the name before it).
			if lookups := log.count("GET", "/v1/clusters") - 1; (lookups > 0) != tc.wantLookup {
				t.Errorf("%d lookups before resending, want lookup=%v", lookups, tc.wantLookup)
			}
			if n := len(f.live()); n != 1 {
				t.Errorf("%d clusters, want exactly 1", n)
			}
		})
	}
}

// When the lookup itself fails, the create is not resent: the error says both.
func TestCreateLostAnswerAndLookupFails(t *testing.T) {
	f, c, log := newFakeCloud(t, func(route string, n int, w http.ResponseWriter, work func()) bool {
		switch {
		case route == "create" && n == 1:
			work()
			hangUp(t, w)
			return true
		case route == "list" && n > 1: // the listing before the create works
			writeRaw(w, 503, "text/html", "<html>down</html>")
			return true
		}
		return false
	})
	_, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
	checkErrorText(t, err, "POST", "/v1/clusters/create", "checking whether the failed call took effect also failed", "HTTP 503")
	if n := log.count("POST", "/create"); n != 1 {
		t.Errorf("%d create requests, want 1", n)
	}
	if n := len(f.live()); n != 1 {
		t.Errorf("%d clusters, want 1", n)
	}
}

// A cluster of the same name that existed before this create began is someone
// else's: the lookup must not adopt it (Terraform would later destroy it).
func TestCreateLookupIgnoresOlderClusterOfSameName(t *testing.T) {
	f, c, log := newFakeCloud(t, func(route string, n int, w http.ResponseWriter, _ func()) bool {
		switch {
		case route == "create" && n == 1:
			hangUp(t, w) // lost before the API did anything
			return true
		case route == "create":
			writeEnvelope(w, 200, CodeClusterNameExists, "cluster name already exists", nil)
			return true
		}
		return false
	})
	f.add(ClusterSummary{ID: "in01-theirs", Name: "tf-a", ProjectID: "proj-1", Status: StatusRunning,
		CreateTime: time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339)})
	got, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
	if err == nil {
		t.Fatalf("Create adopted %+v, a cluster that existed before it began", got)
	}
	if !errors.Is(err, ErrNameExists) {
		t.Errorf("error %v, want ErrNameExists", err)
	}
	if n := log.count("POST", "/create"); n != 2 {
		t.Errorf("%d create requests, want 2", n)
	}
}

func TestCreateSuccessWithoutUsableID(t *testing.T) {
	srv, _ := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		ok(w, map[string]string{"clusterId": "../x", "password": "pw"})
	})
	c := newTestClient(t, srv)
	_, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "without a usable cluster id") {
		t.Errorf("Create = %v, want an error about the unusable id", err)
	}
}

// The drop's answer is lost after the cluster was dropped: that is our drop, not
// a cluster that was already gone.
func TestDropLostAnswer(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fault     func(route string, n int, w http.ResponseWriter, work func()) bool
		wantErr   bool
		wantDrops int
	}{
		{
			name: "dropped, answer lost, describe shows DELETING",
			fault: func(route string, n int, w http.ResponseWriter, work func()) bool {
				if route == "drop" && n == 1 {
					work()
					hangUp(t, w)
					return true
				}
				return false
			},
			wantDrops: 1,
		},
		{
			name: "dropped, answer lost, describe answers 80020",
			fault: func(route string, n int, w http.ResponseWriter, work func()) bool {
				switch {
				case route == "drop" && n == 1:
					work()
					hangUp(t, w)
					return true
				case route == "describe":
					writeEnvelope(w, 200, CodeClusterNotFound, "Cluster not exist", nil)
					return true
				}
				return false
			},
			wantDrops: 1,
		},
		{
			name: "503 before the work: sent again",
			fault: func(route string, n int, w http.ResponseWriter, _ func()) bool {
				if route == "drop" && n == 1 {
					writeRaw(w, 503, "", "")
					return true
				}
				return false
			},
			wantDrops: 2,
		},
		{
			name: "answer lost and describe fails: an error, not resent",
			fault: func(route string, n int, w http.ResponseWriter, work func()) bool {
				switch {
				case route == "drop" && n == 1:
					work()
					hangUp(t, w)
					return true
				case route == "describe":
					writeRaw(w, 502, "", "")
					return true
				}
				return false
			},
			wantErr:   true,
			wantDrops: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c, log := newFakeCloud(t, tc.fault)
			f.add(ClusterSummary{ID: "in01-abc", Name: "a", ProjectID: "proj-1", Status: StatusRunning})
			err := c.Clusters.Drop(context.Background(), testRegion, "in01-abc")
			if IsNotFound(err) {
				t.Fatalf("Drop = %v: our own drop reported as a cluster already gone", err)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("Drop = %v, want error %v", err, tc.wantErr)
			}
			if n := log.count("DELETE", "/drop"); n != tc.wantDrops {
				t.Errorf("%d drop requests, want %d", n, tc.wantDrops)
			}
			if len(f.live()) != 0 {
				t.Errorf("cluster not dropped: %+v", f.live())
			}
		})
	}
}

// ListAll asks for the pages page 1 counts, together, stops when the data says
// there are no more, and never loops.
func TestListAllPaging(t *testing.T) {
	for _, tc := range []struct {
		name      string
		total     int // clusters that exist
		count     int // what the API claims (-1: total)
		pageSize  int // what the API serves per page (0: as asked)
		want      int
		wantPages int
		honours   string // the page parameter the API reads ("": currentPage; "none": neither)
		wantErr   bool
	}{
		{name: "one short page", total: 3, count: -1, want: 3, wantPages: 1},
		{name: "empty region", total: 0, count: -1, want: 0, wantPages: 1},
		{name: "three pages", total: 250, count: -1, want: 250, wantPages: 3},
		{name: "count reached on a full page: no extra request", total: 200, count: -1, want: 200, wantPages: 2},
		{name: "API ignores pageSize and serves 10", total: 25, count: -1, pageSize: 10, want: 25, wantPages: 3},
		{name: "count too high: asks for the pages it counts", total: 200, count: 1000, want: 200, wantPages: 10},
		{name: "count too high, short page: asks for the pages it counts", total: 150, count: 1000, want: 150, wantPages: 10},
		{name: "count too low: stops once reached", total: 300, count: 100, want: 100, wantPages: 1},
		{name: "API reads current (English reference)", total: 250, count: -1, want: 250, wantPages: 3, honours: "current"},
		{name: "API reads neither: refused, not looped", total: 250, count: -1, wantPages: 3, honours: "none", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := make([]ClusterSummary, tc.total)
			for i := range all {
				all[i] = ClusterSummary{ID: fmt.Sprintf("in01-%d", i), Status: StatusRunning}
			}
			srv, log := server(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				size, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
				param := tc.honours
				if param == "" {
					param = "currentPage"
				}
				page, _ := strconv.Atoi(r.URL.Query().Get(param))
				page = max(page, 1)
				if tc.pageSize > 0 {
					size = tc.pageSize
				}
				start := min((page-1)*size, len(all))
				out := all[start:min(start+size, len(all))]
				count := tc.count
				if count < 0 {
					count = tc.total
				}
				ok(w, ClusterList{Count: count, CurrentPage: page, PageSize: size, Clusters: out})
			})
			c := newTestClient(t, srv)
			got, err := c.Clusters.ListAll(context.Background(), testRegion)
			if tc.wantErr != (err != nil) {
				t.Fatalf("ListAll error = %v, want an error: %t", err, tc.wantErr)
			}
			if tc.wantErr && !errors.Is(err, errPageIgnored) {
				t.Errorf("error %v does not say the page was ignored", err)
			}
			if len(got) != tc.want {
				t.Errorf("%d clusters, want %d", len(got), tc.want)
			}
			reqs := log.all()
			if len(reqs) != tc.wantPages {
				t.Errorf("%d page requests, want %d", len(reqs), tc.wantPages)
			}
			// The pages after the first go together, in no order: each once.
			queries := make([]string, len(reqs))
			for i, r := range reqs {
				queries[i] = r.query
			}
			if len(queries) > 0 && queries[0] != "current=1&currentPage=1&pageSize=100" {
				t.Errorf("first request %q, want page 1", queries[0])
			}
			for i := 1; i <= len(queries); i++ {
				if want := fmt.Sprintf("current=%d&currentPage=%d&pageSize=100", i, i); !slices.Contains(queries, want) {
					t.Errorf("no request %q among %q", want, queries)
				}
			}
		})
	}
}

func TestClusterCreatedFormattingHidesPassword(t *testing.T) {
	c := ClusterCreated{ClusterID: "in01-abc", Username: "db_admin", Password: "hunter2-secret"}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), c.String()} {
		if strings.Contains(s, "hunter2-secret") {
			t.Errorf("formatted ClusterCreated %q shows the password", s)
		}
	}
}
