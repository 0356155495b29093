package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// readExample returns the documented example of a data source, as users read it.
func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "data-sources", name, "data-source.tf"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The examples under examples/data-sources run as they are documented, against the mock,
// and produce the outputs they promise; zilliz_clusters' example feeds for_each.
func TestAccDataSourceExamples(t *testing.T) {
	t.Parallel()
	t.Run("zilliz_cluster", func(t *testing.T) {
		e := newMockEnv(t, mockserver.Config{})
		// The example reads one cluster in the provider's region and one in aws-us-west-2.
		orders := e.mock.AddCluster(mockserver.Cluster{ClusterID: "in01-0123456789abcdef", ClusterName: "orders", RegionID: otherRegion})
		analytics := e.mock.AddCluster(mockserver.Cluster{ClusterID: "in01-fedcba9876543210", ClusterName: "analytics",
			RegionID: "aws-us-west-2", Status: "SUSPENDED"})
		e.test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerBlockIn(otherRegion) + readExample(t, "zilliz_cluster"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("orders_endpoint", knownvalue.StringExact(orders.ConnectAddress)),
					statecheck.ExpectKnownOutputValue("analytics_status", knownvalue.StringExact(analytics.Status)),
				},
			}},
		})
	})

	t.Run("zilliz_clusters", func(t *testing.T) {
		e := newMockEnv(t, mockserver.Config{})
		if e.region != "aws-us-west-2" || mockserver.DefaultProjectID != "proj-0a1b2c3d4e5f6a7b8c9d0e" {
			t.Fatal("the example names the test region and the mock's default project: keep them in step")
		}
		add := func(name, plan, status, project string) mockserver.Cluster {
			return e.mock.AddCluster(mockserver.Cluster{ClusterName: name, Plan: plan, Status: status, ProjectID: project,
				RegionID: e.region})
		}
		std := add("std", "Standard", "RUNNING", mockserver.DefaultProjectID)
		ent := add("ent", "Enterprise", "RUNNING", mockserver.DefaultProjectID)
		sls := add("sls", "Serverless", "RUNNING", mockserver.DefaultProjectID)
		add("paused", "Standard", "SUSPENDED", mockserver.DefaultProjectID)
		add("analytics", "Standard", "RUNNING", mockserver.SecondProjectID)
		gone := add("gone", "Standard", "DELETED", mockserver.DefaultProjectID)

		// resource.Test cannot hold for_each instances in its state shim: run the CLI itself.
		cli := e.cli(t, readExample(t, "zilliz_clusters"))
		cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
		var outputs map[string]struct {
			Value any `json:"value"`
		}
		if err := json.Unmarshal([]byte(cli.MustRun("output", "-json").Stdout), &outputs); err != nil {
			t.Fatal(err)
		}
		wantAddresses := map[string]any{
			std.ClusterID: std.ConnectAddress, ent.ClusterID: ent.ConnectAddress, sls.ClusterID: sls.ConnectAddress,
		}
		if got := outputs["connect_addresses"].Value; !reflect.DeepEqual(got, wantAddresses) {
			t.Errorf("connect_addresses = %v, want %v", got, wantAddresses)
		}
		if got, want := outputs["deleted_cluster_ids"].Value, []any{gone.ClusterID}; !reflect.DeepEqual(got, want) {
			t.Errorf("deleted_cluster_ids = %v, want %v", got, want)
		}
		// for_each made one instance per dedicated running cluster of the project, and no other.
		var instances []string
		for _, line := range strings.Split(strings.TrimSpace(cli.MustRun("state", "list").Stdout), "\n") {
			if strings.HasPrefix(line, "terraform_data.") {
				instances = append(instances, line)
			}
		}
		sort.Strings(instances)
		wantInstances := []string{
			fmt.Sprintf("terraform_data.cu_size_check[%q]", std.ClusterID),
			fmt.Sprintf("terraform_data.cu_size_check[%q]", ent.ClusterID),
		}
		sort.Strings(wantInstances)
		if !reflect.DeepEqual(instances, wantInstances) {
			t.Errorf("for_each instances = %v, want %v", instances, wantInstances)
		}
	})

	t.Run("zilliz_projects", func(t *testing.T) {
		e := newMockEnv(t, mockserver.Config{})
		e.test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerBlock() + readExample(t, "zilliz_projects"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("default_project_id", knownvalue.StringExact(mockserver.DefaultProjectID)),
				},
			}},
		})
	})

	t.Run("zilliz_cloud_providers", func(t *testing.T) {
		e := newMockEnv(t, mockserver.Config{})
		e.test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerBlock() + readExample(t, "zilliz_cloud_providers"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("cloud_ids", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("ali"), knownvalue.StringExact("tc"),
						knownvalue.StringExact("aws"), knownvalue.StringExact("gcp"),
					})),
				},
			}},
		})
	})

	t.Run("zilliz_cloud_regions", func(t *testing.T) {
		e := newMockEnv(t, mockserver.Config{})
		e.test(t, resource.TestCase{
			ProtoV6ProviderFactories: e.factories(),
			Steps: []resource.TestStep{{
				Config: e.providerBlock() + readExample(t, "zilliz_cloud_regions"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("aws_region_ids", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("aws-us-west-2"), knownvalue.StringExact("aws-us-east-1"),
						knownvalue.StringExact("aws-eu-central-1"),
					})),
				},
			}},
		})
	})
}
