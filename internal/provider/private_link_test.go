package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// private_link_address follows one convention in the resource and the data
// source: an empty string when no private link is set up, as the API reports
// it (`terraform state show` prints an empty string as null, in both).
func TestAccClusterResource_privateLinkAddressConvention(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.providerBlock() + dedicatedConfig(e, clusterName(), 1, "") + `
data "zilliz_cluster" "same" {
  id = zilliz_cluster.test.id
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(res, tfjsonpath.New("private_link_address"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue("data.zilliz_cluster.same", tfjsonpath.New("private_link_address"), knownvalue.StringExact("")),
			},
		}},
	})
}
