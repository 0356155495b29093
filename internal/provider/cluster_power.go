package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
// warns that a resize of a suspended cluster resumes it for the while. A
// replaced cluster (replaced not empty) has no power steps: it is created anew.
func planPower(plan *clusterModel, state clusterModel, replaced []string) diag.Diagnostics {
	var diags diag.Diagnostics
	s := planPowerSteps(*plan, state)
	if len(replaced) > 0 || s.target == "" {
		return diags
	}
	plan.Status = types.StringUnknown()
	if s.resumeForResize {
		after := "suspends it again"
		if s.target == powerRunning {
			after = "leaves it running (desired_status = \"RUNNING\")"
		}
		diags.AddWarning("Suspended cluster resumed for a resize",
			fmt.Sprintf("Cluster %s (region %s) is suspended. A cu_size change needs a running cluster, so the apply "+
				"resumes it (it is billed for compute while running), changes cu_size to %d, then %s.",
				state.ID.ValueString(), state.RegionID.ValueString(), plan.CUSize.ValueInt64(), after))
	}
	return diags
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

// powerReport is how a caller reports a failed suspend or resume: as an error
// or a warning, with what it adds to the detail.
type powerReport struct {
	severity diag.Severity
	more     string
}

// setPower suspends or resumes the cluster to reach target and waits for it.
// Once the API has accepted the operation, state records m (whose
// desired_status the caller sets) with the status under way, so a failed or
// interrupted wait leaves state saying what the cluster is becoming (the next
// plan then shows no change). A failed operation or wait is reported as report says.
func (r *clusterResource) setPower(ctx context.Context, m *clusterModel, target string, st *tfsdk.State,
	report powerReport) (*zilliz.ClusterSummary, diag.Diagnostics) {
	region, id := r.regionOf(*m), m.ID.ValueString()
	op, under := r.data.client.Clusters.Suspend, zilliz.StatusSuspending
	if target == powerRunning {
		op, under = r.data.client.Clusters.Resume, zilliz.StatusResuming
	}
	failed := func(err error) diag.Diagnostics {
		summary, detail := powerFailure(id, region, target, err, "remove desired_status")
		if report.severity == diag.SeverityWarning {
			return diag.Diagnostics{diag.NewWarningDiagnostic(summary, detail+report.more)}
		}
		return diag.Diagnostics{diag.NewErrorDiagnostic(summary, detail+report.more)}
	}
	tflog.Info(ctx, "changing the power state of the cluster", map[string]any{"cluster_id": id, "region": region, "target": target})
	if err := op(ctx, region, id); err != nil {
		return nil, failed(err)
	}
	m.Status = types.StringValue(under)
	diags := st.Set(ctx, m)
	if diags.HasError() {
		return nil, diags
	}
	c, err := waitPower(ctx, r.data.client.Clusters, region, id, target)
	if err != nil {
		return nil, append(diags, failed(err)...)
	}
	return c, diags
}

// waitPower waits until the cluster has reached target, the power state a
// suspend or resume it was sent is taking it to.
func waitPower(ctx context.Context, clusters *zilliz.Clusters, region, id, target string) (*zilliz.ClusterSummary, error) {
	if target == powerRunning {
		return clusters.Wait(ctx, region, id, zilliz.UntilResumed)
	}
	return clusters.Wait(ctx, region, id, zilliz.UntilSuspended)
}

// powerFailure is the summary and detail of a failed suspend or resume. fix is
// what to change when the plan cannot be suspended at all ("" to say nothing).
func powerFailure(id, region, target string, err error, fix string) (string, string) {
	verb := "suspend"
	if target == powerRunning {
		verb = "resume"
	}
	detail := fmt.Sprintf("Could not %s cluster %s in region %s: %s", verb, id, region, clientError(err))
	switch {
	case errors.Is(err, zilliz.ErrPaymentRequired):
		detail += "\n\nResuming a cluster needs a payment method on the Zilliz Cloud account (code 80007). " +
			"Add one in the Zilliz Cloud console (Billing), then apply again."
	case errors.Is(err, zilliz.ErrServerlessUnsupported):
		detail += "\n\nServerless and Free clusters cannot be suspended or resumed (code 80021, or 96021/96022 on v2)"
		if fix != "" {
			detail += ": " + fix
		}
		detail += "."
	}
	return "Unable to " + verb + " cluster", detail
}

// suspendAfterCreate suspends a cluster created with desired_status =
// "SUSPENDED". A failure is a warning, not an error: an error in Create would
// taint a cluster that is fine, and the next apply would replace it. State
// keeps desired_status "SUSPENDED"; the next refresh sees the cluster running,
// so the next plan shows the change and the next apply suspends it.
func (r *clusterResource) suspendAfterCreate(ctx context.Context, m *clusterModel, st *tfsdk.State) diag.Diagnostics {
	diags := st.Set(ctx, m)
	if diags.HasError() {
		return diags
	}
	c, more := r.setPower(ctx, m, powerSuspended, st, powerReport{severity: diag.SeverityWarning,
		more: "\n\nThe cluster was created and is recorded in state. The next plan shows desired_status changing to " +
			"\"SUSPENDED\" if it is not suspended by then, and the next apply suspends it."})
	diags.Append(more...)
	if c == nil {
		return diags
	}
	applyCluster(m, c)
	return append(diags, st.Set(ctx, m)...)
}

// powerUpdate carries an update's power steps around its resize.
type powerUpdate struct {
	steps     powerSteps
	suspended bool                   // as last seen
	last      *zilliz.ClusterSummary // the last cluster seen, if any
}

// powerBeforeResize looks at the cluster when the update changes its power
// state, and resumes it when a resize needs it running.
func (r *clusterResource) powerBeforeResize(ctx context.Context, plan, state clusterModel, st *tfsdk.State) (*powerUpdate, diag.Diagnostics) {
	pu := &powerUpdate{steps: planPowerSteps(plan, state)}
	if pu.steps.target == "" {
		return pu, nil
	}
	var diags diag.Diagnostics
	region, id := r.regionOf(state), state.ID.ValueString()
	c, err := r.settle(ctx, region, id)
	if err != nil {
		diags.AddError("Unable to read cluster", fmt.Sprintf("Describing cluster %s in region %s failed: %s", id, region, clientError(err)))
		return nil, diags
	}
	pu.last, pu.suspended = c, c.Suspended()
	if !pu.suspended || plan.CUSize.Equal(state.CUSize) {
		return pu, nil
	}
	m := state
	m.Timeouts = plan.Timeouts
	if pu.steps.target == powerRunning {
		m.DesiredStatus = plan.DesiredStatus
	}
	c, diags = r.setPower(ctx, &m, powerRunning, st, powerReport{severity: diag.SeverityError,
		more: "\n\nThe cluster is suspended, and cu_size can only change on a running cluster."})
	if c == nil {
		return nil, diags
	}
	pu.last, pu.suspended = c, false
	return pu, diags
}

// powerAfterResize brings the cluster to the update's target power state and
// fills in m what the plan left unknown from the last cluster seen (settle), so
// the result matches the plan.
func (r *clusterResource) powerAfterResize(ctx context.Context, m *clusterModel, pu *powerUpdate, st *tfsdk.State) diag.Diagnostics {
	if pu.last != nil {
		settle(m, pu.last)
	}
	if t := pu.steps.target; t == "" || (t == powerSuspended) == pu.suspended {
		return nil
	}
	c, diags := r.setPower(ctx, m, pu.steps.target, st, powerReport{severity: diag.SeverityError})
	if c == nil {
		return diags
	}
	m.Status = types.StringValue(c.Status) // setPower recorded the transitional status; planned unknown
	settle(m, c)
	return diags
}
