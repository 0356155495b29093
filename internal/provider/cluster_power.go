package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// desired_status: the power state Terraform keeps a cluster in. Unset, the
// power state is not managed: a suspend in the console is no change.
const (
	powerRunning   = "RUNNING"
	powerSuspended = "SUSPENDED"
)

// powerOf is the settled power state a status is, or is on its way to; "" for
// a status that says nothing about it (CREATING, MODIFYING, ABNORMAL, ...).
func powerOf(status string) string {
	switch {
	case status == zilliz.StatusRunning || status == zilliz.StatusResuming:
		return powerRunning
	case zilliz.IsSuspendedStatus(status) || status == zilliz.StatusSuspending || status == zilliz.StatusStopping:
		return powerSuspended
	}
	return ""
}

// validatePower refuses desired_status = "SUSPENDED" for plans the API cannot suspend.
func validatePower(cfg clusterModel, resp *resource.ValidateConfigResponse) {
	if cfg.DesiredStatus.ValueString() == powerSuspended && zilliz.IsServerlessPlan(cfg.Plan.ValueString()) {
		resp.Diagnostics.AddAttributeError(path.Root("desired_status"), "desired_status not allowed for this plan",
			fmt.Sprintf("desired_status is \"SUSPENDED\", but %s clusters cannot be suspended (the API answers code 80021, or 96021/96022 on v2): "+
				"remove desired_status, set it to \"RUNNING\", or use plan \"Standard\" or \"Enterprise\".", cfg.Plan.ValueString()))
	}
}

// readPower reports the cluster's power state into desired_status, only when
// Terraform manages it, so that a cluster suspended or resumed out of band
// shows as a change. A status on its way counts as where it is going.
func readPower(m *clusterModel, c *zilliz.ClusterSummary) {
	if m.DesiredStatus.IsNull() {
		return
	}
	if p := powerOf(c.Status); p != "" {
		m.DesiredStatus = types.StringValue(p)
	}
}

// observedPower is the power state the refreshed state says the cluster is in.
func observedPower(state clusterModel) string {
	if p := state.DesiredStatus.ValueString(); p != "" {
		return p
	}
	return powerOf(state.Status.ValueString())
}

// powerSteps is what an update does about the power state.
type powerSteps struct {
	target          string // the power state to end in; "" leaves it as it is
	resumeForResize bool   // a cu_size change on a suspended cluster: resume, resize, suspend again
}

func planPowerSteps(plan, state clusterModel) powerSteps {
	observed := observedPower(state)
	s := powerSteps{resumeForResize: !plan.CUSize.Equal(state.CUSize) && observed == powerSuspended}
	if t := plan.DesiredStatus.ValueString(); t != "" && (t != observed || s.resumeForResize) {
		s.target = t
	}
	if s.resumeForResize && s.target == "" {
		s.target = powerSuspended // unmanaged: leave it as found
	}
	return s
}

// planPower marks status unknown when the apply changes the power state, and
// warns that a resize of a suspended cluster resumes it for the while.
func planPower(ctx context.Context, plan, state clusterModel, resp *resource.ModifyPlanResponse) {
	s := planPowerSteps(plan, state)
	if s.target == "" {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	if s.resumeForResize {
		after := "suspends it again"
		if s.target == powerRunning {
			after = "leaves it running (desired_status = \"RUNNING\")"
		}
		resp.Diagnostics.AddWarning("Suspended cluster resumed for a resize",
			fmt.Sprintf("Cluster %s (region %s) is suspended. A cu_size change needs a running cluster, so the apply "+
				"resumes it (it is billed for compute while running), changes cu_size to %d, then %s.",
				state.ID.ValueString(), state.RegionID.ValueString(), plan.CUSize.ValueInt64(), after))
	}
}

// settle returns the cluster once it is RUNNING or suspended, so a suspend or
// resume is never sent to a cluster still on its way (the API refuses those).
func (r *clusterResource) settle(ctx context.Context, region, id string) (*zilliz.ClusterSummary, error) {
	c, err := r.data.client.Clusters.Lookup(ctx, region, id)
	if err != nil || c.Status == zilliz.StatusRunning || c.Suspended() {
		return c, err
	}
	return r.data.client.Clusters.Wait(ctx, region, id, zilliz.UntilSettled)
}

// setPower suspends or resumes the cluster to reach target and waits for it.
// Once the API has accepted the operation, state records m (whose
// desired_status the caller sets) with the status under way, so a failed or interrupted wait leaves state saying what
// the cluster is becoming (the next plan then shows no change).
func (r *clusterResource) setPower(ctx context.Context, m *clusterModel, target string, st *tfsdk.State) (*zilliz.ClusterSummary, error) {
	region, id := r.regionOf(*m), m.ID.ValueString()
	op, until, under := r.data.client.Clusters.Suspend, zilliz.UntilSuspended, zilliz.StatusSuspending
	if target == powerRunning {
		op, until, under = r.data.client.Clusters.Resume, zilliz.UntilResumed, zilliz.StatusResuming
	}
	tflog.Info(ctx, "changing the power state of the cluster", map[string]any{"cluster_id": id, "region": region, "target": target})
	if err := op(ctx, region, id); err != nil {
		return nil, err
	}
	m.Status = types.StringValue(under)
	if diags := st.Set(ctx, m); diags.HasError() {
		return nil, errors.New("recording the accepted operation in state failed")
	}
	return r.data.client.Clusters.Wait(ctx, region, id, until)
}

// powerError is the diagnostic detail of a failed suspend or resume.
func powerError(id, region, target string, err error) (string, string) {
	verb := "suspend"
	if target == powerRunning {
		verb = "resume"
	}
	detail := fmt.Sprintf("Could not %s cluster %s in region %s: %v", verb, id, region, err)
	switch {
	case errors.Is(err, zilliz.ErrPaymentRequired):
		detail += "\n\nResuming a cluster needs a payment method on the Zilliz Cloud account (code 80007). " +
			"Add one in the Zilliz Cloud console (Billing), then apply again."
	case errors.Is(err, zilliz.ErrServerlessUnsupported):
		detail += "\n\nServerless and Free clusters cannot be suspended or resumed (code 80021, or 96021/96022 on v2): remove desired_status."
	}
	return "Unable to " + verb + " cluster", detail
}

// suspendAfterCreate suspends a cluster created with desired_status =
// "SUSPENDED". A failure is a warning, not an error: an error in Create would
// taint a cluster that is fine, and the next apply would replace it. State
// keeps desired_status "SUSPENDED"; the next refresh sees the cluster running,
// so the next plan shows the change and the next apply suspends it.
func (r *clusterResource) suspendAfterCreate(ctx context.Context, m *clusterModel, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := r.setPower(ctx, m, powerSuspended, &resp.State)
	if err != nil {
		summary, detail := powerError(m.ID.ValueString(), r.regionOf(*m), powerSuspended, err)
		resp.Diagnostics.AddWarning(summary, detail+"\n\nThe cluster was created and is recorded in state. "+
			"The next plan shows desired_status changing to \"SUSPENDED\" if it is not suspended by then, and the next apply suspends it.")
		return
	}
	applyCluster(m, c)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// powerUpdate carries an update's power steps around its resize.
type powerUpdate struct {
	steps     powerSteps
	suspended bool                   // as last seen
	last      *zilliz.ClusterSummary // the last cluster seen, if any
}

// powerBeforeResize looks at the cluster when the update changes its power
// state, and resumes it when a resize needs it running. False: failed (the
// error is in resp).
func (r *clusterResource) powerBeforeResize(ctx context.Context, plan, state clusterModel, resp *resource.UpdateResponse) (*powerUpdate, bool) {
	pu := &powerUpdate{steps: planPowerSteps(plan, state)}
	if pu.steps.target == "" {
		return pu, true
	}
	region, id := r.regionOf(state), state.ID.ValueString()
	c, err := r.settle(ctx, region, id)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read cluster", fmt.Sprintf("Describing cluster %s in region %s failed: %v", id, region, err))
		return nil, false
	}
	pu.last, pu.suspended = c, c.Suspended()
	if !pu.suspended || plan.CUSize.Equal(state.CUSize) {
		return pu, true
	}
	m := state
	m.Timeouts = plan.Timeouts
	if pu.steps.target == powerRunning {
		m.DesiredStatus = plan.DesiredStatus
	}
	if c, err = r.setPower(ctx, &m, powerRunning, &resp.State); err != nil {
		summary, detail := powerError(id, region, powerRunning, err)
		resp.Diagnostics.AddError(summary, detail+"\n\nThe cluster is suspended, and cu_size can only change on a running cluster.")
		return nil, false
	}
	pu.last, pu.suspended = c, false
	return pu, true
}

// powerAfterResize brings the cluster to the update's target power state and
// fills in m what the plan left unknown from the last cluster seen (settle), so
// the result matches the plan. False: failed (the error is in resp).
func (r *clusterResource) powerAfterResize(ctx context.Context, m *clusterModel, pu *powerUpdate, resp *resource.UpdateResponse) bool {
	if pu.last != nil {
		settle(m, pu.last)
	}
	if t := pu.steps.target; t == "" || (t == powerSuspended) == pu.suspended {
		return true
	}
	c, err := r.setPower(ctx, m, pu.steps.target, &resp.State)
	if err != nil {
		summary, detail := powerError(m.ID.ValueString(), r.regionOf(*m), pu.steps.target, err)
		resp.Diagnostics.AddError(summary, detail)
		return false
	}
	m.Status = types.StringValue(c.Status) // setPower recorded the transitional status; planned unknown
	settle(m, c)
	return true
}
