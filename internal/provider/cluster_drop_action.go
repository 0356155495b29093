package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ action.Action               = (*clusterDropAction)(nil)
	_ action.ActionWithConfigure  = (*clusterDropAction)(nil)
	_ action.ActionWithModifyPlan = (*clusterDropAction)(nil)
)

// NewClusterDropAction is the zilliz_cluster_drop action.
func NewClusterDropAction() action.Action { return &clusterDropAction{} }

type clusterDropAction struct{ actionBase }

type clusterDropModel struct {
	ClusterID   types.String `tfsdk:"cluster_id"`
	RegionID    types.String `tfsdk:"region_id"`
	ClusterName types.String `tfsdk:"cluster_name"`
	Timeout     types.String `tfsdk:"timeout"`
}

func (a *clusterDropAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_drop"
}

func (a *clusterDropAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := clusterActionAttributes("deleted", defaultDeleteTimeout)
	attrs["cluster_name"] = schema.StringAttribute{
		MarkdownDescription: "The cluster's name, exactly as Zilliz Cloud shows it. A guard against dropping the wrong " +
			"id: the cluster is described first, and unless its name is this one nothing is dropped.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Drops a cluster that Terraform does not manage, such as a stray `terraform query` found, " +
			"exactly as destroying a `zilliz_cluster` would: to the recycle bin (for 30 days), then waits until it is " +
			"deleted. The cluster's actual name must equal `cluster_name`, or nothing is sent. A cluster already " +
			"`DELETING` gets no second drop, only the wait; a drop answered 90102 or 80020 is checked by a look, a " +
			"success with a warning once the cluster is confirmed gone and an error while it is still there; a " +
			"serverless cluster the API refuses to drop (80021; 96021/96022 on v2) is an error that says how to retire " +
			"it. A `region_id` the cluster is not in drops nothing (on v2 an error naming its region; on v1 the " +
			"region's 90102, a warning to check `region_id`). For a cluster in state, use `terraform destroy` instead.",
		Attributes: attrs,
	}
}

// ModifyPlan checks the name guard at plan time already, so that a plan that
// would be refused says so before anything of the run is applied. Invoke
// checks it again: the cluster may change between plan and apply.
func (a *clusterDropAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg clusterDropModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || a.data == nil || cfg.ClusterID.IsUnknown() || cfg.ClusterName.IsUnknown() ||
		cfg.RegionID.IsUnknown() {
		return
	}
	t := a.target(cfg.ClusterID, cfg.RegionID, cfg.Timeout, defaultDeleteTimeout, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := a.data.client.Clusters.Describe(ctx, t.region, t.id)
	if err != nil {
		return // gone, or not answered: the invocation looks again and says so
	}
	nameMismatch(t, c, cfg.ClusterName.ValueString(), &resp.Diagnostics)
}

// nameMismatch adds the name guard's error when the cluster is not named name.
func nameMismatch(t clusterTarget, c *zilliz.Cluster, name string, diags *diag.Diagnostics) bool {
	if c.Name == name {
		return false
	}
	diags.AddAttributeError(pathClusterName, "Cluster name does not match",
		fmt.Sprintf("Cluster %s in region %s is named %q, not %q, so nothing was dropped. Check cluster_id, or set "+
			"cluster_name to the name of the cluster you mean to drop.", t.id, t.region, c.Name, name))
	return true
}

func (a *clusterDropAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg clusterDropModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t := a.target(cfg.ClusterID, cfg.RegionID, cfg.Timeout, defaultDeleteTimeout, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()

	name := cfg.ClusterName.ValueString()
	c, err := a.data.client.Clusters.Describe(ctx, t.region, t.id)
	switch {
	case inOtherRegion(err) != "":
		resp.Diagnostics.AddAttributeError(path.Root("region_id"), "Cluster in another region",
			fmt.Sprintf("Cluster %s is in region %s, not %s: nothing was dropped. Set region_id = %q to drop it.",
				t.id, inOtherRegion(err), t.region, inOtherRegion(err)))
		return
	case zilliz.IsNotFound(err):
		detail := fmt.Sprintf("Cluster %s was not found in region %s (code %d: %s): there is nothing to drop.",
			t.id, t.region, zilliz.CodeOf(err), messageOf(err))
		switch zilliz.CodeOf(err) {
		case zilliz.CodeClusterNotFound:
			detail += " Code 80020 also means that this API key has no permission on the cluster: if it should exist, " +
				"check that the key belongs to its organization and project."
		case zilliz.CodeNotInRegion:
			detail += " Code 90102 also means that the cluster is in another region: if it should exist, check region_id."
		}
		resp.Diagnostics.AddWarning("Cluster already gone", detail)
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to drop cluster",
			fmt.Sprintf("Describing cluster %s in region %s, to check its name before the drop, failed: %s\n\nNothing was dropped.",
				t.id, t.region, codeNamed(err)))
		return
	case nameMismatch(t, c, name, &resp.Diagnostics):
		return
	case c.Deleted():
		resp.Diagnostics.AddWarning("Cluster already deleted",
			fmt.Sprintf("Cluster %s (%q) in region %s is already DELETED (in the recycle bin): there is nothing to drop.",
				t.id, name, t.region))
		return
	}

	doing := "Dropping cluster %s (%q) in region %s, then waiting until it is deleted"
	if c.Status == zilliz.StatusDeleting {
		doing = "Cluster %s (%q) in region %s is already being deleted: waiting until it is deleted, with no second drop"
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(doing, t.id, name, t.region)})
	var d zilliz.Destroyed
	err = waitWithProgress(resp.SendProgress, "cluster "+t.id+" to be deleted", func() error {
		var derr error
		d, derr = destroyCluster(ctx, a.data.client, t.region, t.id, c)
		return derr
	})
	switch {
	case err == nil && d.AlreadyGone != "":
		resp.Diagnostics.AddWarning("Cluster already gone",
			fmt.Sprintf("Cluster %s in region %s was not dropped: %s, so there is nothing to drop.", t.id, t.region, d.AlreadyGone))
		return
	case errors.Is(err, zilliz.ErrServerlessUnsupported):
		resp.Diagnostics.AddError("Serverless cluster drop refused",
			fmt.Sprintf("Zilliz Cloud refused to drop cluster %s (%q, region %s, plan %s) with code %d: the API does not "+
				"drop this serverless cluster, and it still exists.\n\nTo retire it, delete it in the Zilliz Cloud console.",
				t.id, name, t.region, c.Plan, zilliz.CodeOf(err)))
		return
	case err != nil && !d.Accepted():
		resp.Diagnostics.AddError("Unable to drop cluster",
			fmt.Sprintf("Dropping cluster %s in region %s failed: %s\n\nThe cluster may still exist.", t.id, t.region, codeNamed(err)))
		return
	case err != nil:
		accepted := "The drop of"
		if d.Deleting {
			accepted = "An earlier drop of" // no second drop was sent
		}
		waitFailed(ctx, accepted, "deleted", t, err, &resp.Diagnostics)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Cluster %s is deleted", t.id)})
}

// destroyCluster drops the cluster and waits, as the zilliz_cluster resource's
// Delete does: both call zilliz.Clusters.Destroy, the one definition of a drop
// (a cluster already DELETING gets no second drop, only a wait; "gone" is
// confirmed by a look). c is the cluster as the name check just described it.
func destroyCluster(ctx context.Context, client *zilliz.Client, region, id string, c *zilliz.Cluster) (zilliz.Destroyed, error) {
	return client.Clusters.Destroy(ctx, region, id, zilliz.DestroyOptions{ProjectID: c.ProjectID, LastStatus: c.Status})
}

var pathClusterName = path.Root("cluster_name")

// inOtherRegion is the region a cluster answered "not found" is known to be
// in instead (v2 describes clusters of every region), or "".
func inOtherRegion(err error) string {
	if e := (*zilliz.Error)(nil); errors.As(err, &e) {
		return e.InRegion
	}
	return ""
}
