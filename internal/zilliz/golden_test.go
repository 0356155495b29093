package zilliz

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
)

// The files in testdata/golden are answers of the v1 API as its reference and
// recordings of the live service show them (see the package documentation for
// which is which). Each test serves one through the client's own call path, so
// a change that misreads the wire fails here before it reaches a user.

// serveGolden answers every request with the named file under HTTP status, and
// records what was asked.
func serveGolden(t *testing.T, name string, status int, header http.Header) (*Client, *hits) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	srv, log := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		for k, vs := range header {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
	return newTestClient(t, srv), log
}

func TestGoldenDescribe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := serveGolden(t, "describe_live.json", 200, nil)
		got, err := c.Clusters.Describe(context.Background(), "gcp-us-west1", "in01-850a24ece14d872")
		if err != nil {
			t.Fatal(err)
		}
		want := Cluster{
			ClusterSummary: ClusterSummary{
				ID: "in01-850a24ece14d872", Name: "a-standard-type-cluster", Description: "pre create instance",
				RegionID: "gcp-us-west1", CUType: CUTypePerformance, Plan: PlanStandard, CUSize: 1, Status: StatusRunning,
				ConnectAddress:     "https://in01-850a24ece14d872.gcp-us-west1.vectordb.zillizcloud.com:443",
				PrivateLinkAddress: "", CreateTime: "2024-05-06T05:52:06Z", ProjectID: "proj-4487580fcfe2c8a4391686",
			},
			StorageSize: 0, SnapshotNumber: 0, CreateProgress: 100,
		}
		if *got != want {
			t.Errorf("describe decoded as\n%+v\nwant\n%+v", *got, want)
		}
	})
}

func TestGoldenDescribeDeletedIsGone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := serveGolden(t, "describe_deleted.json", 200, nil)
		got, err := c.Clusters.Describe(context.Background(), "ali-cn-hangzhou", "in01-3e5ad8adc38c3b8")
		if err != nil {
			t.Fatal(err)
		}
		if !got.Deleted() {
			t.Errorf("status %q: a DELETED cluster (recycle bin, code 200) must read as deleted", got.Status)
		}
		// Waiting for a drop ends on it.
		if _, err := c.Clusters.Wait(context.Background(), "ali-cn-hangzhou", "in01-3e5ad8adc38c3b8", UntilDeleted); err != nil {
			t.Errorf("WaitDeleted on a DELETED cluster: %v", err)
		}
	})
}

func TestGoldenList(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, log := serveGolden(t, "list_live.json", 200, nil)
		got, err := c.Clusters.List(context.Background(), "gcp-us-west1", ClusterListOptions{PageSize: 10, CurrentPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got.Count != 3 || got.CurrentPage != 1 || got.PageSize != 10 || len(got.Clusters) != 3 {
			t.Fatalf("page decoded as count %d, page %d, size %d, %d clusters", got.Count, got.CurrentPage, got.PageSize, len(got.Clusters))
		}
		free, serverless := got.Clusters[1], got.Clusters[2]
		if free.Plan != PlanFree || free.CUType != CUTypeCost || !IsServerlessPlan(free.Plan) {
			t.Errorf("free entry: plan %q, clusterType %q", free.Plan, free.CUType)
		}
		if serverless.Plan != PlanServerless || serverless.CUType != "" || !serverless.Suspended() {
			t.Errorf("serverless entry: plan %q, clusterType %q, status %q", serverless.Plan, serverless.CUType, serverless.Status)
		}
		if q := log.all()[0].query; q != "current=1&currentPage=1&pageSize=10" {
			t.Errorf("list query %q: both page parameters must be sent", q)
		}
	})
}

func TestGoldenCreate(t *testing.T) {
	for _, tc := range []struct {
		file, plan, path, wantPlan, wantID string
	}{
		// cuType is required: the default goes when none is chosen.
		{"create_live.json", PlanStandard, "/v1/clusters/create", `"cuType":"` + CUTypePerformance + `","plan":"Standard"`,
			"in01-5d0a7a3c4e9f1b2"},
		// Success code 0, as several reference pages print it.
		{"create_code0.json", "serverless", "/v1/clusters/createServerless", `"plan":"Serverless"`, "in05-4a3b2c1d0e9f8a7"},
		{"create_code0.json", "FREE", "/v1/clusters/createServerless", `"plan":"Free"`, "in05-4a3b2c1d0e9f8a7"},
	} {
		t.Run(tc.file+"/"+tc.plan, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, log := serveGolden(t, tc.file, 200, nil)
				got, err := c.Clusters.Create(context.Background(), "gcp-us-west1",
					ClusterCreateOptions{Name: "c", ProjectID: "proj-4487580fcfe2c8a4391686", Plan: tc.plan, CUSize: 1})
				if err != nil {
					t.Fatal(err)
				}
				if got.ClusterID != tc.wantID || got.Username != "db_admin" || got.Password == "" {
					t.Errorf("create decoded as %v", got)
				}
				all := log.all() // a listing first (what held the name before), then the create
				r := all[len(all)-1]
				if r.path != "/gcp-us-west1"+tc.path || !strings.Contains(r.body, tc.wantPlan) {
					t.Errorf("sent %s %s, want %s with %s", r.path, r.body, tc.path, tc.wantPlan)
				}
			})
		})
	}
}

func TestGoldenDropAccepted(t *testing.T) {
	for _, file := range []string{"drop_accepted.json", "drop_serverless_accepted_code0.json"} {
		t.Run(file, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, _ := serveGolden(t, file, 200, nil)
				if err := c.Clusters.Drop(context.Background(), "gcp-us-west1", "in05-9c8b7a6d5e4f3a2"); err != nil {
					t.Errorf("an accepted drop failed: %v", err)
				}
			})
		})
	}
}

func TestGoldenErrors(t *testing.T) {
	for _, tc := range []struct {
		file   string
		status int
		code   int
		is     error
	}{
		{"error_duplicate_name.json", 200, 80010, ErrNameExists},
		{"error_duplicate_name_v2.json", 200, 40013, ErrNameExists},
		{"error_not_found.json", 200, 80020, ErrNotFound},
		{"error_not_in_region.json", 200, 90102, ErrNotFound},
		{"error_serverless.json", 200, 80021, ErrServerlessUnsupported},
		{"error_token_illegal.json", 401, 80001, ErrUnauthorized},
		{"error_invalid_serverless_plan.json", 200, 90155, nil},
	} {
		t.Run(tc.file, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, log := serveGolden(t, tc.file, tc.status, http.Header{"Requestid": {"live-req-1"}})
				err := c.Clusters.Drop(context.Background(), "gcp-us-west1", "in01-850a24ece14d872")
				var e *Error
				if !errors.As(err, &e) || e.Code != tc.code {
					t.Fatalf("error %v, want code %d", err, tc.code)
				}
				if e.RequestID != "live-req-1" {
					t.Errorf("request id %q, want the requestid header's", e.RequestID)
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("%v does not match %v", err, tc.is)
				}
				if n := len(log.all()); n != 1 {
					t.Errorf("%d requests: a business code must not be retried", n)
				}
			})
		})
	}
}

func TestGoldenProjects(t *testing.T) {
	for _, file := range []string{"projects_live.json", "projects_doc.json"} {
		t.Run(file, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, _ := serveGolden(t, file, 200, nil)
				got, err := c.Projects.List(context.Background(), "gcp-us-west1")
				if err != nil {
					t.Fatal(err)
				}
				want := Project{ID: "proj-4487580fcfe2c8a4391686", Name: "Default Project", InstanceCount: 3, CreateTimeMilli: 1714892175000}
				if len(got) != 1 || got[0] != want {
					t.Errorf("projects decoded as %+v, want [%+v]", got, want)
				}
			})
		})
	}
}

// A creation time that cannot be read is 0, not a failed project list: the
// list says whether a cluster answered "not found" is gone (ConfirmGone).
func TestProjectCreationTimeUnreadable(t *testing.T) {
	for _, v := range []string{`""`, `null`, `"soon"`, `{}`} {
		var p Project
		if err := json.Unmarshal([]byte(`{"projectId": "proj-1", "createTimeMilli": `+v+`}`), &p); err != nil {
			t.Errorf("createTimeMilli %s: %v", v, err)
		}
		if p.ID != "proj-1" || p.CreateTimeMilli != 0 {
			t.Errorf("createTimeMilli %s: decoded as %+v", v, p)
		}
	}
}

func TestGoldenRegionsAndClouds(t *testing.T) {
	for _, tc := range []struct{ file, url string }{
		{"regions_live.json", "https://controller.api.gcp-us-west1.zillizcloud.com"},
		{"regions_doc.json", "controller.api.gcp-us-west1.zillizcloud.com"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, log := serveGolden(t, tc.file, 200, nil)
				got, err := c.Clouds.Regions(context.Background(), "gcp-us-west1", "gcp")
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 1 || got[0].ID != "gcp-us-west1" || got[0].CloudID != "gcp" || got[0].APIBaseURL != tc.url {
					t.Errorf("regions decoded as %+v", got)
				}
				if q := log.all()[0].query; q != "cloudId=gcp" {
					t.Errorf("query %q", q)
				}
			})
		})
	}
	c, _ := serveGolden(t, "clouds_live.json", 200, nil)
	got, err := c.Clouds.List(context.Background(), "gcp-us-west1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (CloudProvider{ID: "aws", Description: "amazon cloud"}) {
		t.Errorf("clouds decoded as %+v", got)
	}
}
