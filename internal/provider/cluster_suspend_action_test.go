package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

func powerConfig(kind, id string) string {
	return fmt.Sprintf(`
action "zilliz_cluster_%s" "this" {
  config {
    cluster_id = %q
  }
}
`, kind, id)
}

// The suspend action suspends a running cluster and waits until it is
// SUSPENDED; one already suspended gets no call; a serverless cluster is
// refused (80021), saying so.
func TestAccClusterSuspendAction(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	e := newMockEnv(t, mockserver.Config{SuspendDuration: time.Second})
	c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, CUSize: 2})
	const addr = "action.zilliz_cluster_suspend.this"

	r := e.invoke(t, addr, powerConfig("suspend", c.ClusterID))
	if r.Err != nil {
		t.Fatalf("suspend failed: %s", errorText(r))
	}
	if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "SUSPENDED" {
		t.Errorf("the action returned while the cluster was %s", got.Status)
	}
	if !strings.Contains(r.Stdout, "Cluster "+c.ClusterID+" is suspended") {
		t.Errorf("no progress message saying the cluster is suspended:\n%s", r.Stdout)
	}

	e.mock.ResetLog()
	if r := e.invoke(t, addr, powerConfig("suspend", c.ClusterID)); r.Err != nil || !strings.Contains(r.Stdout, "already suspended") {
		t.Errorf("suspend of a suspended cluster: error %v, output:\n%s", r.Err, r.Stdout)
	}
	if n := e.mock.Count(mockserver.RouteSuspend); n != 0 {
		t.Errorf("%d suspend requests for a cluster already suspended", n)
	}

	s := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, Plan: "Serverless"})
	r = e.invoke(t, addr, powerConfig("suspend", s.ClusterID))
	if msg := errorText(r); r.Err == nil || !strings.Contains(msg, "80021") || !strings.Contains(msg, "cannot be suspended") {
		t.Errorf("suspend of a serverless cluster: error %q, want 80021 and why", msg)
	} else if strings.Contains(msg, "desired_status") {
		t.Errorf("the action's error speaks of the resource's desired_status: %q", msg)
	}
	if n := e.mock.Count(mockserver.RouteSuspend); n != 0 {
		t.Errorf("%d suspend requests for a serverless cluster, which the describe showed", n)
	}

	// A cluster being deleted never settles: refused at once, not waited for
	// until the timeout.
	d := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, CUSize: 2})
	e.mock.SetStatusFor(e.region, d.ClusterID, "DELETING", time.Hour, "DELETED")
	r = e.invoke(t, addr, strings.Replace(powerConfig("suspend", d.ClusterID), "config {", `config {
    timeout = "5s"`, 1))
	if msg := errorText(r); r.Err == nil || !strings.Contains(msg, "DELETING") || !strings.Contains(msg, "can no longer be suspended") {
		t.Errorf("suspend of a DELETING cluster: error %q, want one saying at once that it is being deleted", msg)
	}
	if n := e.mock.Count(mockserver.RouteSuspend); n != 0 {
		t.Errorf("%d suspend requests for a cluster being deleted", n)
	}
}

// triggeredSuspend is a terraform_data whose lifecycle suspends the cluster on
// after_update only, with the action it names.
func triggeredSuspend(id, input string) string {
	return powerConfig("suspend", id) + fmt.Sprintf(`
resource "terraform_data" "night" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.zilliz_cluster_suspend.this]
    }
  }
}
`, input)
}

// A resource's lifecycle action_trigger runs the suspend action on the event
// it names and on no other: creating the resource leaves the cluster running,
// updating it suspends the cluster and waits until it is SUSPENDED.
func TestAccClusterSuspendAction_trigger(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	e := newMockEnv(t, mockserver.Config{SuspendDuration: time.Second})
	c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, CUSize: 2})

	cli := e.cli(t, triggeredSuspend(c.ClusterID, "day"))
	if r := cli.Run("apply", "-input=false", "-auto-approve", "-json"); r.Err != nil {
		t.Fatalf("create: %s", errorText(r))
	}
	if n := e.mock.Count(mockserver.RouteSuspend); n != 0 {
		t.Errorf("after_create, which the trigger does not name, sent %d suspend requests", n)
	}
	if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "RUNNING" {
		t.Errorf("cluster is %s after the create, want RUNNING", got.Status)
	}

	cli.Write(e.withProvider(triggeredSuspend(c.ClusterID, "night")))
	r := cli.Run("apply", "-input=false", "-auto-approve", "-json")
	if r.Err != nil {
		t.Fatalf("update: %s", errorText(r))
	}
	if n := e.mock.Count(mockserver.RouteSuspend); n != 1 {
		t.Errorf("after_update sent %d suspend requests, want 1", n)
	}
	if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "SUSPENDED" {
		t.Errorf("the triggered action returned while the cluster was %s", got.Status)
	}
	if !strings.Contains(r.Stdout, "Cluster "+c.ClusterID+" is suspended") {
		t.Errorf("no progress message saying the cluster is suspended:\n%s", r.Stdout)
	}
}
