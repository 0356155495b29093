package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
)

// A provider setting set to "" is unset: the environment variable decides. A
// variable that defaults to "" is the common way to leave a setting to it.
func TestAccProvider_emptySettingsFallBackToEnvironment(t *testing.T) {
	e := newMockEnv(t, mockserver.Config{})
	t.Setenv(provider.EnvAPIKey, mockserver.DefaultAPIKey)
	t.Setenv(provider.EnvCloudRegion, e.region)
	t.Setenv(provider.EnvEndpoint, e.endpoint)
	t.Setenv(provider.EnvAPIVersion, e.apiVersion)
	c := acctestCLI(t, e, `
variable "api_key" {
  type    = string
  default = ""
}

provider "zilliz" {
  api_key      = var.api_key
  cloud_region = ""
  endpoint     = ""
}
`+dedicatedConfig(e, clusterName(), 1, ""))
	c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	cl, err := e.only(e.region)
	if err != nil {
		t.Fatal(err)
	}
	st := readState(t, c)
	if len(st) != 1 || st[0].str("id") != cl.ClusterID || st[0].str("region_id") != e.region {
		t.Errorf("state = %+v, want cluster %s in %s (the region of %s)", st, cl.ClusterID, e.region, provider.EnvCloudRegion)
	}
	for _, r := range e.mock.Requests() {
		if r.Authorization != "Bearer "+mockserver.DefaultAPIKey {
			t.Fatalf("%s %s sent Authorization %q, want the key of %s", r.Method, r.Path, r.Authorization, provider.EnvAPIKey)
		}
	}
}

// Provider settings known only after apply are refused, each by name, in the
// schema's order, whatever the run.
func TestAccProvider_unknownSettings(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := acctestCLI(t, e, `
resource "terraform_data" "later" {
  input = "x"
}

provider "zilliz" {
  api_key                 = terraform_data.later.output
  cloud_region            = terraform_data.later.output
  endpoint                = terraform_data.later.output
  max_requests_per_second = length(terraform_data.later.output)
}
`+dedicatedConfig(e, clusterName(), 1, ""))
	want := []string{"api_key", "cloud_region", "endpoint", "max_requests_per_second"}
	for run := 0; run < 3; run++ {
		r := c.Run("plan", "-input=false", "-json")
		var got []string
		for _, d := range r.Errors() {
			if d.Summary == "Unknown provider configuration" {
				got = append(got, strings.Fields(strings.TrimPrefix(d.Detail, "The provider's "))[0])
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("run %d: unknown settings reported as %v, want %v:\n%s", run, got, want, r.Output)
		}
	}
	if n := len(e.mock.Requests()); n != 0 {
		t.Errorf("%d requests reached the API", n)
	}
}

// acctestCLI is e.cli with a provider block of the test's own.
func acctestCLI(t *testing.T, e *accEnv, config string) *acctest.CLI {
	t.Helper()
	c := acctest.NewCLI(t, e.factory)
	c.Write(terraformBlock + config)
	c.Init()
	return c
}
