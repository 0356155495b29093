package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// warnUnsettled warns when the refreshed cluster is being deleted or is still
// being created: otherwise the plan says "No changes" about a cluster that is
// about to disappear (after a cancelled destroy) or is not usable yet.
func warnUnsettled(state clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	id, region := state.ID.ValueString(), state.RegionID.ValueString()
	switch state.Status.ValueString() {
	case zilliz.StatusDeleting:
		diags.AddWarning("Cluster is being deleted",
			fmt.Sprintf("Cluster %s (region %s) is DELETING: a drop was accepted earlier (for example by a destroy that was "+
				"interrupted or timed out), and it cannot be stopped. The cluster will disappear: once it is DELETED, "+
				"the next refresh removes it from state and the next apply creates a new cluster in its place. "+
				"A dropped cluster can be restored from the recycle bin in the Zilliz Cloud console within 30 days; "+
				"restore it first if it should stay, then import it.", id, region))
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
