package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
)

var (
	_ action.Action              = (*clusterSuspendAction)(nil)
	_ action.ActionWithConfigure = (*clusterSuspendAction)(nil)
)

// NewClusterSuspendAction is the zilliz_cluster_suspend action.
func NewClusterSuspendAction() action.Action { return &clusterSuspendAction{} }

type clusterSuspendAction struct{ actionBase }

func (a *clusterSuspendAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_suspend"
}

func (a *clusterSuspendAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Suspends a dedicated cluster (a suspended cluster costs storage but no compute) and waits until it " +
			"is `SUSPENDED`. A cluster on its way somewhere is waited for first; one already suspended is left " +
			"alone; one being deleted is an error at once. Serverless and Free clusters cannot be suspended " +
			"(80021): refused without a request. For a cluster Terraform manages, " +
			"set its `desired_status` instead: this action is for clusters outside the configuration, run by " +
			"`terraform apply -invoke` or from a resource's `lifecycle { action_trigger ... }`.",
		Attributes: clusterActionAttributes("suspended", defaultUpdateTimeout),
	}
}

func (a *clusterSuspendAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	a.invokePower(ctx, powerSuspended, req, resp)
}
