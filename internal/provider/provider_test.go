package provider_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/server"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// testRegion is the provider's default region in tests; otherRegion proves routing.
const (
	testRegion  = "aws-us-west-2"
	otherRegion = "gcp-us-west1"
)

// accEnv is where an acceptance test runs: the in-process mock, or the real
// Zilliz Cloud when ZILLIZ_ACC_REAL=1 (credentials and region from the environment).
// The API version is ZILLIZ_ACC_API_VERSION's (default v1), for the provider and the
// mock alike, so that the whole suite runs under each version.
type accEnv struct {
	mock       *mockserver.Server // nil against the real cloud
	apiVersion string             // "v1" or "v2"
	endpoint   string             // the mock's, in the form apiVersion wants
	region     string
	projectID  string
	factory    func() fwprovider.Provider
	mixed      bool // the test speaks both versions on purpose (switching api_version)
}

func realCloud() bool { return os.Getenv("ZILLIZ_ACC_REAL") == "1" }

// envAccAPIVersion picks the API version of the acceptance tests; the test
// matrix runs them under each. (Not ZILLIZ_API_VERSION: that is the provider's
// own fallback, which some tests exercise.)
const envAccAPIVersion = "ZILLIZ_ACC_API_VERSION"

// serverlessRefusedCode is the code the mock refuses a Serverless cluster's drop
// with in the version the tests speak: diagnostics name the code answered.
func serverlessRefusedCode(t *testing.T) string {
	if accAPIVersion(t) == zilliz.APIVersionV2 {
		return "96022"
	}
	return "80021"
}

// accAPIVersion is the API version the acceptance tests speak.
func accAPIVersion(t *testing.T) string {
	t.Helper()
	switch v := os.Getenv(envAccAPIVersion); v {
	case "", zilliz.APIVersionV1:
		return zilliz.APIVersionV1
	case zilliz.APIVersionV2:
		return v
	default:
		t.Fatalf("%s=%q: want v1 or v2", envAccAPIVersion, v)
		return ""
	}
}

// mockEndpoint is the endpoint setting that reaches the mock under version:
// v1's {region} template, or v2's base URL (the mock's root: v2 paths carry no region).
func mockEndpoint(template, version string) string {
	if version == zilliz.APIVersionV2 {
		return strings.TrimSuffix(template, "/"+zilliz.RegionPlaceholder)
	}
	return template
}

// newEnv starts a mock for the test, or targets the real cloud.
func newEnv(t *testing.T, cfg mockserver.Config) *accEnv {
	t.Helper()
	if realCloud() {
		if os.Getenv("TF_ACC") == "" {
			t.Skip("acceptance test against the real cloud: set TF_ACC=1")
		}
		for _, v := range []string{provider.EnvAPIKey, provider.EnvCloudRegion, "ZILLIZ_PROJECT_ID"} {
			if os.Getenv(v) == "" {
				t.Fatalf("ZILLIZ_ACC_REAL=1 needs %s", v)
			}
		}
		return &accEnv{apiVersion: accAPIVersion(t), region: os.Getenv(provider.EnvCloudRegion),
			projectID: os.Getenv("ZILLIZ_PROJECT_ID"), factory: provider.New("acctest")}
	}
	return newEnvIn(t, cfg, accAPIVersion(t))
}

// newEnvIn is newEnv on the mock under a chosen API version, for the tests
// of one version's behaviour.
func newEnvIn(t *testing.T, cfg mockserver.Config, version string) *accEnv {
	t.Helper()
	if realCloud() {
		t.Skip("mock-only test")
	}
	mock, template := mockserver.NewTestServer(t, cfg)
	e := &accEnv{mock: mock, apiVersion: version, endpoint: mockEndpoint(template, version), region: testRegion,
		projectID: mockserver.DefaultProjectID, factory: provider.NewWithClientConfig("acctest", fastClient)}
	// Under v2, no test may make the provider send a single v1 request.
	t.Cleanup(func() {
		if version != zilliz.APIVersionV2 || e.mixed {
			return
		}
		reqs := mock.Requests()
		for i := range reqs {
			if reqs[i].APIVersion != zilliz.APIVersionV2 {
				t.Errorf("api_version v2 sent a request of another dialect: %s %s", reqs[i].Method, reqs[i].Path)
			}
		}
	})
	return e
}

// test runs tc through the real CLI. Against the in-process mock it is a
// resource.UnitTest, so plain `go test` runs it: it needs no credentials, no
// network and no TF_ACC. Against the real cloud, resource.Test keeps TF_ACC as
// the guard against creating billable clusters by accident.
func (e *accEnv) test(t *testing.T, tc resource.TestCase) {
	t.Helper()
	if e.mock == nil {
		resource.Test(t, tc)
		return
	}
	resource.UnitTest(t, tc)
}

// newMockEnv is newEnv for tests that need the mock's fault injection or out-of-band operations.
func newMockEnv(t *testing.T, cfg mockserver.Config) *accEnv {
	t.Helper()
	if realCloud() {
		t.Skip("mock-only test")
	}
	return newEnv(t, cfg)
}

// fastClient keeps retries short so fault tests finish in seconds.
func fastClient(c *zilliz.Config) {
	c.RetryBaseDelay = 10 * time.Millisecond
	c.RequestTimeout = 2 * time.Second
}

func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"zilliz": func() (tfprotov6.ProviderServer, error) { return server.New(e.factory)(), nil },
	}
}

// providerBlock configures the provider for the mock; against the real cloud the environment does.
func (e *accEnv) providerBlock() string { return e.providerBlockIn(e.region) }

// providerBlockIn is providerBlock with another default region.
func (e *accEnv) providerBlockIn(region string) string {
	if e.mock == nil {
		return ""
	}
	return fmt.Sprintf(`
provider "zilliz" {
  api_key      = %q
  cloud_region = %q
  endpoint     = %q
  api_version  = %q
}
`, mockserver.DefaultAPIKey, region, e.endpoint, e.apiVersion)
}

// cli is a terraform working directory, initialised with config, for tests that read
// diagnostics (warnings) or state the testing framework does not show.
func (e *accEnv) cli(t *testing.T, config string) *acctest.CLI {
	t.Helper()
	c := acctest.NewCLI(t, e.factory)
	c.Write(e.withProvider(config))
	c.Init()
	return c
}

// terraformBlock requires the provider; every test configuration starts with it.
const terraformBlock = `
terraform {
  required_providers {
    zilliz = {
      source = "zilliz-terraform/zilliz"
    }
  }
}
`

// withProvider is config with the provider's requirement and configuration before it.
func (e *accEnv) withProvider(config string) string {
	return terraformBlock + e.providerBlock() + config
}
