package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// warnUnsettled warns when the refreshed cluster is being deleted or is still
// being created: otherwise the plan says "No changes" about a cluster that is
// about to disappear (after a cancelled destroy) or is not usable yet.
func warnUnsettled(state clusterModel, resp *resource.ModifyPlanResponse) {
	id, region := state.ID.ValueString(), state.RegionID.ValueString()
	switch state.Status.ValueString() {
	case zilliz.StatusDeleting:
		resp.Diagnostics.AddWarning("Cluster is being deleted",
			fmt.Sprintf("Cluster %s (region %s) is DELETING: a drop was accepted earlier (for example by a destroy that was "+
				"interrupted or timed out), and it cannot be stopped. The cluster will disappear: once it is DELETED, "+
				"the next refresh removes it from state and the next apply creates a new cluster in its place. "+
				"A dropped cluster can be restored from the recycle bin in the Zilliz Cloud console within 30 days; "+
				"restore it first if it should stay, then import it.", id, region))
	case zilliz.StatusCreating, zilliz.StatusInitializing:
		resp.Diagnostics.AddWarning("Cluster is still being created",
			fmt.Sprintf("Cluster %s (region %s) is %s: it exists but is not ready for use yet, as the apply that "+
				"created it stopped waiting for it (its wait was interrupted or timed out).", id, region, state.Status.ValueString()))
	}
}
