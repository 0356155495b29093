package provider_test

import (
	"fmt"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// A region id that is well formed but does not exist gets code 90117 ("invalid
// domain name used"; v2: 96001, invalid regionId) from the API: the error says that the region is probably
// unknown and how to list the regions, wherever a client error is reported:
// here a create, a data source, a refused suspend, and the describe an update
// makes before changing the power state.
func TestAccClientError_unknownRegionHint(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, `region_id = "aws-mars-1"`))
	r := c.Run("apply", "-auto-approve", "-input=false", "-json")
	if r.Err == nil {
		t.Fatalf("create in an unknown region succeeded:\n%s", r.Output)
	}
	if !hasDiag(r.Errors(), "Unable to create cluster", "aws-mars-1", fmt.Sprint(e.code(90117, 96001)), "region does not exist", "zilliz_cloud_regions") {
		t.Errorf("create errors %+v do not say the region is probably unknown and how to list regions", r.Errors())
	}

	e.rewrite(c, `
data "zilliz_clusters" "x" {
  region_id = "aws-mars-1"
}
`)
	r = c.Run("plan", "-input=false", "-json")
	if !hasDiag(r.Errors(), "Unable to list clusters", fmt.Sprint(e.code(90117, 96001)), "zilliz_cloud_regions") {
		t.Errorf("data source errors %+v do not carry the unknown-region hint", r.Errors())
	}

	// The same answer to calls about a cluster that exists, injected.
	const hint = "region does not exist"
	name := clusterName()
	e.rewrite(c, dedicatedConfig(e, name, 1, desired("RUNNING")))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	e.rewrite(c, dedicatedConfig(e, name, 1, desired("SUSPENDED")))
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteSuspend, Code: 90117, Message: "invalid domain"})
	if r := c.Run("apply", "-auto-approve", "-input=false", "-json"); !hasDiag(r.Errors(), "Unable to suspend cluster", hint) {
		t.Errorf("a refused suspend lost the hint: %v\n%s", r.Err, r.Output)
	}
	// Without a refresh, the describe before the suspend is the first call.
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, Code: 90117, Times: -1, Message: "invalid domain"})
	r = c.Run("apply", "-auto-approve", "-input=false", "-refresh=false", "-json")
	if !hasDiag(r.Errors(), "Unable to read cluster", "Describing cluster", hint) {
		t.Errorf("a failed describe before a power change lost the hint: %v\n%s", r.Err, r.Output)
	}
	if n := e.mock.Count(mockserver.RouteSuspend); n != 1 {
		t.Errorf("%d suspend calls, want only the refused one", n)
	}
	e.mock.ClearFaults()
}
