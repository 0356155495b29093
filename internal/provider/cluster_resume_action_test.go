package provider_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// The resume action resumes a suspended cluster and waits until it is RUNNING,
// first waiting for one still suspending; without a payment method it fails
// saying so (80007).
func TestAccClusterResumeAction(t *testing.T) {
	t.Parallel()
	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_14_0))
	e := newMockEnv(t, mockserver.Config{SuspendDuration: time.Second, ResumeDuration: time.Second})
	c := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, CUSize: 2})
	// Suspending, as a console user left it, for a second.
	e.mock.SetStatusFor(e.region, c.ClusterID, "SUSPENDING", time.Second, "SUSPENDED")
	const addr = "action.zilliz_cluster_resume.this"

	r := e.invoke(t, addr, powerConfig("resume", c.ClusterID))
	if r.Err != nil {
		t.Fatalf("resume failed: %s", errorText(r))
	}
	if got, _ := e.mock.Cluster(e.region, c.ClusterID); got.Status != "RUNNING" {
		t.Errorf("the action returned while the cluster was %s", got.Status)
	}
	for _, msg := range []string{"waiting until it settles", "Asking to resume", "Cluster " + c.ClusterID + " is running"} {
		if !strings.Contains(r.Stdout, msg) {
			t.Errorf("no progress message %q:\n%s", msg, r.Stdout)
		}
	}

	p := newMockEnv(t, mockserver.Config{ResumeNeedsPayment: true})
	pc := p.mock.AddCluster(mockserver.Cluster{RegionID: p.region, ProjectID: p.projectID, CUSize: 1, Status: "SUSPENDED"})
	r = p.invoke(t, addr, powerConfig("resume", pc.ClusterID))
	if msg := errorText(r); r.Err == nil || !strings.Contains(msg, "80007") || !strings.Contains(msg, "payment method") {
		t.Errorf("resume without a payment method: error %q, want 80007 and what to do", msg)
	}
}
