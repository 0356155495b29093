package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// The regions of two clouds, exactly and in order, with the base URLs the mock reports
// (its own address); an unknown cloud id is an error that lists the known ones.
func TestAccCloudRegionsDataSource_basic(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	regions := func(cloudID string, ids ...string) map[string]knownvalue.Check {
		items := make([]knownvalue.Check, 0, len(ids))
		for _, id := range ids {
			items = append(items, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"cloud_id":  knownvalue.StringExact(cloudID),
				"region_id": knownvalue.StringExact(id),
				// v2 has one host for every region: its base URL.
				"api_base_url": knownvalue.StringExact(strings.ReplaceAll(e.endpoint, "{region}", id)),
			}))
		}
		return map[string]knownvalue.Check{"cloud_id": knownvalue.StringExact(cloudID), "regions": knownvalue.ListExact(items)}
	}
	config := func(clouds ...string) string {
		out := e.providerBlock()
		for _, c := range clouds {
			out += fmt.Sprintf("\ndata \"zilliz_cloud_regions\" %q {\n  cloud_id = %q\n}\n", c, c)
		}
		return out
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config:      config("azure"),
				ExpectError: errorMatching(`Unknown cloud`, `Cloud "azure" is not one the API offers`, `"ali", "tc", "aws", "gcp"`),
			},
			{
				Config: config("aws", "ali"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttributes{addr: "data.zilliz_cloud_regions.aws",
						want: regions("aws", "aws-us-west-2", "aws-us-east-1", "aws-eu-central-1")},
					expectAttributes{addr: "data.zilliz_cloud_regions.ali",
						want: regions("ali", "ali-cn-hangzhou", "ali-cn-beijing", "ali-cn-shenzhen")},
				},
			},
		},
	})
	var sawAzure bool
	for _, r := range e.mock.Requests() {
		if r.Region != e.calledRegion(testRegion) || (r.Route != mockserver.RouteRegions && r.Route != mockserver.RouteClouds) {
			t.Errorf("unexpected request %s %s (route %s)", r.Method, r.Path, r.Route)
		}
		sawAzure = sawAzure || (r.Route == mockserver.RouteRegions && r.Query == "cloudId=azure")
	}
	if !sawAzure {
		t.Error("no regions request carried cloudId=azure")
	}
}
