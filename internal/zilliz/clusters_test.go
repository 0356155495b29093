package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

var createOpts = ClusterCreateOptions{Name: "tf-a", ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 1}

// lostAnswers is the mock with the faults given queued, and a client of it
// that retries as a provider's does.
func lostAnswers(t *testing.T, cfg mockserver.Config, faults ...mockserver.Fault) (*mockserver.Server, *Client) {
	t.Helper()
	mock, c, _ := memCloud(t, cfg, 0, func(c *Config) { c.MaxRetries, c.RetryBaseDelay = 3, time.Millisecond })
	for _, f := range faults {
		mock.InjectFault(f)
	}
	return mock, c
}

// live is the clusters of testRegion that are neither DELETING nor DELETED.
func live(mock *mockserver.Server) []mockserver.Cluster {
	var out []mockserver.Cluster
	all := mock.Clusters(testRegion)
	for i := range all {
		if s := all[i].Status; s != StatusDeleted && s != StatusDeleting {
			out = append(out, all[i])
		}
	}
	return out
}

func body(s string) *string { return &s }

// meanwhile is the mock, which runs f once it has served (or cut) the first
// POST whose path ends in suffix: what someone else does while that call is
// on the wire.
func meanwhile(mock *mockserver.Server, suffix string, f func()) http.Handler {
	var once sync.Once
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, suffix) {
			defer once.Do(f) // also when the mock cuts the connection
		}
		mock.ServeHTTP(w, r)
	})
}

// The create's answer is lost after the cluster was made: the client finds it by
// name instead of sending a second create, and says the password is unknown.
func TestCreateLostAnswerAdoptsClusterFoundByName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := lostAnswers(t, mockserver.Config{}, mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true})
		// A look-alike the lookup must not take: one in the recycle bin. (One of
		// another project cannot exist: a name is taken region-wide, see
		// TestCreateLostAnswerRefusesClusterNotAsConfigured for one that appears.)
		binned := mock.AddCluster(mockserver.Cluster{RegionID: testRegion, ClusterName: "tf-a", ProjectID: mockserver.DefaultProjectID,
			Status: StatusDeleted}).ClusterID
		got, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Recovered || got.ClusterID == binned || got.Password != "" || got.Username != "" {
			t.Errorf("Create = %+v, want the cluster made by the lost attempt, Recovered, no credentials", got)
		}
		if made, ok := mock.Cluster(testRegion, got.ClusterID); !ok || made.ClusterName != "tf-a" {
			t.Errorf("adopted %s, which the mock does not hold as tf-a: %+v", got.ClusterID, made)
		}
		if n := mock.Count(mockserver.RouteCreate); n != 1 {
			t.Errorf("%d create requests, want 1: a lost answer must not be resent blindly", n)
		}
		if n := mock.Count(mockserver.RouteList); n < 2 {
			t.Errorf("%d listings, want the one before the create and the lookup by name", n)
		}
		if n := len(live(mock)); n != 1 {
			t.Errorf("%d live clusters, want 1", n)
		}
	})
}

// When the failed attempt made nothing, the create is sent again (after the lookup).
func TestCreateResentWhenFailedAttemptMadeNothing(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fault      mockserver.Fault
		wantLookup bool
	}{
		{"502 HTML", mockserver.Fault{HTTPStatus: 502, Body: body("<html>Bad Gateway</html>")}, true},
		{"dropped connection", mockserver.Fault{DropConnection: true}, true},
		{"429 (refused, never processed)", mockserver.Fault{HTTPStatus: 429, Body: body("")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tc.fault.Route = mockserver.RouteCreate
				mock, c := lostAnswers(t, mockserver.Config{}, tc.fault)
				got, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
				if err != nil {
					t.Fatal(err)
				}
				if got.Recovered || got.Password == "" || got.Username != "db_admin" {
					t.Errorf("Create = %+v, want a fresh create with its credentials", got)
				}
				if n := mock.Count(mockserver.RouteCreate); n != 2 {
					t.Errorf("%d create requests, want 2", n)
				}
				// One listing precedes every create (what held the name before it).
				if lookups := mock.Count(mockserver.RouteList) - 1; (lookups > 0) != tc.wantLookup {
					t.Errorf("%d lookups before resending, want lookup=%v", lookups, tc.wantLookup)
				}
				if n := len(live(mock)); n != 1 {
					t.Errorf("%d clusters, want exactly 1", n)
				}
			})
		})
	}
}

// When the lookup itself fails, the create is not resent: the error says both.
func TestCreateLostAnswerAndLookupFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := lostAnswers(t, mockserver.Config{},
			mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true},
			mockserver.Fault{Route: mockserver.RouteList, Latency: time.Millisecond}, // the listing before the create works
			mockserver.Fault{Route: mockserver.RouteList, HTTPStatus: 503, Body: body("<html>down</html>"), Times: -1})
		_, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
		checkErrorText(t, err, "POST", "/v1/clusters/create", "checking whether the failed call took effect also failed", "HTTP 503")
		if !errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("error %v does not match ErrOutcomeUnknown: the cluster may exist", err)
		}
		if n := mock.Count(mockserver.RouteCreate); n != 1 {
			t.Errorf("%d create requests, want 1", n)
		}
		if n := len(live(mock)); n != 1 {
			t.Errorf("%d clusters, want 1", n)
		}
	})
}

// A create that ends in failure after an attempt that may have made the
// cluster unanswered looks once more before it fails, and adopts the cluster
// it finds: otherwise the cluster exists while no state records it.
func TestCreateUnansweredAtTheEndLooksOnceMore(t *testing.T) {
	bad := mockserver.Fault{Route: mockserver.RouteCreate, HTTPStatus: 502, Body: body(""), Times: 3}
	lost := mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true}
	for _, tc := range []struct {
		name    string
		faults  []mockserver.Fault
		creates int
		handler func(mock *mockserver.Server, stop context.CancelFunc) http.Handler
	}{
		// The retries run out on an attempt whose answer is lost.
		{name: "the last attempt's answer lost", faults: []mockserver.Fault{bad, lost}, creates: 4},
		// The first attempt is answered 502 and its work lands late, after the
		// look before the resend: the resend is refused, the name being taken
		// by the cluster the first attempt made.
		{name: "the resend finds the name taken by its own cluster", creates: 2,
			handler: func(mock *mockserver.Server, _ context.CancelFunc) http.Handler {
				n := 0
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/create") {
						if n++; n == 1 {
							http.Error(w, "<html>Bad Gateway</html>", http.StatusBadGateway)
							return
						}
						mock.AddCluster(mockserver.Cluster{RegionID: testRegion, ClusterName: "tf-a",
							ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 1, Status: StatusCreating})
					}
					mock.ServeHTTP(w, r)
				})
			}},
		// Terraform is stopped while the create is on the wire; the cluster is
		// made, and its answer lost within the grace.
		{name: "interrupted, the answer lost", creates: 1,
			handler: func(mock *mockserver.Server, stop context.CancelFunc) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/create") {
						mock.ServeHTTP(httptest.NewRecorder(), r)
						stop()
						panic(http.ErrAbortHandler)
					}
					mock.ServeHTTP(w, r)
				})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, stop := context.WithCancel(context.Background())
				defer stop()
				mock, c := lostAnswers(t, mockserver.Config{}, tc.faults...)
				if tc.handler != nil {
					c = newTestClient(t, &fakeAPI{URL: "http://127.0.0.1:1", h: tc.handler(mock, stop)}, func(c *Config) {
						c.APIKey, c.MaxRetries = mockserver.DefaultAPIKey, 3
					})
				}
				got, err := c.Clusters.Create(ctx, testRegion, createOpts)
				if err != nil {
					t.Fatalf("Create failed while its cluster exists: %v", err)
				}
				clusters := live(mock)
				if len(clusters) != 1 || !got.Recovered || got.ClusterID != clusters[0].ClusterID {
					t.Errorf("Create = %+v with live clusters %+v: want the one cluster, recovered", got, clusters)
				}
				if n := mock.Count(mockserver.RouteCreate); tc.handler == nil && n != tc.creates {
					t.Errorf("%d create requests, want %d", n, tc.creates)
				}
			})
		})
	}
}

// Terraform is stopped while the check after a lost create answer lists the
// region: the check still gets the grace a sent create has, and finds the
// cluster, which the create then returns.
func TestCreateCheckInterruptedFinishesWithinTheGrace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		mock := mockserver.New(mockserver.Config{})
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true})
		lists := 0
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/clusters") {
				if lists++; lists == 2 { // the check's listing (the first is the one before the create)
					stop()
					time.Sleep(time.Second)
				}
			}
			mock.ServeHTTP(w, r)
		})
		c := newTestClient(t, &fakeAPI{URL: "http://127.0.0.1:1", h: h}, func(c *Config) { c.APIKey = mockserver.DefaultAPIKey })
		got, err := c.Clusters.Create(ctx, testRegion, createOpts)
		clusters := live(mock)
		if err != nil || len(clusters) != 1 || !got.Recovered || got.ClusterID != clusters[0].ClusterID {
			t.Errorf("Create = %+v, %v with live clusters %+v: want the cluster found by the interrupted check", got, err, clusters)
		}
	})
}

// Two creates of one name by one client (a configuration's count with a fixed
// name), the first answered 503: the one cluster made is one create's, and
// the other is refused the name, never handed the same cluster.
func TestCreatesOfOneNameNeverShareACluster(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := lostAnswers(t, mockserver.Config{},
			mockserver.Fault{Route: mockserver.RouteCreate, HTTPStatus: 503, Body: body("")})
		var wg sync.WaitGroup
		got := make([]*ClusterCreated, 2)
		errs := make([]error, 2)
		for i := range got {
			wg.Go(func() { got[i], errs[i] = c.Clusters.Create(context.Background(), testRegion, createOpts) })
		}
		wg.Wait()
		ok, refused := 0, 0
		for i := range got {
			switch {
			case errs[i] == nil:
				ok++
			case errors.Is(errs[i], ErrNameExists):
				refused++
			default:
				t.Errorf("create %d: %v", i, errs[i])
			}
		}
		if ok != 1 || refused != 1 {
			t.Errorf("creates = %+v, errors %v: want one cluster made and one create refused the name", got, errs)
		}
		if n := len(live(mock)); n != 1 {
			t.Errorf("%d live clusters, want 1", n)
		}
	})
}

// A cluster of the same name that existed before this create began is someone
// else's: the lookup must not adopt it (Terraform would later destroy it).
func TestCreateLookupIgnoresOlderClusterOfSameName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := lostAnswers(t, mockserver.Config{},
			mockserver.Fault{Route: mockserver.RouteCreate, DropConnection: true}) // lost before the API did anything
		mock.AddCluster(mockserver.Cluster{RegionID: testRegion, ClusterName: "tf-a", ProjectID: mockserver.DefaultProjectID})
		got, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
		if err == nil {
			t.Fatalf("Create adopted %+v, a cluster that existed before it began", got)
		}
		if !errors.Is(err, ErrNameExists) {
			t.Errorf("error %v, want ErrNameExists", err)
		}
		if n := mock.Count(mockserver.RouteCreate); n != 2 {
			t.Errorf("%d create requests, want 2", n)
		}
	})
}

func TestCreateSuccessWithoutUsableID(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, _ := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			ok(w, map[string]string{"clusterId": "../x", "password": "pw"})
		})
		c := newTestClient(t, srv)
		_, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
		if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "without a usable cluster id") {
			t.Errorf("Create = %v, want an error about the unusable id", err)
		}
	})
}

// The drop's answer is lost after the cluster was dropped: that is our drop, not
// a cluster that was already gone.
func TestDropLostAnswer(t *testing.T) {
	lost := mockserver.Fault{Route: mockserver.RouteDrop, LoseResponse: true}
	for _, tc := range []struct {
		name      string
		faults    []mockserver.Fault
		wantErr   bool
		wantDrops int
	}{
		{name: "dropped, answer lost, describe shows DELETING", faults: []mockserver.Fault{lost}, wantDrops: 1},
		{name: "dropped, answer lost, describe answers 80020", faults: []mockserver.Fault{lost,
			{Route: mockserver.RouteDescribe, Code: CodeClusterNotFound, Message: "Cluster not exist", Times: -1}}, wantDrops: 1},
		{name: "503 before the work: sent again", faults: []mockserver.Fault{{Route: mockserver.RouteDrop, HTTPStatus: 503,
			Body: body("")}}, wantDrops: 2},
		{name: "answer lost and describe fails: an error, not resent", faults: []mockserver.Fault{lost,
			{Route: mockserver.RouteDescribe, HTTPStatus: 502, Body: body(""), Times: -1}}, wantErr: true, wantDrops: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mock, c := lostAnswers(t, mockserver.Config{DeleteDuration: time.Minute})
				id := mock.AddCluster(mockserver.Cluster{RegionID: testRegion}).ClusterID
				for _, f := range tc.faults {
					mock.InjectFault(f)
				}
				err := c.Clusters.Drop(context.Background(), testRegion, id)
				if IsNotFound(err) {
					t.Fatalf("Drop = %v: our own drop reported as a cluster already gone", err)
				}
				if (err != nil) != tc.wantErr {
					t.Fatalf("Drop = %v, want error %v", err, tc.wantErr)
				}
				if n := mock.Count(mockserver.RouteDrop); n != tc.wantDrops {
					t.Errorf("%d drop requests, want %d", n, tc.wantDrops)
				}
				if l := live(mock); len(l) != 0 {
					t.Errorf("cluster not dropped: %+v", l)
				}
			})
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
			synctest.Test(t, func(t *testing.T) {
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
