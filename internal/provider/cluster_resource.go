package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// Default operation timeouts, overridable in the timeouts block.
const (
	defaultCreateTimeout = 30 * time.Minute
	defaultUpdateTimeout = 30 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

var (
	_ resource.Resource                   = (*clusterResource)(nil)
	_ resource.ResourceWithConfigure      = (*clusterResource)(nil)
	_ resource.ResourceWithImportState    = (*clusterResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*clusterResource)(nil)
	_ resource.ResourceWithValidateConfig = (*clusterResource)(nil)
)

// NewClusterResource is the zilliz_cluster resource.
func NewClusterResource() resource.Resource { return &clusterResource{} }

type clusterResource struct{ data *providerData }

type clusterModel struct {
	ID                 types.String   `tfsdk:"id"`
	ClusterName        types.String   `tfsdk:"cluster_name"`
	ProjectID          types.String   `tfsdk:"project_id"`
	Plan               types.String   `tfsdk:"plan"`
	CUSize             types.Int64    `tfsdk:"cu_size"`
	CUType             types.String   `tfsdk:"cu_type"`
	RegionID           types.String   `tfsdk:"region_id"`
	Status             types.String   `tfsdk:"status"`
	ConnectAddress     types.String   `tfsdk:"connect_address"`
	PrivateLinkAddress types.String   `tfsdk:"private_link_address"`
	CreateTime         types.String   `tfsdk:"create_time"`
	Username           types.String   `tfsdk:"username"`
	Password           types.String   `tfsdk:"password"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

var (
	plans   = []string{zilliz.PlanStandard, zilliz.PlanEnterprise, zilliz.PlanServerless, zilliz.PlanFree}
	cuTypes = []string{zilliz.CUTypePerformance, zilliz.CUTypeCapacity, zilliz.CUTypeCost}
)

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Zilliz Cloud cluster. `terraform destroy` drops it (to the recycle bin, for 30 days) and " +
			"waits until it is gone. Serverless and free clusters cannot be dropped through the API: destroying one fails " +
			"with a diagnostic that says how to retire it, and the cluster stays in state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The cluster id, such as `in01-3e5ad8adc38c3b8`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"cluster_name": schema.StringAttribute{
				MarkdownDescription: "Name of the cluster, 1 to 32 characters. Changing it creates a new cluster.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 32)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "Id of the project that holds the cluster, such as `proj-4487580fcfe2c8a4391686`. " +
					"Changing it creates a new cluster.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(projectIDPattern, "must look like proj-<letters and digits>")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"plan": schema.StringAttribute{
				MarkdownDescription: "Plan of the cluster: `Standard` or `Enterprise` (dedicated), `Serverless` or `Free`. " +
					"Changing it creates a new cluster.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(plans...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"cu_size": schema.Int64Attribute{
				MarkdownDescription: "Number of compute units, 1 to 256. Required for dedicated plans (`Standard`, `Enterprise`); " +
					"must be unset for `Serverless` and `Free`. Changed in place.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 256)},
			},
			"cu_type": schema.StringAttribute{
				MarkdownDescription: "Compute unit type of a dedicated cluster: `Performance-optimized` (the default), " +
					"`Capacity-optimized` or `Cost-optimized`. Must be unset for `Serverless` and `Free`. " +
					"Changing it creates a new cluster.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(cuTypes...)},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace(),
				},
			},
			"region_id": schema.StringAttribute{
				MarkdownDescription: "Cloud region of the cluster, such as `aws-us-west-2`. Defaults to the provider's " +
					"`cloud_region`. Every call about the cluster goes to this region's endpoint. Changing it creates a new cluster.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{regionIDValidator{}},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace(),
				},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status reported by the API, such as `RUNNING`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"connect_address": schema.StringAttribute{
				MarkdownDescription: "Public endpoint of the cluster.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"private_link_address": schema.StringAttribute{
				MarkdownDescription: "Private link endpoint of the cluster; empty when none is set up.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "Creation time, RFC 3339 in UTC.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Name of the cluster's initial user. Returned only when the cluster is created: " +
					"null for imported clusters.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password of the cluster's initial user. Returned only when the cluster is created: " +
					"it cannot be imported, and is null for imported clusters.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *clusterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", req.ProviderData))
		return
	}
	r.data = data
}

// ValidateConfig checks what single-attribute validators cannot: which attributes each plan allows.
func (r *clusterResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg clusterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Plan.IsNull() || cfg.Plan.IsUnknown() {
		return
	}
	plan := cfg.Plan.ValueString()
	if zilliz.IsServerlessPlan(plan) {
		if !cfg.CUSize.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("cu_size"), "cu_size not allowed for this plan",
				fmt.Sprintf("cu_size is %s, but plan %q has no compute units: remove cu_size, or use plan \"Standard\" or \"Enterprise\".",
					cfg.CUSize.String(), plan))
		}
		if !cfg.CUType.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("cu_type"), "cu_type not allowed for this plan",
				fmt.Sprintf("cu_type is %s, but plan %q has no compute units: remove cu_type, or use plan \"Standard\" or \"Enterprise\".",
					cfg.CUType.String(), plan))
		}
		return
	}
	if cfg.CUSize.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("cu_size"), "cu_size required for this plan",
			fmt.Sprintf("plan %q is a dedicated plan: set cu_size to a number of compute units from 1 to 256.", plan))
	}
}

// ModifyPlan fills defaults that depend on other attributes or on the provider, and
// warns before anything is applied when a plan would destroy a serverless cluster.
func (r *clusterResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() { // destroy
		// Only the plan attribute first: decoding the whole state for every
		// cluster of a large destroy is most of this method's cost.
		var clusterPlan types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("plan"), &clusterPlan)...)
		if resp.Diagnostics.HasError() || !zilliz.IsServerlessPlan(clusterPlan.ValueString()) {
			return
		}
		var state clusterModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddWarning("Serverless cluster cannot be dropped", serverlessDropDetail(state, "This plan destroys"))
		}
		return
	}
	var plan clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.RegionID.IsUnknown() && r.data != nil {
		if r.data.region == "" {
			resp.Diagnostics.AddAttributeError(path.Root("region_id"), "No region for the cluster",
				"region_id is not set and the provider has no default region: set region_id, the provider's cloud_region, or "+
					EnvCloudRegion+".")
			return
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("region_id"), r.data.region)...)
	}
	if plan.CUType.IsUnknown() && !plan.Plan.IsUnknown() {
		cuType := types.StringValue(zilliz.CUTypePerformance)
		if zilliz.IsServerlessPlan(plan.Plan.ValueString()) {
			cuType = types.StringNull()
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("cu_type"), cuType)...)
	}
	if !req.State.Raw.IsNull() && len(resp.RequiresReplace) > 0 {
		var state clusterModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if zilliz.IsServerlessPlan(state.Plan.ValueString()) {
			resp.Diagnostics.AddWarning("Serverless cluster cannot be dropped", serverlessDropDetail(state, "This plan replaces"))
		}
	}
}

func (r *clusterResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	region := plan.RegionID.ValueString()
	opts := zilliz.ClusterCreateOptions{
		Name:      plan.ClusterName.ValueString(),
		ProjectID: plan.ProjectID.ValueString(),
		Plan:      plan.Plan.ValueString(),
	}
	if !zilliz.IsServerlessPlan(opts.Plan) {
		opts.CUSize, opts.CUType = plan.CUSize.ValueInt64(), plan.CUType.ValueString()
	}
	created, err := r.data.client.Clusters.Create(ctx, region, opts)
	if err != nil {
		detail := fmt.Sprintf("Creating cluster %q in region %s failed: %v", opts.Name, region, err)
		if errors.Is(err, zilliz.ErrNameExists) {
			detail += "\n\nA cluster with this name already exists in the region. Choose another cluster_name, or import the existing cluster."
		}
		resp.Diagnostics.AddError("Unable to create cluster", detail)
		return
	}
	plan.ID = types.StringValue(created.ClusterID)
	plan.Username, plan.Password = types.StringNull(), types.StringNull()
	if created.Recovered {
		resp.Diagnostics.AddWarning("Cluster password unknown",
			fmt.Sprintf("The answer to the create request was lost; cluster %s was found by name and recorded, but its "+
				"username and password could not be recovered. Reset the password in the Zilliz Cloud console.", created.ClusterID))
	} else {
		plan.Username, plan.Password = types.StringValue(created.Username), types.StringValue(created.Password)
	}
	tflog.Info(ctx, "created cluster; waiting for RUNNING", map[string]any{"cluster_id": created.ClusterID, "region": region})

	// Record the cluster before waiting: whatever happens next, it exists and must be in state.
	plan.Status = types.StringValue("CREATING")
	plan.ConnectAddress, plan.PrivateLinkAddress, plan.CreateTime = types.StringValue(""), types.StringValue(""), types.StringValue("")
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	cluster, err := r.data.client.Clusters.WaitCreated(ctx, region, created.ClusterID)
	if err != nil {
		resp.Diagnostics.AddError("Cluster did not become ready",
			fmt.Sprintf("Cluster %s was created in region %s but did not reach RUNNING within %s: %v\n\n"+
				"It is recorded in state and marked tainted: the next apply replaces it, and destroy drops it.",
				created.ClusterID, region, timeout, err))
		return
	}
	applyCluster(&plan, cluster)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *clusterResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := r.regionOf(state)
	id := state.ID.ValueString()
	cluster, err := r.data.client.Clusters.Lookup(ctx, region, id)
	switch {
	case zilliz.IsNotFound(err):
		tflog.Warn(ctx, "cluster no longer exists; removing it from state", map[string]any{
			"cluster_id": id, "region": region, "code": zilliz.CodeOf(err)})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read cluster", fmt.Sprintf("Describing cluster %s in region %s failed: %v", id, region, err))
		return
	case cluster.Deleted():
		tflog.Warn(ctx, "cluster is DELETED (in the recycle bin); removing it from state", map[string]any{"cluster_id": id, "region": region})
		resp.State.RemoveResource(ctx)
		return
	}
	state.RegionID = types.StringValue(region)
	applyCluster(&state, cluster)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *clusterResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	region, id := r.regionOf(state), state.ID.ValueString()
	if !plan.CUSize.Equal(state.CUSize) {
		if err := r.data.client.Clusters.Modify(ctx, region, id, plan.CUSize.ValueInt64()); err != nil {
			resp.Diagnostics.AddError("Unable to modify cluster",
				fmt.Sprintf("Changing cu_size of cluster %s in region %s to %d failed: %v", id, region, plan.CUSize.ValueInt64(), err))
			return
		}
		// The API accepted the new size: record it before waiting, so that a wait
		// that fails or is interrupted leaves state saying what the cluster is
		// becoming rather than what it was (the next plan then shows no change).
		accepted := state
		accepted.CUSize, accepted.Timeouts = plan.CUSize, plan.Timeouts
		accepted.Status = types.StringValue(zilliz.StatusModifying)
		resp.Diagnostics.Append(resp.State.Set(ctx, accepted)...)
		if resp.Diagnostics.HasError() {
			return
		}
		cluster, err := r.data.client.Clusters.WaitModified(ctx, region, id)
		if err != nil {
			resp.Diagnostics.AddError("Cluster did not finish modifying",
				fmt.Sprintf("Cluster %s in region %s accepted cu_size %d but did not return to RUNNING within %s: %v",
					id, region, plan.CUSize.ValueInt64(), timeout, err))
			return
		}
		applyCluster(&plan, cluster)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	region, id := r.regionOf(state), state.ID.ValueString()
	err := r.data.client.Clusters.Drop(ctx, region, id)
	switch {
	case zilliz.IsNotFound(err):
		resp.Diagnostics.AddWarning("Cluster already gone",
			fmt.Sprintf("Dropping cluster %s in region %s answered code %d (%s): it no longer exists there, "+
				"so there is nothing left to destroy and it is removed from state.", id, region, zilliz.CodeOf(err), messageOf(err)))
		return
	case errors.Is(err, zilliz.ErrServerlessUnsupported):
		resp.Diagnostics.AddError("Serverless cluster cannot be dropped",
			serverlessDropDetail(state, "Zilliz Cloud refused to drop"))
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to drop cluster",
			fmt.Sprintf("Dropping cluster %s in region %s failed: %v\n\nThe cluster may still exist, so it stays in state.", id, region, err))
		return
	}
	tflog.Info(ctx, "drop accepted; waiting for the cluster to be deleted", map[string]any{"cluster_id": id, "region": region})
	if err := r.data.client.Clusters.WaitDeleted(ctx, region, id); err != nil {
		resp.Diagnostics.AddError("Cluster not deleted in time",
			fmt.Sprintf("The drop of cluster %s in region %s was accepted, but the cluster was not deleted within %s: %v\n\n"+
				"It stays in state. Run destroy again to keep waiting, or raise timeouts.delete.", id, region, timeout, err))
	}
}

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, err := parseClusterImportID(req.ID, r.defaultRegion())
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
}

// regionOf is the cluster's own region: calls about a cluster never follow a changed provider default.
func (r *clusterResource) regionOf(m clusterModel) string {
	if v := m.RegionID.ValueString(); v != "" {
		return v
	}
	return r.defaultRegion()
}

func (r *clusterResource) defaultRegion() string {
	if r.data == nil {
		return ""
	}
	return r.data.region
}

// applyCluster copies a lookup's (a list page's or a describe's) result into the model. The plan is kept as
// configured when the API only differs in letter case.
func applyCluster(m *clusterModel, c *zilliz.ClusterSummary) {
	m.ID = types.StringValue(c.ID)
	m.ClusterName = types.StringValue(c.Name)
	m.ProjectID = types.StringValue(c.ProjectID)
	if !strings.EqualFold(m.Plan.ValueString(), c.Plan) {
		m.Plan = types.StringValue(c.Plan)
	}
	if zilliz.IsServerlessPlan(c.Plan) {
		m.CUSize, m.CUType = types.Int64Null(), types.StringNull()
	} else {
		m.CUSize = types.Int64Value(c.CUSize)
		m.CUType = types.StringValue(c.CUType)
		if c.CUType == "" {
			m.CUType = types.StringNull()
		}
	}
	if c.RegionID != "" {
		m.RegionID = types.StringValue(c.RegionID)
	}
	m.Status = types.StringValue(c.Status)
	m.ConnectAddress = types.StringValue(c.ConnectAddress)
	m.PrivateLinkAddress = types.StringValue(c.PrivateLinkAddress)
	m.CreateTime = types.StringValue(c.CreateTime)
}

func serverlessDropDetail(state clusterModel, lead string) string {
	return fmt.Sprintf("%s cluster %s (region %s, plan %s). It is a serverless cluster, which the Zilliz Cloud API "+
		"cannot drop (code 80021), so it stays in state: it still exists.\n\n"+
		"To retire it, delete it in the Zilliz Cloud console, then remove it from state with "+
		"`terraform state rm <address>` or a `removed` block with `lifecycle { destroy = false }`.",
		lead, state.ID.ValueString(), state.RegionID.ValueString(), state.Plan.ValueString())
}

func messageOf(err error) string {
	var e *zilliz.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
