package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
)

var (
	_ action.Action              = (*clusterResumeAction)(nil)
	_ action.ActionWithConfigure = (*clusterResumeAction)(nil)
)

// NewClusterResumeAction is the zilliz_cluster_resume action.
func NewClusterResumeAction() action.Action { return &clusterResumeAction{} }

type clusterResumeAction struct{ actionBase }

func (a *clusterResumeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster_resume"
}

func (a *clusterResumeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Resumes a suspended dedicated cluster and waits until it is `RUNNING`. A cluster on its way " +
			"somewhere is waited for first; one already running is left alone; one being deleted is an error at " +
			"once. Resuming needs a payment method on" +
			" the account (80007). For a cluster Terraform manages, set its `desired_status` instead: this action" +
			" is for clusters outside the configuration, run by `terraform apply -invoke` or from a resource's " +
			"`lifecycle { action_trigger ... }`.",
		Attributes: clusterActionAttributes("running", defaultUpdateTimeout),
	}
}

func (a *clusterResumeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	a.invokePower(ctx, powerRunning, req, resp)
}
