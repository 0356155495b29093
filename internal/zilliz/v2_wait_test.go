package zilliz

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// memCloudIn is memCloud for an API version: the mock serves both over the
// same clusters, at its root for v2.
func memCloudIn(t *testing.T, version string, cfg mockserver.Config, n int) (*mockserver.Server, *Client, []string) {
	t.Helper()
	mock, _, ids := memCloud(t, cfg, n)
	endpoint := "http://127.0.0.1/{region}"
	if version == APIVersionV2 {
		endpoint = "http://127.0.0.1"
	}
	c, err := NewClient(Config{APIKey: mockserver.DefaultAPIKey, APIVersion: version, Endpoint: endpoint, MaxRetries: DefaultMaxRetries,
		HTTPClient: &http.Client{Transport: memTransport{h: mock}}})
	if err != nil {
		t.Fatal(err)
	}
	return mock, c, ids
}

// A wave of drops and waits costs the same calls on v2 as on v1, served from
// the same shared list pages (filtered to the region on v2), and sends no
// request of the other version.
func TestV2WaveOfDropsLikeV1(t *testing.T) {
	calls := map[string]map[string]int{}
	for _, version := range []string{APIVersionV1, APIVersionV2} {
		synctest.Test(t, func(t *testing.T) {
			mock, c, ids := memCloudIn(t, version, mockserver.Config{DeleteDuration: 20 * time.Second, Latency: 20 * time.Millisecond}, 30)
			if end := dropAll(t, c, ids); end > 25*time.Second {
				t.Errorf("%s: the last wait of a 20 s drop ended after %s", version, end)
			}
			for _, id := range ids {
				if cl, _ := mock.Cluster(testRegion, id); cl.Status != "DELETED" {
					t.Errorf("%s: %s is %s", version, id, cl.Status)
				}
			}
			for _, r := range mock.Requests() {
				if r.APIVersion != version {
					t.Errorf("%s client sent %s %s", version, r.Method, r.Path)
				}
				if version == APIVersionV2 && r.Route == mockserver.RouteList && !strings.Contains(r.Query, "region="+testRegion) {
					t.Errorf("v2 list without the region filter: %s", r.Query)
				}
			}
			calls[version] = mock.Counts()
		})
	}
	v1, v2 := calls[APIVersionV1], calls[APIVersionV2]
	t.Logf("calls v1 %v, v2 %v", v1, v2)
	for _, route := range []string{mockserver.RouteDrop, mockserver.RouteList, mockserver.RouteDescribe} {
		if d := v2[route] - v1[route]; d > 1 || d < -1 {
			t.Errorf("%s: %d calls on v2, %d on v1", route, v2[route], v1[route])
		}
	}
}

// A drop whose answer is lost is recovered on v2 as on v1: the describe that
// follows shows it DELETING, so no second drop is sent, and the wait ends.
func TestV2LostDropAnswerRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloudIn(t, APIVersionV2, mockserver.Config{DeleteDuration: 5 * time.Second}, 1)
		c.backoff = time.Millisecond
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDrop, LoseResponse: true})
		ctx := context.Background()
		if err := c.Clusters.Drop(ctx, testRegion, ids[0]); err != nil {
			t.Fatalf("drop with a lost answer: %v", err)
		}
		if _, err := c.Clusters.Wait(ctx, testRegion, ids[0], UntilDeleted); err != nil {
			t.Fatalf("wait: %v", err)
		}
		if n := mock.Count(mockserver.RouteDrop); n != 1 {
			t.Errorf("%d drops sent, want 1 (the lost one did the work)", n)
		}
	})
}
