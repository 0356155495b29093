package provider_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// Every project with every attribute: ids and names, instance counts over all regions
// (DELETED clusters not counted, as the mock counts them), and createTimeMilli as RFC 3339 UTC.
func TestAccProjectsDataSource_basic(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	seedClusters(e.mock) // Default Project: 4 live in testRegion; Analytics: 2 in testRegion, 1 in otherRegion
	const emptyID = "proj-5e5e5e5e5e5e5e5e5e5e5e"
	before := time.Now().Truncate(time.Millisecond)
	e.mock.AddProject(emptyID, "Empty project")
	after := time.Now()

	millis := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$`)
	createdBetween := knownvalue.StringFunc(func(v string) error {
		if !millis.MatchString(v) {
			return fmt.Errorf("create_time %q is not RFC 3339 UTC with at most milliseconds", v)
		}
		ts, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return err
		}
		if ts.Before(before) || ts.After(after) {
			return fmt.Errorf("create_time %s is not between %s and %s", v, before.UTC(), after.UTC())
		}
		return nil
	})
	project := func(id, name string, count int64, created knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"project_id":     knownvalue.StringExact(id),
			"project_name":   knownvalue.StringExact(name),
			"instance_count": knownvalue.Int64Exact(count),
			"create_time":    created,
		})
	}
	e.test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.providerBlock() + "\ndata \"zilliz_projects\" \"all\" {}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttributes{addr: "data.zilliz_projects.all", want: map[string]knownvalue.Check{
					// The API lists projects by id.
					"projects": knownvalue.ListExact([]knownvalue.Check{
						project(mockserver.DefaultProjectID, "Default Project", 4, knownvalue.StringExact("2023-11-14T22:13:20Z")),
						project(emptyID, "Empty project", 0, createdBetween),
						project(mockserver.SecondProjectID, "Analytics", 3, knownvalue.StringExact("2024-03-09T16:00:00Z")),
					}),
				}},
			},
		}},
	})
	for _, r := range e.mock.Requests() {
		if r.Route != mockserver.RouteProjects || r.Region != e.calledRegion(testRegion) {
			t.Errorf("unexpected request %s %s (route %s)", r.Method, r.Path, r.Route)
		}
	}
}
