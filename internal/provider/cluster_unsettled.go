package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// replaceDying plans the replacement of a cluster being deleted (a drop was
// accepted: by a destroy that timed out or was interrupted, or out of band):
// it cannot be kept, so a plan that shows no change would pass a drift check
// (plan -detailed-exitcode) while the configured cluster disappears. The
// apply's delete waits for the deletion under way without a second drop, then
// its create makes the cluster anew. A protected cluster is left alone:
// Delete refuses it, and its deletion is none of this plan's doing.
func replaceDying(plan *clusterModel, state clusterModel) bool {
	if state.Status.ValueString() != zilliz.StatusDeleting || state.DeletionProtection.ValueBool() {
		return false
	}
	plan.Status = types.StringUnknown()
	return true
}

// warnUnsettled warns when the refreshed cluster is being deleted (replaced:
// the plan replaces it, see replaceDying) or is still being created: the plan
// would otherwise say nothing of a cluster that is about to disappear or is
// not usable yet.
func warnUnsettled(state clusterModel, replaced bool) diag.Diagnostics {
	var diags diag.Diagnostics
	id, region := state.ID.ValueString(), state.RegionID.ValueString()
	switch state.Status.ValueString() {
	case zilliz.StatusDeleting:
		next := "This plan replaces it: the apply waits until it is deleted (no second drop is sent), then creates " +
			"a new cluster from the configuration. To keep the old one instead, do not apply: once it is DELETED, " +
			"restore it from the recycle bin in the Zilliz Cloud console (within 30 days), then import it."
		if !replaced {
			next = "It has deletion_protection, so this plan leaves it alone: once it is DELETED, the next refresh " +
				"removes it from state and the next apply creates a new cluster in its place. A dropped cluster can " +
				"be restored from the recycle bin in the Zilliz Cloud console within 30 days; restore it first if it " +
				"should stay, then import it."
		}
		diags.AddWarning("Cluster is being deleted",
			fmt.Sprintf("Cluster %s (region %s) is DELETING: a drop was accepted earlier (for example by a destroy that was "+
				"interrupted or timed out, or in the console), and it cannot be stopped. %s", id, region, next))
	case zilliz.StatusCreating, zilliz.StatusInitializing:
		diags.AddWarning("Cluster is still being created",
			fmt.Sprintf("Cluster %s (region %s) is %s: it exists but is not ready for use yet, as the apply that "+
				"created it stopped waiting for it (its wait was interrupted or timed out).", id, region, state.Status.ValueString()))
	}
	return diags
}

// warnFailed warns, on every refresh, of a cluster that has failed (ABNORMAL,
// FROZEN): a plan would otherwise say "No changes" about it. It is said by Read,
// as a tainted cluster (a create that ended ABNORMAL) is planned without its
// prior state, where ModifyPlan cannot see it.
func warnFailed(c *zilliz.ClusterSummary, diags *diag.Diagnostics) {
	if !c.Failed() {
		return
	}
	why := "the cluster exists but is broken"
	if c.Status == zilliz.StatusFrozen {
		why = "the account is frozen, for example for an unpaid bill"
	}
	diags.AddWarning("Cluster is "+c.Status,
		fmt.Sprintf("Cluster %s (%s, region %s) is %s: %s. Terraform cannot repair it; Zilliz Cloud's console or support "+
			"can tell why. It still exists (and may be billed), so it stays in state.", c.ID, c.Name, c.RegionID, c.Status, why))
}
