package provider_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// The tests of one API version's own behaviour choose it; the rest of the
// suite runs under whichever ZILLIZ_ACC_API_VERSION names.

// code is the code the mock answers under e's API version for what v1 answers v1.
func (e *accEnv) code(v1, v2 int) int {
	if e.apiVersion == zilliz.APIVersionV2 {
		return v2
	}
	return v1
}

// calledRegion is the region the mock logs for a call through region that
// is about no cluster (projects, clouds, regions): v1's path names the
// region whose host is called, v2's names none.
func (e *accEnv) calledRegion(region string) string {
	if e.apiVersion == zilliz.APIVersionV2 {
		return ""
	}
	return region
}

// providerBlockV is providerBlock speaking another API version to the same mock.
func (e *accEnv) providerBlockV(version string) string {
	f := *e
	root := strings.TrimSuffix(e.endpoint, "/"+zilliz.RegionPlaceholder)
	f.apiVersion, f.endpoint = version, mockEndpoint(root+"/"+zilliz.RegionPlaceholder, version)
	return f.providerBlock()
}

func freeConfig(e *accEnv, name string) string {
	return fmt.Sprintf(`
resource "zilliz_cluster" "free" {
  cluster_name = %q
  project_id   = %q
  plan         = "Free"
}
`, name, e.projectID)
}

// Switching api_version (v1 to v2 and back) on a live state is a configuration
// change only: no diff, and no request that writes.
func TestAccAPIVersion_switchIsNoChange(t *testing.T) {
	t.Parallel()
	e := newEnvIn(t, mockserver.Config{AcceptServerlessDrop: true}, zilliz.APIVersionV1)
	e.mixed = true
	resources := dedicatedConfig(e, clusterName(), 1, "") + freeConfig(e, clusterName())
	onlyReads := func(version string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			reqs := e.mock.Requests()
			if len(reqs) == 0 {
				return fmt.Errorf("no request under %s: the refresh did not happen", version)
			}
			for _, r := range reqs {
				if r.Method != http.MethodGet || r.APIVersion != version {
					return fmt.Errorf("switching to %s sent %s %s (dialect %s)", version, r.Method, r.Path, r.APIVersion)
				}
			}
			return nil
		}
	}
	empty := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.providerBlockV(zilliz.APIVersionV1) + resources},
			{PreConfig: e.mock.ResetLog, Config: e.providerBlockV(zilliz.APIVersionV2) + resources,
				ConfigPlanChecks: empty, Check: onlyReads(zilliz.APIVersionV2)},
			{PreConfig: e.mock.ResetLog, Config: e.providerBlockV(zilliz.APIVersionV1) + resources,
				ConfigPlanChecks: empty, Check: onlyReads(zilliz.APIVersionV1)},
		},
	})
}

// 96014..96016 say that the key has no permission on the cluster: unlike v1's
// 80020 it never means gone. A destroy and a refresh that meet it fail, saying
// so, and the cluster stays in state; once the key may, destroy drops it.
func TestAccAPIVersionV2_permissionDenied(t *testing.T) {
	t.Parallel()
	for _, code := range []int{96014, 96015, 96016} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			e := newEnvIn(t, mockserver.Config{}, zilliz.APIVersionV2)
			c, cl := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
			e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDrop, Code: code, Message: "no permission"})
			r := c.Run("destroy", "-auto-approve", "-input=false", "-json")
			if r.Err == nil || !hasDiag(r.Errors(), "Cluster out of the API key's reach", cl.ClusterID, fmt.Sprintf("code %d", code),
				"no permission on the cluster", "stays in state") {
				t.Fatalf("destroy meeting %d: err %v, diagnostics %+v", code, r.Err, r.Diagnostics)
			}
			if got := stateList(c); got != res {
				t.Errorf("state after the refused destroy = %q, want %s", got, res)
			}

			e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, Code: code, Times: -1, Message: "no permission"})
			r = c.Run("plan", "-input=false", "-json")
			if r.Err == nil || !hasDiag(r.Errors(), "Cluster out of the API key's reach", cl.ClusterID, fmt.Sprintf("code %d", code),
				"no permission on the cluster", "stays in state") {
				t.Fatalf("refresh meeting %d: err %v, diagnostics %+v", code, r.Err, r.Diagnostics)
			}
			if got := stateList(c); got != res {
				t.Errorf("state after the refused refresh = %q, want %s", got, res)
			}

			e.mock.ClearFaults()
			c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
			if now, _ := e.mock.Cluster(e.region, cl.ClusterID); now.Status != "DELETED" {
				t.Errorf("mock cluster is %s after destroy, want DELETED", now.Status)
			}
		})
	}
}

// A Free cluster that v2 describes and lists as "Serverless" (a live answer) is
// no diff and no replacement, whether deploymentOption says Free or is absent;
// its drop refused (96021, free) keeps it in state with 80021's diagnostic.
func TestAccAPIVersionV2_freeReadAsServerless(t *testing.T) {
	t.Parallel()
	for _, noDeployment := range []bool{false, true} {
		t.Run(fmt.Sprintf("deploymentOption_absent_%t", noDeployment), func(t *testing.T) {
			e := newEnvIn(t, mockserver.Config{V2FreePlan: "Serverless", V2NoDeploymentOption: noDeployment}, zilliz.APIVersionV2)
			c, cl := e.applied(t, freeConfig(e, clusterName()))
			if st := readState(t, c); len(st) != 1 || st[0].str("plan") != "Free" {
				t.Errorf("state %+v, want plan Free", st)
			}
			if r := c.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); r.Err != nil {
				t.Errorf("plan after apply is not empty (%v):\n%s", r.Err, r.Output)
			}
			r := c.Run("destroy", "-auto-approve", "-input=false", "-json")
			if r.Err == nil || !hasDiag(r.Errors(), "Serverless cluster drop refused", cl.ClusterID, "with code 96021") {
				t.Fatalf("destroy of a free cluster refused with 96021: err %v, diagnostics %+v", r.Err, r.Diagnostics)
			}
			if got := stateList(c); got != "zilliz_cluster.free" {
				t.Errorf("state after the refused destroy = %q", got)
			}
			if n := codesAnswered(e.mock, mockserver.RouteDrop, 96021); n != 1 {
				t.Errorf("%d drops answered 96021, want 1", n)
			}
			e.mock.DeleteOutOfBand(e.region, cl.ClusterID)
			c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
		})
	}
}

// codesAnswered counts the requests to route answered with code.
func codesAnswered(m *mockserver.Server, route string, code int) int {
	n := 0
	reqs := m.Requests()
	for i := range reqs {
		if reqs[i].Route == route && reqs[i].Code == code {
			n++
		}
	}
	return n
}

// v2's list schema says data is an array, its examples an object: anything but
// the object fails with an error saying so, rather than reading as no clusters.
func TestAccAPIVersionV2_listNotAnObject(t *testing.T) {
	t.Parallel()
	e := newEnvIn(t, mockserver.Config{V2ListDataArray: true}, zilliz.APIVersionV2)
	c := e.cli(t, `
data "zilliz_clusters" "all" {}
`)
	r := c.Run("plan", "-input=false", "-json")
	if r.Err == nil || !hasDiag(r.Errors(), "Unable to list clusters", "is an array, not the documented object") {
		t.Fatalf("plan: err %v, diagnostics %+v", r.Err, r.Diagnostics)
	}
}

// api_version is checked at plan time, from the configuration or the
// environment, and so is an endpoint against the version it is for; nothing
// reaches the API.
func TestAccAPIVersion_badSettings(t *testing.T) {
	e := newEnvIn(t, mockserver.Config{}, zilliz.APIVersionV1)
	e.mixed = true
	root := strings.TrimSuffix(e.endpoint, "/"+zilliz.RegionPlaceholder)
	block := func(version, endpoint string) string {
		return fmt.Sprintf("provider \"zilliz\" {\n  api_key      = %q\n  cloud_region = %q\n  endpoint     = %q\n  api_version  = %q\n}\n",
			mockserver.DefaultAPIKey, e.region, endpoint, version)
	}
	resources := dedicatedConfig(e, "ok", 1, "")
	cases := []badInput{
		{name: "api_version v3", config: block("v3", root) + resources,
			want: []string{"api_version", `"v3"`, `"v1"`, `"v2"`}},
		// Only the version is wrong: the endpoint, right for v2, is not judged by v1's rules.
		{name: "api_version V2 (case)", config: block("V2", root) + resources, want: []string{"api_version", `"V2"`}, errors: 1},
		{name: "ZILLIZ_API_VERSION v9", env: map[string]string{"ZILLIZ_API_VERSION": "v9"},
			config: block("", e.endpoint) + resources, want: []string{"ZILLIZ_API_VERSION", `"v9"`, `"v1"`}},
		{name: "v2 with a {region} template", config: block("v2", e.endpoint) + resources,
			want: []string{"endpoint", "api_version v2", "a {region} template is for api_version v1", fmt.Sprintf("%q", e.endpoint)}},
		{name: "v2 from the environment with a {region} template", env: map[string]string{"ZILLIZ_API_VERSION": "v2"},
			config: block("", e.endpoint) + resources, want: []string{"endpoint", "api_version v2", "{region}"}},
		{name: "v1 with a base URL", config: block("v1", root) + resources,
			want: []string{"endpoint", "must contain the {region} placeholder"}},
		{name: "v2 http to a non-loopback host", config: block("v2", "http://api.cloud.zilliz.com") + resources,
			want: []string{"endpoint", "plain http"}},
		{name: "control: v2 with the mock's root plans", config: block("v2", root) + resources, planOK: true},
	}
	planRefused(t, e, cases)
}
