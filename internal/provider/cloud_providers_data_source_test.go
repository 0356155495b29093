package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// The mock's cloud catalog, exactly and in order.
func TestAccCloudProvidersDataSource_basic(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	cloud := func(id, description string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"cloud_id":    knownvalue.StringExact(id),
			"description": knownvalue.StringExact(description),
		})
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.providerBlock() + "\ndata \"zilliz_cloud_providers\" \"all\" {}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttributes{addr: "data.zilliz_cloud_providers.all", want: map[string]knownvalue.Check{
					"cloud_providers": knownvalue.ListExact([]knownvalue.Check{
						cloud("ali", "Alibaba Cloud"),
						cloud("tc", "Tencent Cloud"),
						cloud("aws", "Amazon Web Services"),
						cloud("gcp", "Google Cloud Platform"),
					}),
				}},
			},
		}},
	})
	for _, r := range e.mock.Requests() {
		if r.Route != mockserver.RouteClouds || r.Region != e.calledRegion(testRegion) {
			t.Errorf("unexpected request %s %s (route %s)", r.Method, r.Path, r.Route)
		}
	}
}
