package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// Default operation timeouts, overridable in the timeouts block.
const (
	defaultCreateTimeout = 30 * time.Minute
	defaultUpdateTimeout = 30 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

// shortDuration is d as a timeouts block takes it: "30m" rather than "30m0s",
// "2h" rather than "2h0m0s"; only zero units at the end go.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

var (
	_ resource.Resource                   = (*clusterResource)(nil)
	_ resource.ResourceWithConfigure      = (*clusterResource)(nil)
	_ resource.ResourceWithImportState    = (*clusterResource)(nil)
	_ resource.ResourceWithIdentity       = (*clusterResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*clusterResource)(nil)
	_ resource.ResourceWithValidateConfig = (*clusterResource)(nil)
	_ resource.ResourceWithUpgradeState   = (*clusterResource)(nil)
)

// clusterSchemaVersion is the version of zilliz_cluster's state. Version 1
// added nothing to version 0's attributes; it exists so that builds older than
// deletion_protection refuse the state instead of reading it without the
// attribute and writing it back unprotected.
const clusterSchemaVersion = 1

// NewClusterResource is the zilliz_cluster resource.
func NewClusterResource() resource.Resource { return &clusterResource{} }

type clusterResource struct{ data *providerData }

type clusterModel struct {
	ID                 types.String   `tfsdk:"id"`
	ClusterName        types.String   `tfsdk:"cluster_name"`
	ProjectID          types.String   `tfsdk:"project_id"`
	Plan               types.String   `tfsdk:"plan"`
	CUSize             cuSize         `tfsdk:"cu_size"`
	CUType             types.String   `tfsdk:"cu_type"`
	RegionID           types.String   `tfsdk:"region_id"`
	Status             types.String   `tfsdk:"status"`
	ConnectAddress     types.String   `tfsdk:"connect_address"`
	PrivateLinkAddress types.String   `tfsdk:"private_link_address"`
	CreateTime         types.String   `tfsdk:"create_time"`
	Username           types.String   `tfsdk:"username"`
	Password           types.String   `tfsdk:"password"`
	DeletionProtection types.Bool     `tfsdk:"deletion_protection"`
	DesiredStatus      types.String   `tfsdk:"desired_status"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

var (
	plans   = []string{zilliz.PlanStandard, zilliz.PlanEnterprise, zilliz.PlanServerless, zilliz.PlanFree}
	cuTypes = []string{zilliz.CUTypePerformance, zilliz.CUTypeCapacity, zilliz.CUTypeCost, zilliz.CUTypeTiered}
)

func (r *clusterResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (r *clusterResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Version: clusterSchemaVersion,
		MarkdownDescription: "A Zilliz Cloud cluster. `terraform destroy` drops it (to the recycle bin, for 30 days) and " +
			"waits until it is gone. If Zilliz Cloud refuses to drop a serverless or free cluster (80021, or 96021/96022 on v2), destroying it " +
			"fails with a diagnostic that says how to retire it, and the cluster stays in state.",
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
				CustomType: cuSizeType{},
				Validators: []validator.Int64{int64validator.Between(1, 256)},
			},
			"cu_type": schema.StringAttribute{
				MarkdownDescription: "Compute unit type of a dedicated cluster: `Performance-optimized` (the default), " +
					"`Capacity-optimized`, `Cost-optimized` (listed by v1's older reference pages) or `Tiered-storage` " +
					"(listed by v2's reference). The references disagree, so any of the four is accepted under either " +
					"API version and the API decides. Must be unset for `Serverless` and `Free`. " +
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
				Validators: []validator.String{regionIDValidator},
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
				MarkdownDescription: "Private link endpoint of the cluster; an empty string (`\"\"`, which `terraform state show` " +
					"prints as `null`) when none is set up, as in the `zilliz_cluster` data source.",
				Computed:      true,
				PlanModifiers: keep,
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
			"deletion_protection": schema.BoolAttribute{
				MarkdownDescription: "While `true` in state, every plan that would drop the cluster fails at plan time, " +
					"before anything of the run is applied: `terraform destroy`, `plan -destroy`, removing the resource " +
					"from the configuration, `-replace`, or a change that forces a new cluster. Delete refuses too. " +
					"Kept in state only (no API call): turning it on or off is an in-place update. A `removed` block with " +
					"`lifecycle { destroy = false }` still forgets a protected cluster without dropping it. " +
					"Defaults to `false`; import sets it to `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"desired_status": schema.StringAttribute{
				MarkdownDescription: "Power state to keep the cluster in: `RUNNING` or `SUSPENDED` (a suspended cluster " +
					"costs storage but no compute). Unset, Terraform does not manage the power state, and a cluster " +
					"suspended in the console is no change. Set, apply suspends or resumes the cluster and waits within " +
					"the update timeout, and a cluster suspended or resumed out of band shows as a change. `STOPPED` " +
					"counts as `SUSPENDED`. Serverless and Free clusters cannot be suspended. Resuming needs a payment " +
					"method on the account.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(powerRunning, powerSuspended)},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true,
				CreateDescription: "How long a create waits for the cluster to be `RUNNING`, such as `\"45m\"`; default `" +
					shortDuration(defaultCreateTimeout) + "`. A create whose wait ends early (timeout or Ctrl-C) keeps the cluster in " +
					"state, untainted, with a warning; the next apply finishes the wait.",
				UpdateDescription: "How long an update waits for the cluster to return to `RUNNING` after a `cu_size` change " +
					"(or to finish a create's wait); default `" + shortDuration(defaultUpdateTimeout) + "`.",
				DeleteDescription: "How long a destroy waits for the cluster to be deleted; default `" +
					shortDuration(defaultDeleteTimeout) + "`.",
			}),
		},
	}
}

// UpgradeState upgrades version 0 state, whose attributes are version 1's: a
// state written before deletion_protection existed gets it false, as Read does.
func (r *clusterResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	var current resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &current)
	prior := current.Schema
	prior.Version = 0
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: &prior,
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var m clusterModel
				resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
				if resp.Diagnostics.HasError() {
					return
				}
				if m.DeletionProtection.IsNull() {
					m.DeletionProtection = types.BoolValue(false)
				}
				resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
			},
		},
	}
}

func (r *clusterResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what single-attribute validators cannot: which attributes each plan allows.
func (r *clusterResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// Only what the checks read is decoded (the rest stays null): a plan
	// validates every cluster, and decoding the whole model costs more.
	if !wholeCUSize(req, resp) {
		return
	}
	var cfg clusterModel
	for _, a := range []struct {
		name string
		dst  any
	}{{"plan", &cfg.Plan}, {"cu_size", &cfg.CUSize}, {"cu_type", &cfg.CUType}, {"desired_status", &cfg.DesiredStatus}} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(a.name), a.dst)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	validateTimeouts(ctx, req, resp)
	if cfg.Plan.IsNull() || cfg.Plan.IsUnknown() {
		return
	}
	validatePower(cfg, resp)
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

// wholeCUSize refuses a cu_size that is not a whole number (1.5) with a plain
// error: Terraform's number type takes it, and decoding it as an integer fails
// with an error that reads as the provider's bug.
func wholeCUSize(req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) bool {
	raw, _, err := tftypes.WalkAttributePath(req.Config.Raw, tftypes.NewAttributePath().WithAttributeName("cu_size"))
	v, ok := raw.(tftypes.Value)
	if err != nil || !ok || !v.IsKnown() || v.IsNull() {
		return true
	}
	var n big.Float
	if v.As(&n) != nil || n.IsInt() {
		return true
	}
	resp.Diagnostics.AddAttributeError(path.Root("cu_size"), "Invalid cu_size",
		fmt.Sprintf("cu_size is %s: it must be a whole number of compute units from 1 to 256.", n.Text('g', -1)))
	return false
}

// validateTimeouts refuses a timeouts value of zero or less: every wait would
// end at once, and a create would then leave its cluster unfinished every time.
// The timeouts block checks only that a value parses.
func validateTimeouts(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	for _, op := range []string{"create", "update", "delete"} {
		var v types.String
		p := path.Root("timeouts").AtName(op)
		if req.Config.GetAttribute(ctx, p, &v).HasError() || v.IsNull() || v.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(v.ValueString()); err == nil && d <= 0 {
			resp.Diagnostics.AddAttributeError(p, "Invalid timeout",
				fmt.Sprintf("timeouts.%s is %q: it must be a positive duration such as \"30m\" or \"1h\"; leave it unset for "+
					"the default.", op, v.ValueString()))
		}
	}
}

// ModifyPlan fills defaults that depend on other attributes or on the provider,
// and says at plan time what an apply would regret: a drop of a protected
// cluster (an error), the replacement of one the API may not drop, a cluster
// that is being deleted or still created (warnings).
//
// The plan is decoded once into one model, each step below works on that model
// and returns its diagnostics, and the plan is written once at the end: no step
// writes the response's plan itself, so the model is the only plan there is.
func (r *clusterResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, resp)
		return
	}
	// Plan and state are decoded once and handed on: a decode is most of this
	// method's cost, and a refresh of a thousand clusters plans each of them.
	var plan, state clusterModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	proposed := plan
	// A refresh that changed nothing plans the state as it is: no second decode.
	unchanged := req.Plan.Raw.Equal(req.State.Raw)
	if unchanged {
		state = plan
	}
	resp.Diagnostics.Append(r.planDefaults(&plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(planForcedReplace(ctx, req.Private)...)
	} else {
		if !unchanged {
			resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
			if resp.Diagnostics.HasError() {
				return
			}
		}
		planPendingWait(&plan, state, ownPendingWait(ctx, req.Private))
		replaced := replacedAttributes(plan, state)
		resp.Diagnostics.Append(planReplaceProtection(state, replaced)...)
		resp.Diagnostics.Append(warnServerlessReplacement(state, replaced)...)
		resp.Diagnostics.Append(leaveReplaceNote(ctx, state, replaced, resp.Private)...)
		dying := replaceDying(&plan, state)
		if dying {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
			replaced = append(replaced, "status")
		}
		resp.Diagnostics.Append(warnUnsettled(state, dying)...)
		resp.Diagnostics.Append(planPower(&plan, state, replaced)...)
	}
	// Written only when a step changed it: the response starts as the proposed
	// plan, and encoding it again is all a Set would do.
	if !resp.Diagnostics.HasError() && !reflect.DeepEqual(plan, proposed) {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
	}
}

// planDefaults fills region_id from the provider and cu_type from the plan.
func (r *clusterResource) planDefaults(plan *clusterModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if plan.RegionID.IsUnknown() && r.data != nil {
		if r.data.region == "" {
			diags.AddAttributeError(path.Root("region_id"), "No region for the cluster",
				"region_id is not set and the provider has no default region: set region_id, the provider's cloud_region, or "+
					EnvCloudRegion+".")
			return diags
		}
		plan.RegionID = types.StringValue(r.data.region)
	}
	if plan.CUType.IsUnknown() && !plan.Plan.IsUnknown() {
		plan.CUType = types.StringValue(zilliz.CUTypePerformance)
		if zilliz.IsServerlessPlan(plan.Plan.ValueString()) {
			plan.CUType = types.StringNull()
		}
	}
	return diags
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
		detail := fmt.Sprintf("Creating cluster %q in region %s failed: %s", opts.Name, region, clientError(err))
		switch {
		case errors.Is(err, zilliz.ErrOutcomeUnknown):
			detail += fmt.Sprintf("\n\nThe cluster may have been created all the same, and nothing records it. Before "+
				"applying again, look for a cluster named %q in region %s (the zilliz_clusters data source, `terraform "+
				"query`, or the console): if there is one, import it; otherwise the next apply creates it.", opts.Name, region)
		case errors.Is(err, zilliz.ErrNameExists):
			detail += r.nameTakenHint(ctx, region, opts)
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
	setIdentity(ctx, resp.Identity, created.ClusterID, region, &resp.Diagnostics)
	plan.Status = types.StringValue("CREATING")
	plan.ConnectAddress, plan.PrivateLinkAddress, plan.CreateTime = types.StringValue(""), types.StringValue(""), types.StringValue("")
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(notePendingWait(ctx, resp.Private, true)...)
	if resp.Diagnostics.HasError() {
		return
	}

	cluster, err := r.data.client.Clusters.Wait(ctx, region, created.ClusterID, zilliz.UntilCreated)
	if serr := (*zilliz.StatusError)(nil); errors.As(err, &serr) {
		// Tainted, so replaced rather than waited for: state says what it is.
		plan.Status = types.StringValue(serr.Status)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		resp.Diagnostics.Append(notePendingWait(ctx, resp.Private, false)...)
		resp.Diagnostics.AddError("Cluster failed while being created",
			fmt.Sprintf("%s.\n\nCluster %s exists, so it is recorded in state, marked tainted: the next apply replaces it "+
				"(drops it and creates another), and destroy drops it. Zilliz Cloud's console or support can tell why it failed.",
				clientError(err), created.ClusterID))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(r.createWaitEnded(ctx, plan, timeout, err, &resp.State)...)
		return
	}
	resp.Diagnostics.Append(notePendingWait(ctx, resp.Private, false)...)
	applyCluster(&plan, cluster)
	if plan.DesiredStatus.ValueString() == powerSuspended {
		resp.Diagnostics.Append(r.suspendAfterCreate(ctx, &plan, &resp.State)...)
		return
	}
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
	// First, whatever the lookup says: a state written before identities
	// existed gets one even on the refresh that finds the cluster gone (the
	// framework refuses a read that returns no identity, removal included).
	setIdentity(ctx, resp.Identity, id, region, &resp.Diagnostics)
	cluster, err := r.data.client.Clusters.Lookup(ctx, region, id)
	switch {
	case zilliz.IsNotFound(err) || errors.Is(err, zilliz.ErrPermission):
		r.readNotFound(ctx, state, err, resp)
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read cluster", fmt.Sprintf("Describing cluster %s in region %s failed: %s", id, region, clientError(err)))
		return
	case cluster.Deleted():
		resp.Diagnostics.AddWarning("Cluster deleted outside Terraform",
			fmt.Sprintf("Cluster %s (%s) in region %s is DELETED (in the recycle bin), so it is removed from state.",
				id, state.ClusterName.ValueString(), region))
		resp.State.RemoveResource(ctx)
		return
	}
	warnFailed(cluster, &resp.Diagnostics)
	if !pendingStatuses[cluster.Status] && resp.Private != nil { // an unfinished wait of ours has ended meanwhile
		resp.Diagnostics.Append(notePendingWait(ctx, resp.Private, false)...)
	}
	prior := state
	state.RegionID = types.StringValue(region)
	applyCluster(&state, cluster)
	readPower(&state, cluster)
	if state.DeletionProtection.IsNull() { // state written before the attribute existed
		state.DeletionProtection = types.BoolValue(false)
	}
	// The response starts as the prior state: when nothing changed, encoding
	// the same values again is all a Set would do, and a refresh reads every cluster.
	if !reflect.DeepEqual(state, prior) {
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
}

// readNotFound handles a refresh the API answered "not found" (80020, which
// also means "no permission", or 90102): the cluster is forgotten, with a
// warning, only once ConfirmGone agrees that it is gone; otherwise it stays, and
// the refresh fails with an error that says why.
func (r *clusterResource) readNotFound(ctx context.Context, state clusterModel, err error, resp *resource.ReadResponse) {
	region, id, project := r.regionOf(state), state.ID.ValueString(), state.ProjectID.ValueString()
	why, gerr := r.data.client.Clusters.ConfirmGone(ctx, region, id, project, err)
	switch {
	case errors.Is(gerr, zilliz.ErrPermission):
		resp.Diagnostics.AddError("Cluster out of the API key's reach",
			fmt.Sprintf("Cluster %s (%s, project %s, region %s) could not be read: %s\n\nIt may still exist and be "+
				"billed, so it stays in state. Check that the provider's API key belongs to the organization and project "+
				"of the cluster; once the key can see the project, a cluster that is really gone is forgotten.",
				id, state.ClusterName.ValueString(), project, region, clientError(gerr)))
	case gerr != nil:
		resp.Diagnostics.AddError("Unable to read cluster",
			fmt.Sprintf("Cluster %s (project %s, region %s) was answered not found, and confirming it failed: %s\n\n"+
				"It may still exist, so it stays in state.", id, project, region, clientError(gerr)))
	default:
		resp.Diagnostics.AddWarning("Cluster deleted outside Terraform",
			fmt.Sprintf("Cluster %s (%s) is gone: %s. It is removed from state.", id, state.ClusterName.ValueString(), why))
		tflog.Warn(ctx, "cluster no longer exists; removing it from state", map[string]any{
			"cluster_id": id, "region": region, "code": zilliz.CodeOf(err)})
		resp.State.RemoveResource(ctx)
	}
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
	setIdentity(ctx, resp.Identity, id, region, &resp.Diagnostics)
	power, diags := r.powerBeforeResize(ctx, plan, state, &resp.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// What is recorded should the wait below end early: the accepted changes,
	// and the status the cluster is in (its new status is known only after the wait).
	accepted := state
	accepted.Timeouts = plan.Timeouts
	resized := !plan.CUSize.Equal(state.CUSize)
	if resized {
		if err := r.data.client.Clusters.Modify(ctx, region, id, plan.CUSize.ValueInt64()); err != nil {
			resp.Diagnostics.AddError("Unable to modify cluster",
				fmt.Sprintf("Changing cu_size of cluster %s in region %s to %d failed: %s", id, region, plan.CUSize.ValueInt64(),
					clientError(err)))
			return
		}
		// The API accepted the new size: record it before waiting, so that a wait
		// that fails or is interrupted leaves state saying what the cluster is
		// becoming rather than what it was (the next plan then finishes the wait).
		accepted.CUSize = plan.CUSize
		accepted.Status = types.StringValue(zilliz.StatusModifying)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, accepted)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Wait for RUNNING after a resize, or to finish a wait an earlier apply left
	// (planPendingWait planned status unknown for both: the plan's status tells).
	if resized || (pendingStatuses[state.Status.ValueString()] && plan.Status.IsUnknown()) {
		resp.Diagnostics.Append(notePendingWait(ctx, resp.Private, true)...)
		cluster, diags := r.waitRunning(ctx, accepted, state.Status.ValueString(), timeout)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		power.last = cluster
		resp.Diagnostics.Append(notePendingWait(ctx, resp.Private, false)...)
	}
	resp.Diagnostics.Append(r.powerAfterResize(ctx, &plan, power, &resp.State)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *clusterResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state clusterModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if refuseProtectedDelete(state, resp) {
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
	d, err := r.data.client.Clusters.Destroy(ctx, region, id, zilliz.DestroyOptions{
		ProjectID: state.ProjectID.ValueString(), LastStatus: state.Status.ValueString()})
	switch {
	case err == nil && d.AlreadyGone != "":
		resp.Diagnostics.AddWarning("Cluster already gone",
			fmt.Sprintf("Cluster %s in region %s was not dropped by this destroy: %s. There is nothing left to destroy, "+
				"so it is removed from state.", id, region, d.AlreadyGone))
	case err == nil:
		if d.Deleting {
			tflog.Info(ctx, "cluster was already being deleted; waited for it without a second drop",
				map[string]any{"cluster_id": id, "region": region})
		}
	case errors.Is(err, zilliz.ErrAliveAgain):
		resp.Diagnostics.AddError("Cluster alive again",
			fmt.Sprintf("%s. Nothing was dropped, and it stays in state: this plan was made while the cluster was being "+
				"deleted (or from a state that said so), and does not ask to drop a live cluster. Run terraform plan "+
				"again, with refresh, to see what it now proposes.", clientError(err)))
	case errors.Is(err, zilliz.ErrServerlessUnsupported):
		resp.Diagnostics.AddError("Serverless cluster drop refused",
			serverlessDropDetail(state, zilliz.CodeOf(err)))
	case errors.Is(err, zilliz.ErrPermission):
		resp.Diagnostics.AddError("Cluster out of the API key's reach",
			fmt.Sprintf("Cluster %s (project %s, region %s) was not destroyed: %s\n\nIt may still exist, so it stays "+
				"in state. Check that the provider's API key belongs to the organization and project of the cluster.",
				id, state.ProjectID.ValueString(), region, clientError(err)))
	case errors.Is(err, zilliz.ErrClusterFailed):
		resp.Diagnostics.AddError("Cluster failed while being deleted",
			fmt.Sprintf("The drop of cluster %s in region %s was accepted, then: %s.\n\nIt may still exist, so it stays in state; "+
				"run destroy again once Zilliz Cloud has resolved it.", id, region, clientError(err)))
	case !d.Accepted():
		resp.Diagnostics.AddError("Unable to drop cluster",
			fmt.Sprintf("Dropping cluster %s in region %s failed: %s\n\nThe cluster may still exist, so it stays in state.", id, region,
				clientError(err)))
	default:
		resp.Diagnostics.Append(r.deleteWaitEnded(ctx, state, d, timeout, err, &resp.State)...)
	}
}

// deleteWaitEnded reports a destroy whose drop was accepted (by this run, or
// an earlier one: the cluster was DELETING) and whose wait then ended early.
// The cluster stays in state with status DELETING, so that the next destroy
// waits for it without a second drop.
func (r *clusterResource) deleteWaitEnded(ctx context.Context, state clusterModel, d zilliz.Destroyed, timeout time.Duration,
	err error, st *tfsdk.State) diag.Diagnostics {
	region, id := r.regionOf(state), state.ID.ValueString()
	state.Status = types.StringValue(zilliz.StatusDeleting)
	diags := st.Set(ctx, state)
	accepted := "The drop of cluster %s in region %s was accepted"
	if d.Deleting {
		accepted = "Cluster %s in region %s was already being deleted (no second drop was sent)"
	}
	accepted = fmt.Sprintf(accepted, id, region)
	switch waitEndOf(ctx) {
	case waitInterrupted:
		diags.AddError("Cluster deletion interrupted",
			fmt.Sprintf("%s, and the wait for it to be deleted was interrupted: %s\n\nIt stays in state while it is being "+
				"deleted. Run destroy again to finish waiting: no second drop is sent.", accepted, clientError(err)))
	case waitTimedOut:
		diags.AddError("Cluster not deleted in time",
			fmt.Sprintf("%s, but the cluster was not deleted within %s: %s\n\nIt stays in state. Run destroy again to keep "+
				"waiting (no second drop is sent), or raise timeouts.delete.", accepted, timeout, clientError(err)))
	default:
		diags.AddError("Cluster deletion not confirmed",
			fmt.Sprintf("%s, but waiting for it to be deleted failed: %s\n\nIt stays in state. Run destroy again to keep "+
				"waiting.", accepted, clientError(err)))
	}
	return diags
}

func (r *clusterResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID := importIDOf(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	region, id, err := parseClusterImportID(importID, r.defaultRegion())
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	if r.data != nil && !r.importable(ctx, importID, region, id, importByIdentity(req), &resp.Diagnostics) {
		return
	}
	setIdentity(ctx, resp.Identity, id, region, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("region_id"), region)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("deletion_protection"), false)...)
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
	var size types.Int64
	size, m.CUType = computeUnits(c)
	m.CUSize = cuSizeOf(size)
	if c.RegionID != "" {
		m.RegionID = types.StringValue(c.RegionID)
	}
	m.Status = types.StringValue(c.Status)
	m.ConnectAddress = types.StringValue(c.ConnectAddress)
	m.PrivateLinkAddress = types.StringValue(c.PrivateLinkAddress)
	m.CreateTime = types.StringValue(c.CreateTime)
}

// computeUnits is cu_size and cu_type as state shows them: null for the
// Serverless and Free plans, which have no compute units, and a cu_type the
// API leaves empty is null too.
func computeUnits(c *zilliz.ClusterSummary) (types.Int64, types.String) {
	if zilliz.IsServerlessPlan(c.Plan) {
		return types.Int64Null(), types.StringNull()
	}
	cuType := types.StringValue(c.CUType)
	if c.CUType == "" {
		cuType = types.StringNull()
	}
	return types.Int64Value(c.CUSize), cuType
}

// serverlessDropDetail is the refused drop's diagnostic: what happened (code is
// the API's answer: 80021, or 96021/96022 on v2) and how to retire the cluster.
// The address is not known here, so it says how to find it.
func serverlessDropDetail(state clusterModel, code int) string {
	id := state.ID.ValueString()
	return fmt.Sprintf("Zilliz Cloud refused to drop cluster %s (region %s, plan %s) with code %d: the API does not drop this serverless "+
		"cluster. It still exists, so it stays in state.\n\n"+
		"To retire it, delete it in the Zilliz Cloud console, then run terraform again: the next refresh finds it gone "+
		"and removes it from state, and a destroy then succeeds (with the resource still in the configuration, an apply "+
		"would create it again). To keep the cluster but stop managing it, remove it from state instead: "+
		"`terraform state list -id=%s` prints its address, for `terraform state rm <address>` or a `removed` block "+
		"with `lifecycle { destroy = false }`.",
		id, state.RegionID.ValueString(), state.Plan.ValueString(), code, id)
}

// serverlessDestroyWarning is the plan-time warning of a destroy. The live
// service has both accepted and refused serverless drops, so it names both
// outcomes; it is short, as a refused drop is then reported in full by the apply.
func serverlessDestroyWarning(state clusterModel) string {
	return fmt.Sprintf("This plan destroys serverless cluster %s (region %s). Zilliz Cloud may refuse to drop it (80021, or 96021/96022 on v2): "+
		"the destroy of this cluster then fails, it stays in state, and the error says how to retire it. If the drop is "+
		"accepted, the destroy waits until the cluster is deleted, like any other (serverless clusters cannot be restored "+
		"from the recycle bin).",
		state.ID.ValueString(), state.RegionID.ValueString())
}

// nameTakenHint tells how to adopt the cluster that holds the name, naming its
// id when the region's list finds it.
func (r *clusterResource) nameTakenHint(ctx context.Context, region string, opts zilliz.ClusterCreateOptions) string {
	id := "<cluster_id>"
	c, err := r.data.client.Clusters.FindByName(ctx, region, opts.ProjectID, opts.Name)
	if err == nil && c != nil {
		id = c.ID
		if c.Status == zilliz.StatusDeleting {
			return fmt.Sprintf("\n\nCluster %s, which holds the name %q in region %s, is being deleted (DELETING), so "+
				"nothing was created. Wait until it is gone, then apply again; or choose another cluster_name.",
				id, opts.Name, region)
		}
	}
	return fmt.Sprintf("\n\nA cluster named %q already exists in region %s, so nothing was created. To manage that "+
		"cluster with this configuration, import it instead:\n\n  terraform import <address> %s/%s\n\n"+
		"or an import block with id = \"%s/%s\". Otherwise choose another cluster_name.",
		opts.Name, region, region, id, region, id)
}

func messageOf(err error) string {
	var e *zilliz.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
