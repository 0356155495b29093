package provider_test

import (
	"fmt"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// max_requests_per_second reaches the client: against a mock with no limit and
// instant operations, the requests for three clusters (3 creates, then the
// looks of their waits, which may share a list page) arrive no faster than the
// cap. Without the cap they would arrive within a few milliseconds.
func TestAccProvider_maxRequestsPerSecond(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	const maxRate = 4.0
	c := acctest.NewCLI(t, e.factory)
	c.Write(terraformBlock + fmt.Sprintf(`
provider "zilliz" {
  api_key                 = %q
  cloud_region            = %q
  endpoint                = %q
  max_requests_per_second = %g
  api_version             = %q
}
`, mockserver.DefaultAPIKey, e.region, e.endpoint, maxRate, e.apiVersion) + clustersConfig(e, "capped", 3))
	c.Init()
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	reqs := e.mock.Requests()
	if len(reqs) < 4 {
		t.Fatalf("%d API requests, want at least 4 (3 creates and a look)", len(reqs))
	}
	span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time).Seconds()
	// n requests paced at maxRate span at least (n-1)/maxRate; allow for arrival jitter.
	if got := float64(len(reqs)-1) / span; got > maxRate*1.2 {
		t.Errorf("%d requests in %.2fs = %.1f/s, want at most %g/s", len(reqs), span, got, maxRate)
	}
}
