package zilliz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// The files in testdata/golden/v2 are answers of the v2 API as its reference
// prints them and as live recordings show them. Each is served through the
// client's own call path, by a client speaking v2 to the server's root.

// serveGoldenV2 answers every request with the named v2 file under status.
func serveGoldenV2(t *testing.T, name string, status int) (*Client, *hits) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "golden", "v2", name))
	if err != nil {
		t.Fatal(err)
	}
	srv, log := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
	return newTestClient(t, srv, func(c *Config) { c.APIVersion, c.Endpoint = APIVersionV2, srv.URL }), log
}

func TestGoldenV2Describe(t *testing.T) {
	for _, tc := range []struct {
		file string
		want Cluster
	}{
		{"describe_doc.json", Cluster{ClusterSummary: ClusterSummary{
			ID: "in01-1a7c9e2b4d6f8a0", Name: "Cluster-01", RegionID: "aws-us-west-2", CUType: CUTypePerformance,
			Plan: PlanEnterprise, CUSize: 2, Status: StatusRunning,
			ConnectAddress: "https://in01-1a7c9e2b4d6f8a0.aws-us-west-2.vectordb.zillizcloud.com:19530",
			CreateTime:     "2024-06-24T13:18:18Z", ProjectID: "proj-4487580fcfe2c8a4391686",
		}, CreateProgress: 100, Replica: 1}},
		// replica typed a string by the reference's schema.
		{"describe_replica_string.json", Cluster{ClusterSummary: ClusterSummary{
			ID: "in01-1a7c9e2b4d6f8a0", Name: "Cluster-01", RegionID: "aws-us-west-2", CUType: CUTypeCapacity,
			Plan: PlanStandard, CUSize: 4, Status: StatusRunning, CreateTime: "2024-06-24T13:18:18Z",
			ProjectID: "proj-4487580fcfe2c8a4391686",
		}, StorageSize: 10, SnapshotNumber: 1, CreateProgress: 100, Replica: 2}},
		// A free cluster described with plan "Serverless" (live): read as Free.
		{"describe_free_live.json", Cluster{ClusterSummary: ClusterSummary{
			ID: "in03-6f2c1a9e8b7d5c4", Name: "free-cluster", RegionID: "gcp-us-west1", Plan: PlanFree,
			Status: StatusRunning, ConnectAddress: "https://in03-6f2c1a9e8b7d5c4.serverless.gcp-us-west1.cloud.zilliz.com",
			CreateTime: "2025-02-11T08:01:44Z", ProjectID: "proj-4487580fcfe2c8a4391686",
		}, CreateProgress: 100}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, log := serveGoldenV2(t, tc.file, 200)
				got, err := c.Clusters.Describe(context.Background(), tc.want.RegionID, tc.want.ID)
				if err != nil {
					t.Fatal(err)
				}
				if *got != tc.want {
					t.Errorf("describe decoded as\n%+v\nwant\n%+v", *got, tc.want)
				}
				if r := log.all()[0]; r.method != "GET" || r.path != "/v2/clusters/"+tc.want.ID {
					t.Errorf("sent %s %s, want GET /v2/clusters/%s", r.method, r.path, tc.want.ID)
				}
			})
		})
	}
}

// The plan a free cluster reads as: deploymentOption says Free whatever the
// id, and a Serverless cluster stays Serverless.
func TestPlanOfFreeDescribedAsServerless(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"clusterId":"in05-a","plan":"Serverless","deploymentOption":"Free"}`, PlanFree},
		{`{"clusterId":"in03-a","plan":"Serverless"}`, PlanFree},
		{`{"clusterId":"in03-a","plan":"Serverless","deploymentOption":"Serverless"}`, PlanServerless},
		{`{"clusterId":"in05-a","plan":"Serverless"}`, PlanServerless},
		{`{"clusterId":"in03-a","plan":"Free"}`, PlanFree},
		{`{"clusterId":"in01-a","plan":"Standard","deploymentOption":"Dedicated"}`, PlanStandard},
	} {
		var c ClusterSummary
		if err := json.Unmarshal([]byte(tc.body), &c); err != nil {
			t.Fatal(err)
		}
		if c.Plan != tc.want {
			t.Errorf("%s read as plan %q, want %q", tc.body, c.Plan, tc.want)
		}
	}
}

func TestGoldenV2List(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, log := serveGoldenV2(t, "list_doc.json", 200)
		got, err := c.Clusters.List(context.Background(), "aws-us-west-2", ClusterListOptions{PageSize: 10, CurrentPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got.Count != 2 || len(got.Clusters) != 2 || got.Clusters[0].CUType != CUTypePerformance ||
			got.Clusters[1].Plan != PlanServerless || got.Clusters[1].CUType != "" {
			t.Errorf("list decoded as %+v", got)
		}
		r := log.all()[0]
		if r.path != "/v2/clusters" || r.query != "currentPage=1&pageSize=10&region=aws-us-west-2" {
			t.Errorf("sent %s?%s: v2 pages by currentPage and filters by region", r.path, r.query)
		}
	})
}

// The v2 reference's schema calls the list's data an array; every example is
// an object. Anything but the object must fail clearly, not read as no clusters.
func TestGoldenV2ListArrayFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := serveGoldenV2(t, "list_array.json", 200)
		_, err := c.Clusters.List(context.Background(), "aws-us-west-2", ClusterListOptions{PageSize: 10, CurrentPage: 1})
		if err == nil || !strings.Contains(err.Error(), "is an array, not the documented object") {
			t.Fatalf("error %v, want one saying the list's data is an array, not the documented object", err)
		}
		if _, err := c.Clusters.FindByName(context.Background(), "aws-us-west-2", "proj-x", "Cluster-01"); err == nil {
			t.Error("FindByName read an array page as no cluster of that name")
		}
	})
}

func TestGoldenV2Create(t *testing.T) {
	for _, tc := range []struct {
		name, plan, cuType, path string
		body                     map[string]any
	}{
		{"dedicated default cuType", PlanStandard, "", "/v2/clusters/createDedicated", map[string]any{
			"clusterName": "c", "projectId": "proj-4487580fcfe2c8a4391686", "regionId": "aws-us-west-2",
			"plan": "Standard", "cuSize": 2.0, "cuType": CUTypePerformance}},
		{"dedicated cuType", PlanEnterprise, CUTypeCapacity, "/v2/clusters/createDedicated", map[string]any{
			"clusterName": "c", "projectId": "proj-4487580fcfe2c8a4391686", "regionId": "aws-us-west-2",
			"plan": "Enterprise", "cuSize": 2.0, "cuType": CUTypeCapacity}},
		{"serverless", "serverless", "", "/v2/clusters/createServerless", map[string]any{
			"clusterName": "c", "projectId": "proj-4487580fcfe2c8a4391686", "regionId": "aws-us-west-2"}},
		{"free", PlanFree, "", "/v2/clusters/createFree", map[string]any{
			"clusterName": "c", "projectId": "proj-4487580fcfe2c8a4391686", "regionId": "aws-us-west-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, log := serveGoldenV2(t, "create_doc.json", 200)
				got, err := c.Clusters.Create(context.Background(), "aws-us-west-2", ClusterCreateOptions{
					Name: "c", ProjectID: "proj-4487580fcfe2c8a4391686", Plan: tc.plan, CUSize: 2, CUType: tc.cuType})
				if err != nil {
					t.Fatal(err)
				}
				if got.ClusterID != "in01-1a7c9e2b4d6f8a0" || got.Username != "db_admin" || got.Password == "" {
					t.Errorf("create decoded as %v", got)
				}
				// The create goes after the listing that tells what held the name before it.
				var r seen
				for _, x := range log.all() {
					if x.method == "POST" {
						r = x
					}
				}
				var body map[string]any
				if err := json.Unmarshal([]byte(r.body), &body); err != nil {
					t.Fatal(err)
				}
				if r.method != "POST" || r.path != tc.path || !equalJSON(body, tc.body) {
					t.Errorf("sent %s %s %s, want POST %s %v", r.method, r.path, r.body, tc.path, tc.body)
				}
			})
		})
	}
}

func equalJSON(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestGoldenV2Drop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, log := serveGoldenV2(t, "drop_doc.json", 200)
		if err := c.Clusters.Drop(context.Background(), "aws-us-west-2", "in05-3b4c5d6e7f8a9b0"); err != nil {
			t.Fatalf("an accepted drop (code 0) failed: %v", err)
		}
		if r := log.all()[0]; r.method != "DELETE" || r.path != "/v2/clusters/in05-3b4c5d6e7f8a9b0/drop" {
			t.Errorf("sent %s %s", r.method, r.path)
		}
	})
}

// v2's codes map onto the client's sentinels, and onto no other: a permission
// error is never "gone".
func TestGoldenV2Errors(t *testing.T) {
	sentinels := []error{ErrNotFound, ErrServerlessUnsupported, ErrUnauthorized, ErrNameExists, ErrPermission, ErrRegionUnknown}
	for _, tc := range []struct {
		file   string
		status int
		code   int
		is     error
	}{
		{"error_96018.json", 200, 96018, ErrNotFound},
		{"error_96021.json", 200, 96021, ErrServerlessUnsupported},
		{"error_96022.json", 200, 96022, ErrServerlessUnsupported},
		{"error_96014.json", 200, 96014, ErrPermission},
		{"error_96015.json", 200, 96015, ErrPermission},
		{"error_96016.json", 200, 96016, ErrPermission},
		{"error_96017.json", 200, 96017, ErrNameExists},
		{"error_40013.json", 200, 40013, ErrNameExists},
		{"error_21119.json", 401, 21119, ErrUnauthorized},
		{"error_80002.json", 401, 80002, ErrUnauthorized},
		{"error_96001.json", 200, 96001, ErrRegionUnknown},
	} {
		t.Run(tc.file, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, log := serveGoldenV2(t, tc.file, tc.status)
				err := c.Clusters.Drop(context.Background(), "aws-us-west-2", "in01-1a7c9e2b4d6f8a0")
				if CodeOf(err) != tc.code {
					t.Fatalf("error %v, want code %d", err, tc.code)
				}
				for _, s := range sentinels {
					if got, want := errors.Is(err, s), errors.Is(tc.is, s); got != want {
						t.Errorf("errors.Is(%v, %v) = %t", err, s, got)
					}
				}
				if n := len(log.all()); n != 1 {
					t.Errorf("%d requests: a business code must not be retried", n)
				}
			})
		})
	}
}

func TestGoldenV2ProjectsAndRegions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, log := serveGoldenV2(t, "projects_doc.json", 200)
		got, err := c.Projects.List(context.Background(), "aws-us-west-2")
		if err != nil {
			t.Fatal(err)
		}
		created := time.Date(2024, 5, 5, 7, 36, 15, 0, time.UTC).UnixMilli()
		want := Project{ID: "proj-4487580fcfe2c8a4391686", Name: "Default Project", InstanceCount: 3, CreateTimeMilli: created}
		if len(got) != 1 || got[0] != want {
			t.Errorf("projects decoded as %+v, want [%+v]", got, want)
		}
		if p := log.all()[0].path; p != "/v2/projects" {
			t.Errorf("path %s", p)
		}
		c, log = serveGoldenV2(t, "regions_doc.json", 200)
		regions, err := c.Clouds.Regions(context.Background(), "ali-cn-hangzhou", "ali")
		if err != nil {
			t.Fatal(err)
		}
		if len(regions) != 1 || regions[0].ID != "ali-cn-hangzhou" || regions[0].APIBaseURL != V2ChinaEndpoint {
			t.Errorf("regions decoded as %+v", regions)
		}
		if r := log.all()[0]; r.path != "/v2/regions" || r.query != "cloudId=ali" {
			t.Errorf("sent %s?%s", r.path, r.query)
		}
	})
}

// Without an endpoint, a v2 call goes to the site of its region; with one, there.
func TestV2Sites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for region, want := range map[string]string{
			"ali-cn-hangzhou": V2ChinaEndpoint, "tc-ap-beijing": V2ChinaEndpoint,
			"aws-us-west-2": V2GlobalEndpoint, "gcp-us-west1": V2GlobalEndpoint, "az-eastus": V2GlobalEndpoint,
		} {
			c, err := NewClient(Config{APIKey: testKey, APIVersion: APIVersionV2})
			if err != nil {
				t.Fatal(err)
			}
			if got, err := c.baseURL(region); err != nil || got != want {
				t.Errorf("region %s: base %q (%v), want %q", region, got, err, want)
			}
		}
		c, err := NewClient(Config{APIKey: testKey, APIVersion: APIVersionV2, Endpoint: "https://api.example.com/"})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := c.baseURL("ali-cn-hangzhou"); got != "https://api.example.com" {
			t.Errorf("base %q, want the endpoint", got)
		}
	})
}

func TestNewClientAPIVersion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, tc := range []struct {
			version, endpoint, wantErr string
		}{
			{"v3", "", `API version "v3" must be "v1" or "v2"`},
			{"v2", "https://controller.api.{region}.zillizcloud.com", "a {region} template is for api_version v1"},
			{"v1", "https://api.cloud.zilliz.com", "must contain the {region} placeholder"},
			{"v2", "http://example.com", "http is allowed only for loopback hosts"},
		} {
			_, err := NewClient(Config{APIKey: testKey, APIVersion: tc.version, Endpoint: tc.endpoint})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrInvalidInput) {
				t.Errorf("%s %s: error %v, want one containing %q", tc.version, tc.endpoint, err, tc.wantErr)
			}
		}
		c, err := NewClient(Config{APIKey: testKey})
		if err != nil || c.APIVersion() != APIVersionV1 {
			t.Errorf("default version %v (%v), want v1", c, err)
		}
	})
}

// v2 describes a cluster whatever region is asked: one of another region is
// not found in the region asked, as v1's regional host answers (90102). Yet
// it exists: ConfirmGone never calls it gone.
func TestV2DescribeOtherRegionIsNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := serveGoldenV2(t, "describe_doc.json", 200)
		_, err := c.Clusters.Describe(context.Background(), "gcp-us-west1", "in01-1a7c9e2b4d6f8a0")
		if !IsNotFound(err) || CodeOf(err) != CodeNotInRegion || !strings.Contains(err.Error(), "in region aws-us-west-2, not gcp-us-west1") {
			t.Errorf("describe in the wrong region: %v", err)
		}
		if strings.Count(err.Error(), "GET") != 1 {
			t.Errorf("the error names its method more than once: %v", err)
		}
		if why, gerr := c.Clusters.ConfirmGone(context.Background(), "gcp-us-west1", "in01-1a7c9e2b4d6f8a0",
			"proj-4487580fcfe2c8a4391686", err); gerr == nil || !strings.Contains(gerr.Error(), "exists, so it is not gone") {
			t.Errorf("ConfirmGone = %q, %v; want an error: the describe showed the cluster in another region", why, gerr)
		}
		if _, err := c.Clusters.Lookup(context.Background(), "gcp-us-west1", "in01-1a7c9e2b4d6f8a0"); !IsNotFound(err) {
			t.Errorf("lookup in the wrong region: %v", err)
		}
	})
}
