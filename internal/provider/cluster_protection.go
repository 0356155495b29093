package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// deletion_protection fails at plan time every plan that would drop a
// protected cluster, so a run that would drop one never reaches its apply and
// drops nothing else either. Delete refuses too, for what a plan cannot see.

const protectedSummary = "Cluster is protected from deletion"

// protectedDetail is the diagnostic for a drop of a protected cluster: what,
// where, and the two ways out.
func protectedDetail(state clusterModel, why string) string {
	return fmt.Sprintf("Cluster %s (%q, region %s) has deletion_protection = true in state, and %s.\n\n"+
		"Nothing was dropped. To drop it, set deletion_protection = false, apply that change on its own "+
		"(an in-place update that calls no API), then run this again. To stop managing it without dropping it, "+
		"replace its resource block with a `removed` block with lifecycle { destroy = false }.",
		state.ID.ValueString(), state.ClusterName.ValueString(), state.RegionID.ValueString(), why)
}

// planDestroy handles a plan that drops the cluster (destroy, plan -destroy,
// a resource removed from the configuration): an error for a protected
// cluster, a warning for a serverless one.
func (r *clusterResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	// Two attributes first: decoding the whole state for every cluster of a
	// large destroy is most of this method's cost.
	var protected types.Bool
	var clusterPlan types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("deletion_protection"), &protected)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("plan"), &clusterPlan)...)
	if resp.Diagnostics.HasError() || (!protected.ValueBool() && !zilliz.IsServerlessPlan(clusterPlan.ValueString())) {
		return
	}
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	switch {
	case resp.Diagnostics.HasError():
	case protected.ValueBool():
		resp.Diagnostics.AddError(protectedSummary, protectedDetail(state, "this plan destroys it"))
	default:
		resp.Diagnostics.AddWarning("Serverless cluster may not be dropped", serverlessDestroyWarning(state))
	}
}

// planReplaceProtection fails a plan that replaces a protected cluster because
// a forcing attribute changes.
func planReplaceProtection(state clusterModel, replaced []string) diag.Diagnostics {
	var diags diag.Diagnostics
	if state.DeletionProtection.ValueBool() && len(replaced) > 0 {
		diags.AddError(protectedSummary,
			protectedDetail(state, "this plan replaces it ("+replacementReason(replaced)+"), which drops it"))
	}
	return diags
}

// A replacement Terraform decides on its own (`-replace=ADDR`) is invisible in
// the plan call that sees the prior state: nothing differs. Terraform then
// plans the new object in a second call, with a null prior state but with the
// private data the first call returned. So the first call leaves a note of the
// prior cluster there, and a null-prior call that finds it is a replacement.
// (A tainted object is planned in one call with neither prior state nor private
// data: that replacement cannot be seen at plan time, and Delete refuses it.)
const replaceNoteKey = "prior_cluster"

type replaceNote struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
}

// Only errors can be raised there: Terraform keeps the errors of that second
// call but drops its warnings, so the -replace of a Serverless cluster cannot
// be warned about at plan time.

// leaveReplaceNote records a protected prior cluster in the planned private
// data; replaced says whether this call already saw (and refused) the replacement.
func leaveReplaceNote(ctx context.Context, state clusterModel, replaced []string, private privateSetter) diag.Diagnostics {
	var note []byte // nil removes the key
	if len(replaced) == 0 && state.DeletionProtection.ValueBool() {
		note, _ = json.Marshal(replaceNote{ID: state.ID.ValueString(), Name: state.ClusterName.ValueString(),
			Region: state.RegionID.ValueString()})
	}
	return private.SetKey(ctx, replaceNoteKey, note)
}

// planForcedReplace runs in a plan call without prior state: a create, or the
// new half of a replacement, which the note left by the first call reveals.
func planForcedReplace(ctx context.Context, private privateGetter) diag.Diagnostics {
	raw, diags := private.GetKey(ctx, replaceNoteKey)
	var note replaceNote
	if len(raw) == 0 || json.Unmarshal(raw, &note) != nil {
		return diags
	}
	prior := clusterModel{ID: types.StringValue(note.ID), ClusterName: types.StringValue(note.Name),
		RegionID: types.StringValue(note.Region)}
	diags.AddError(protectedSummary, protectedDetail(prior, "this plan replaces it (-replace), which drops it"))
	return diags
}

// refuseProtectedDelete is Delete's second line of defence: true (and an
// error) when the cluster is protected.
func refuseProtectedDelete(state clusterModel, resp *resource.DeleteResponse) bool {
	if !state.DeletionProtection.ValueBool() {
		return false
	}
	resp.Diagnostics.AddError(protectedSummary, protectedDetail(state,
		"the apply reached its drop (a replacement Terraform planned without asking the provider, such as that of a tainted cluster)"))
	return true
}
