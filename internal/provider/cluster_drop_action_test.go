package provider_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// invoke runs `terraform apply -invoke` of the action at address, configured
// by config (the action block), and returns the outcome.
func (e *accEnv) invoke(t *testing.T, address, config string) acctest.Result {
	t.Helper()
	c := e.cli(t, config)
	return c.Run("apply", "-input=false", "-auto-approve", "-json", "-invoke="+address)
}

func dropConfig(id, name, extra string) string {
	return fmt.Sprintf(`
action "zilliz_cluster_drop" "stray" {
  config {
    cluster_id   = %q
    cluster_name = %q
    %s
  }
}
`, id, name, extra)
}

const dropAction = "action.zilliz_cluster_drop.stray"

func drops(e *accEnv) int { return e.mock.Count(mockserver.RouteDrop) }

// The drop action drops the cluster and waits until it is DELETED, saying so as
// it goes; a cluster whose name is not cluster_name gets no drop at all.
func TestAccClusterDropAction(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	e := newMockEnv(t, mockserver.Config{DeleteDuration: 1500 * time.Millisecond})
	c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, ClusterName: "stray"})

	t.Run("name guard", func(t *testing.T) {
		e.mock.ResetLog()
		r := e.invoke(t, dropAction, dropConfig(c.ClusterID, "strya", ""))
		if r.Err == nil {
			t.Fatalf("a drop with the wrong cluster_name succeeded:\n%s", r.Stdout)
		}
		if msg := errorText(r); !strings.Contains(msg, `is named "stray", not "strya"`) || !strings.Contains(msg, "nothing was dropped") {
			t.Errorf("error %q does not name both names and say nothing was dropped", msg)
		}
		if n := drops(e); n != 0 {
			t.Errorf("the name guard let %d drop requests through", n)
		}
		if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "RUNNING" {
			t.Errorf("cluster is %s after a refused drop", got.Status)
		}
		// The plan already refuses it, before anything of the run is applied.
		cli := e.cli(t, dropConfig(c.ClusterID, "strya", ""))
		if r := cli.Run("plan", "-input=false", "-json", "-invoke="+dropAction); r.Err == nil ||
			!strings.Contains(errorText(r), `is named "stray", not "strya"`) {
			t.Errorf("plan -invoke of a drop with the wrong name: error %q", errorText(r))
		}
		if n := drops(e); n != 0 {
			t.Errorf("plans sent %d drop requests", n)
		}
	})

	// A region_id the cluster is not in drops nothing. v2 describes it anyway
	// and says where it is: an error. v1's host of that region answers 90102,
	// which is also "already gone": a warning that says to check region_id.
	t.Run("wrong region", func(t *testing.T) {
		e.mock.ResetLog()
		other := "gcp-us-west1"
		if e.region == other {
			other = "aws-us-west-2"
		}
		r := e.invoke(t, dropAction, dropConfig(c.ClusterID, "stray", fmt.Sprintf("region_id = %q", other)))
		if accAPIVersion(t) == zilliz.APIVersionV2 {
			if msg := errorText(r); r.Err == nil || !strings.Contains(msg, "is in region "+e.region+", not "+other) {
				t.Errorf("v2 drop in the wrong region: error %q, want one naming the cluster's region", msg)
			}
		} else if r.Err != nil || !hasDiag(r.Warnings(), "Cluster already gone", "90102", "check region_id") {
			t.Errorf("v1 drop in the wrong region: error %v, warnings %+v; want a warning to check region_id", r.Err, r.Warnings())
		}
		if n := drops(e); n != 0 {
			t.Errorf("%d drop requests in the wrong region", n)
		}
		if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "RUNNING" {
			t.Errorf("cluster is %s after a drop in the wrong region", got.Status)
		}
	})

	t.Run("drops and waits", func(t *testing.T) {
		e.mock.ResetLog()
		r := e.invoke(t, dropAction, dropConfig(c.ClusterID, "stray", ""))
		if r.Err != nil {
			t.Fatalf("drop failed: %s\n%s", errorText(r), r.Stdout)
		}
		if n := drops(e); n != 1 {
			t.Errorf("%d drop requests, want 1", n)
		}
		if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "DELETED" {
			t.Errorf("the action returned while the cluster was %s", got.Status)
		}
		for _, msg := range []string{"Dropping cluster " + c.ClusterID, "waiting until it is deleted", "Cluster " + c.ClusterID + " is deleted"} {
			if !strings.Contains(r.Stdout, msg) {
				t.Errorf("no progress message %q in the output:\n%s", msg, r.Stdout)
			}
		}
	})

	t.Run("already deleted", func(t *testing.T) {
		e.mock.ResetLog()
		r := e.invoke(t, dropAction, dropConfig(c.ClusterID, "stray", ""))
		if r.Err != nil || len(r.Warnings()) != 1 || !strings.Contains(r.Warnings()[0].Detail, "already DELETED") {
			t.Errorf("drop of a DELETED cluster: error %v, warnings %+v", r.Err, r.Warnings())
		}
		if n := drops(e); n != 0 {
			t.Errorf("%d drop requests for a cluster already DELETED", n)
		}
	})
}

// The drop's answers, each as destroying a zilliz_cluster reads it (both call
// zilliz.Clusters.Destroy): 90102 and 80020 are checked by a look, a success
// with a warning once the cluster is confirmed gone and an error while it is
// still there; 80021 an error saying the API refuses serverless drops and how
// to retire the cluster; anything else an error naming the code. A cluster
// already DELETING gets no second drop, only the wait. A wait that outlasts
// timeout fails, saying so.
func TestAccClusterDropAction_outcomes(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	for _, tc := range []struct {
		name    string
		plan    string
		fault   *mockserver.Fault
		slow    bool
		extra   string
		before  func(e *accEnv, id string) // after the cluster is added
		drops   int                        // drop requests; 0 means 1
		wantErr []string                   // error detail fragments; none: success
		warn    []string                   // warning detail fragments
	}{
		{name: "90102 while running", fault: &mockserver.Fault{Route: mockserver.RouteDrop, Code: 90102, Message: "cluster not exist"},
			wantErr: []string{"code 90102", "describe shows the cluster RUNNING", "may still exist"}},
		{name: "80020 while running", fault: &mockserver.Fault{Route: mockserver.RouteDrop, Code: 80020, Message: "cluster not found"},
			wantErr: []string{"code 80020", "describe shows the cluster RUNNING", "may still exist"}},
		{name: "already DELETING", slow: true,
			before: func(e *accEnv, id string) {
				e.mock.SetStatusFor(e.region, id, "DELETING", 1500*time.Millisecond, "DELETED")
			},
			drops: -1},
		{name: "80021 serverless refused", plan: "Serverless",
			wantErr: []string{"with code " + serverlessRefusedCode(t), "does not drop this serverless cluster",
				"delete it in the Zilliz Cloud console"}},
		{name: "other code", fault: &mockserver.Fault{Route: mockserver.RouteDrop, Code: 80001, Message: "permission denied"},
			wantErr: []string{"code 80001", "permission denied", "may still exist"}},
		{name: "timeout", slow: true, extra: `timeout = "2s"`,
			wantErr: []string{"was accepted", "not deleted within 2s", "longer timeout"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := mockserver.Config{DeleteDuration: 100 * time.Millisecond}
			if tc.slow {
				cfg.DeleteDuration = time.Hour
			}
			e := newMockEnv(t, cfg)
			c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, ClusterName: "stray", Plan: tc.plan})
			if tc.before != nil {
				tc.before(e, c.ClusterID)
			}
			if tc.fault != nil {
				e.mock.InjectFault(*tc.fault)
			}
			r := e.invoke(t, dropAction, dropConfig(c.ClusterID, "stray", tc.extra))
			want := max(tc.drops, 0)
			if tc.drops == 0 {
				want = 1
			}
			if n := drops(e); n != want {
				t.Errorf("%d drop requests, want %d", n, want)
			}
			if now, _ := e.mock.Cluster(e.region, c.ClusterID); len(tc.wantErr) == 0 && now.Status != "DELETED" {
				t.Errorf("the action succeeded while the cluster is %s", now.Status)
			}
			if len(tc.wantErr) == 0 {
				if r.Err != nil {
					t.Fatalf("drop failed: %s", errorText(r))
				}
				var warned string
				for _, w := range r.Warnings() {
					warned += w.Detail
				}
				for _, w := range tc.warn {
					if !strings.Contains(warned, w) {
						t.Errorf("warnings %q do not say %q", warned, w)
					}
				}
				return
			}
			if r.Err == nil {
				t.Fatalf("drop succeeded, want an error saying %q", tc.wantErr)
			}
			msg := strings.Join(strings.Fields(errorText(r)), " ")
			for _, w := range tc.wantErr {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
		})
	}
}

// retireOnCreate is a terraform_data whose creation drops the cluster.
const retireOnCreate = `
resource "terraform_data" "retire" {
  input = "now"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.zilliz_cluster_drop.stray]
    }
  }
}
`

// A resource's lifecycle action_trigger runs the drop, name guard included: a
// wrong cluster_name fails the run before anything is applied (the resource
// naming the trigger is not created) and sends no drop; the right name drops
// the cluster when the resource is created.
func TestAccClusterDropAction_trigger(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	e := newMockEnv(t, mockserver.Config{DeleteDuration: 100 * time.Millisecond})
	c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, ClusterName: "stray"})

	cli := e.cli(t, dropConfig(c.ClusterID, "strya", "")+retireOnCreate)
	r := cli.Run("apply", "-input=false", "-auto-approve", "-json")
	if r.Err == nil {
		t.Fatalf("a triggered drop with the wrong cluster_name succeeded:\n%s", r.Stdout)
	}
	if msg := errorText(r); !strings.Contains(msg, `is named "stray", not "strya"`) {
		t.Errorf("error %q does not name both names", msg)
	}
	if n := drops(e); n != 0 {
		t.Errorf("the name guard let %d drop requests through", n)
	}
	if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "RUNNING" {
		t.Errorf("cluster is %s after a refused drop", got.Status)
	}
	if strings.Contains(r.Stdout, `"type":"apply_complete"`) {
		t.Errorf("the run applied a change although the plan refused the drop:\n%s", r.Stdout)
	}

	cli.Write(e.withProvider(dropConfig(c.ClusterID, "stray", "") + retireOnCreate))
	if r := cli.Run("apply", "-input=false", "-auto-approve", "-json"); r.Err != nil {
		t.Fatalf("triggered drop with the right name: %s", errorText(r))
	}
	if n := drops(e); n != 1 {
		t.Errorf("%d drop requests, want 1", n)
	}
	if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "DELETED" {
		t.Errorf("the triggered drop returned while the cluster was %s", got.Status)
	}
}
