package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// A wait that ends early is not a failed operation: the cluster is still on its
// way. Terraform taints every new object whose Create returns an error, and a
// tainted cluster is dropped and created again by the next apply (for a
// serverless one, whose drop may be refused, every apply fails instead). So a
// create whose wait is interrupted or times out records the cluster with the
// status it was last seen in and warns; the next plan then finishes the wait as
// an in-place update (planPendingWait), or leaves the cluster alone once it runs.
// Only a cluster seen failing (ABNORMAL, FROZEN) or gone fails the create.

// finalLookTimeout bounds the one describe made after a wait ended early, so
// that state holds the status and addresses the cluster has now. An answer takes
// well under a second; the bound keeps Ctrl-C prompt if the API does not answer.
const finalLookTimeout = 3 * time.Second

// pendingStatuses are the statuses of an operation this provider started and
// waits for: the next apply finishes such a wait. Others (DELETING, STOPPING, ...)
// do not end in RUNNING, so waiting for RUNNING would only time out.
var pendingStatuses = map[string]bool{
	zilliz.StatusCreating: true, zilliz.StatusInitializing: true, zilliz.StatusModifying: true,
}

// creatingStatuses are pendingStatuses of a cluster not yet seen running, whose
// addresses may still be unset.
func creatingStatus(status string) bool {
	return status == zilliz.StatusCreating || status == zilliz.StatusInitializing
}

// pendingWaitKey is the private-state note that this provider's own create or
// resize left its wait unfinished (interrupted or timed out). Only such a wait
// is finished by the next apply: a cluster resized or (re)created in the console,
// seen MODIFYING or CREATING by a refresh, is no change, so drift checks with
// `plan -detailed-exitcode` do not fail while someone else operates on it.
const pendingWaitKey = "pending_wait"

// privateSetter is the private state of a create, read or update response.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// notePendingWait sets (or, with pending false, clears) the note.
func notePendingWait(ctx context.Context, p privateSetter, pending bool) diag.Diagnostics {
	if pending {
		return p.SetKey(ctx, pendingWaitKey, []byte(`true`))
	}
	return p.SetKey(ctx, pendingWaitKey, nil)
}

// ownPendingWait reports whether the plan's private state carries the note.
func ownPendingWait(ctx context.Context, private privateGetter) bool {
	v, diags := private.GetKey(ctx, pendingWaitKey)
	return !diags.HasError() && len(v) > 0
}

// privateGetter is the private state of a plan request (whose GetKey answers
// nothing when there is none).
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// planPendingWait plans, for an update, the attributes its wait will change:
// status when the update resizes the cluster or finishes a wait an earlier apply
// left (ownWait: the note is there; the new status is known only after the
// wait), and the addresses of a cluster not yet seen running. Planning them
// unknown is what keeps the apply's result consistent with its plan; for a
// pending wait alone it is also the change that makes Terraform call Update,
// which waits.
func planPendingWait(plan *clusterModel, state clusterModel, ownWait bool) {
	status := state.Status.ValueString()
	if plan.CUSize.Equal(state.CUSize) && (!pendingStatuses[status] || !ownWait) {
		return
	}
	plan.Status = types.StringUnknown()
	if creatingStatus(status) {
		plan.ConnectAddress, plan.PrivateLinkAddress, plan.CreateTime =
			types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	}
}

// waitEnd is how a wait bounded by an operation's context ended.
type waitEnd int

const (
	waitNotEnded    waitEnd = iota // the context is live: the wait itself failed
	waitInterrupted                // Terraform was stopped (Ctrl-C)
	waitTimedOut                   // the operation's timeout passed
)

// waitEndOf says why a wait bounded by ctx ended early, if it did. The
// operation's context tells, not the wait's error: a single request's own
// timeout also reads "deadline exceeded".
func waitEndOf(ctx context.Context) waitEnd {
	switch ctx.Err() {
	case context.Canceled:
		return waitInterrupted
	case context.DeadlineExceeded:
		return waitTimedOut
	}
	return waitNotEnded
}

// createWaitEnded handles a create whose wait for RUNNING failed: a wait that
// ended early records the cluster as last seen and warns; anything else is an error.
func (r *clusterResource) createWaitEnded(ctx context.Context, plan clusterModel, timeout time.Duration, err error,
	st *tfsdk.State) diag.Diagnostics {
	region, id := plan.RegionID.ValueString(), plan.ID.ValueString()
	end := waitEndOf(ctx)
	if end == waitNotEnded {
		detail := fmt.Sprintf("Cluster %s was created in region %s but did not reach RUNNING: %s\n\n"+
			"It is recorded in state and Terraform marks it tainted: the next apply replaces it (drops it and creates "+
			"another), and destroy drops it.", id, region, clientError(err))
		if zilliz.IsServerlessPlan(plan.Plan.ValueString()) {
			detail += " If Zilliz Cloud refuses to drop it (80021, or 96021/96022 on v2), both fail: delete it in the console, or keep it with " +
				"`terraform untaint`."
		}
		return diag.Diagnostics{diag.NewErrorDiagnostic("Cluster did not become ready", detail)}
	}
	look, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalLookTimeout)
	defer cancel()
	if c, lerr := r.data.client.Clusters.Describe(look, region, id); lerr == nil && !c.Deleted() {
		applyCluster(&plan, &c.ClusterSummary)
	} else {
		tflog.Debug(ctx, "could not look at the cluster after its wait ended", map[string]any{"cluster_id": id, "error": fmt.Sprint(lerr)})
	}
	diags := st.Set(ctx, plan)
	status := plan.Status.ValueString()
	if status == zilliz.StatusRunning {
		return diags // it came up as the wait ended: nothing left to say
	}
	how := "was interrupted"
	if end == waitTimedOut {
		how = fmt.Sprintf("timed out after %s (timeouts.create)", timeout)
	}
	diags.AddWarning("Cluster created but not running yet",
		fmt.Sprintf("Cluster %s was created in region %s, but the wait for RUNNING %s while it was %s: %s\n\n"+
			"It is recorded in state with that status and is not tainted. The next apply waits for it to run (an in-place "+
			"update of status), or changes nothing once it runs; attributes such as connect_address may be empty until then. "+
			"To fail a pipeline while the wait is pending, run `terraform plan -detailed-exitcode` after apply.",
			id, region, how, status, clientError(err)))
	return diags
}

// isNoPermission is code 80020, which means either that the cluster does not
// exist or that the API key has no permission on it.
func isNoPermission(err error) bool { return zilliz.CodeOf(err) == zilliz.CodeClusterNotFound }

// settle fills the attributes the plan left unknown (see planPendingWait) from
// the cluster a wait ended on; the others stay as planned, as Terraform requires.
func settle(plan *clusterModel, c *zilliz.ClusterSummary) {
	seen := *plan
	applyCluster(&seen, c)
	for _, a := range []struct {
		planned *types.String
		seen    types.String
	}{
		{&plan.Status, seen.Status}, {&plan.ConnectAddress, seen.ConnectAddress},
		{&plan.PrivateLinkAddress, seen.PrivateLinkAddress}, {&plan.CreateTime, seen.CreateTime},
	} {
		if a.planned.IsUnknown() {
			*a.planned = a.seen
		}
	}
}

// waitRunning waits for a cluster an update resized, or whose create or resize
// an earlier apply left unfinished, to reach RUNNING. status is the cluster's
// in state before the update: one not yet seen running is waited for as a create.
func (r *clusterResource) waitRunning(ctx context.Context, accepted clusterModel, status string,
	timeout time.Duration) (*zilliz.ClusterSummary, diag.Diagnostics) {
	region, id := r.regionOf(accepted), accepted.ID.ValueString()
	var cluster *zilliz.ClusterSummary
	var err error
	doing := "modified"
	if creatingStatus(status) {
		doing = "created"
		cluster, err = r.data.client.Clusters.Wait(ctx, region, id, zilliz.UntilCreated)
	} else {
		cluster, err = r.data.client.Clusters.Wait(ctx, region, id, zilliz.UntilModified)
	}
	if errors.Is(err, zilliz.ErrClusterFailed) {
		return nil, diag.Diagnostics{diag.NewErrorDiagnostic("Cluster failed while being "+doing,
			fmt.Sprintf("Waiting for cluster %s in region %s to reach RUNNING: %s.\n\nIt exists, so it stays in state.",
				id, region, clientError(err)))}
	}
	if err != nil {
		return nil, r.updateWaitFailed(ctx, accepted, timeout, err)
	}
	return cluster, nil
}

// updateWaitFailed reports an update whose wait for RUNNING failed. An update's
// error taints nothing: state keeps what was accepted, and the next plan waits again.
func (r *clusterResource) updateWaitFailed(ctx context.Context, accepted clusterModel, timeout time.Duration, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	id, region, status := accepted.ID.ValueString(), r.regionOf(accepted), accepted.Status.ValueString()
	doing := "modifying"
	if creatingStatus(status) {
		doing = "creating"
	}
	switch waitEndOf(ctx) {
	case waitInterrupted:
		diags.AddError("Cluster wait interrupted",
			fmt.Sprintf("The wait for cluster %s in region %s to finish %s and reach RUNNING was interrupted: %s\n\n"+
				"It is recorded as %s; the next apply waits again.", id, region, doing, clientError(err), status))
	case waitTimedOut:
		diags.AddError("Cluster did not finish "+doing,
			fmt.Sprintf("Cluster %s in region %s did not finish %s and reach RUNNING within %s: %s\n\n"+
				"It is recorded as %s; the next apply waits again. To wait longer, raise timeouts.update.",
				id, region, doing, timeout, clientError(err), status))
	default:
		diags.AddError("Cluster did not finish "+doing,
			fmt.Sprintf("Waiting for cluster %s in region %s to finish %s and reach RUNNING failed: %s\n\n"+
				"It is recorded as %s.", id, region, doing, clientError(err), status))
	}
	return diags
}
