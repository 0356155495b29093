package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ list.ListResource                   = (*clusterListResource)(nil)
	_ list.ListResourceWithConfigure      = (*clusterListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*clusterListResource)(nil)
)

// NewClusterListResource is the zilliz_cluster list resource, for `terraform query`.
func NewClusterListResource() list.ListResource { return &clusterListResource{} }

type clusterListResource struct{ data *providerData }

type clusterListModel struct {
	RegionID  types.String `tfsdk:"region_id"`
	ProjectID types.String `tfsdk:"project_id"`
	NameRegex types.String `tfsdk:"name_regex"`
	Plan      types.String `tfsdk:"plan"`
	Status    types.String `tfsdk:"status"`
}

func (l *clusterListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (l *clusterListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The clusters of one region, for `terraform query`: each result is a cluster's identity " +
			"(`id`, `region_id`) with its name as display name, and with `include_resource = true` the cluster as " +
			"`terraform import` would record it. Clusters in the recycle bin (`DELETED`) are never listed: they cannot " +
			"be imported. The region's list is read in pages of 100, requested together. Every filter is optional; " +
			"together they must all match.",
		Attributes: map[string]schema.Attribute{
			"region_id": schema.StringAttribute{
				MarkdownDescription: "Cloud region to list, such as `aws-us-west-2`. Defaults to the provider's `cloud_region`.",
				Optional:            true,
				Validators:          []validator.String{regionIDValidator},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "Only clusters of this project, such as `proj-4487580fcfe2c8a4391686`. A project the " +
					"API key cannot see is an error, not an empty list: the key sees only its own projects' clusters.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(projectIDPattern, "must look like proj-<letters and digits>")},
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Only clusters whose name matches this regular expression (Go's RE2 syntax, unanchored: " +
					"`^tmp-` for names that start with `tmp-`).",
				Optional: true,
			},
			"plan": schema.StringAttribute{
				MarkdownDescription: "Only clusters of this plan: `Standard`, `Enterprise`, `Serverless` or `Free`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(plans...)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only clusters whose status is exactly this value, such as `RUNNING` or `SUSPENDED` " +
					"(upper case, as the API spells it), except that `SUSPENDED` and `STOPPED` match each other, as the " +
					"API spells a suspended cluster either way. Any value is accepted, since the API may report " +
					"statuses this provider does not know.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.NoneOf(zilliz.StatusDeleted)},
			},
		},
	}
}

func (l *clusterListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

// ValidateListResourceConfig refuses a name_regex that does not compile, at
// validation rather than once the list has been read.
func (l *clusterListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var expr types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name_regex"), &expr)...)
	if expr.IsNull() || expr.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(expr.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid name_regex",
			fmt.Sprintf("name_regex %q is not a valid regular expression: %v. It takes Go's RE2 syntax, such as \"^tmp-\".",
				expr.ValueString(), err))
	}
}

func (l *clusterListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg clusterListModel
	diags := req.Config.Get(ctx, &cfg)
	region := cfg.RegionID.ValueString()
	if region == "" && l.data != nil {
		region = l.data.region
	}
	if region == "" && !diags.HasError() {
		diags.AddAttributeError(path.Root("region_id"), "No region to list",
			"region_id is not set and the provider has no default region: set region_id here, or the provider's "+
				"cloud_region, or the "+EnvCloudRegion+" environment variable.")
	}
	var nameRE *regexp.Regexp
	if !diags.HasError() && cfg.NameRegex.ValueString() != "" {
		var err error
		if nameRE, err = regexp.Compile(cfg.NameRegex.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("name_regex"), "Invalid name_regex", err.Error())
		}
	}
	if !diags.HasError() && !cfg.ProjectID.IsNull() {
		projectVisible(ctx, l.data.client, region, cfg.ProjectID.ValueString(), &diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	all, err := l.data.client.Clusters.ListAll(ctx, region)
	if err != nil {
		diags.AddError("Unable to list clusters", fmt.Sprintf("Listing the clusters of region %s failed: %s", region, clientError(err)))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	rt := resultTypes{
		identity: req.ResourceIdentitySchema.Type().TerraformType(ctx),
		resource: req.ResourceSchema.Type().TerraformType(ctx),
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var n int64
		for i := range all {
			c := &all[i]
			if !cfg.matches(c, nameRE) {
				continue
			}
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			n++
			if !push(l.result(ctx, req, rt, region, c)) {
				return
			}
		}
	}
}

// resultTypes are the identity's and the resource's object types, taken from
// their schemas once per listing rather than once per result.
type resultTypes struct{ identity, resource tftypes.Type }

// matches reports whether the listed cluster passes every filter set.
func (cfg clusterListModel) matches(c *zilliz.ClusterSummary, nameRE *regexp.Regexp) bool {
	switch {
	case c.Deleted(),
		!cfg.ProjectID.IsNull() && c.ProjectID != cfg.ProjectID.ValueString(),
		!cfg.Plan.IsNull() && !strings.EqualFold(c.Plan, cfg.Plan.ValueString()),
		!cfg.Status.IsNull() && !sameStatus(c.Status, cfg.Status.ValueString()),
		nameRE != nil && !nameRE.MatchString(c.Name):
		return false
	}
	return true
}

// sameStatus reports whether a listed status is the one filtered on: the API
// reports a suspended cluster as SUSPENDED or STOPPED.
func sameStatus(listed, want string) bool {
	return listed == want || zilliz.IsSuspendedStatus(listed) && zilliz.IsSuspendedStatus(want)
}

// result is one listed cluster: its identity, its name, and with
// include_resource the state an import followed by a refresh would record
// (imported clusters have no username or password, and are unprotected), so
// that the configuration `-generate-config-out` writes from it plans no change.
func (l *clusterListResource) result(ctx context.Context, req list.ListRequest, rt resultTypes, region string, c *zilliz.ClusterSummary) list.ListResult {
	r := req.NewListResult(ctx)
	r.DisplayName = c.Name
	clusterRegion := region
	if c.RegionID != "" {
		clusterRegion = c.RegionID
	}
	set := func(dst *tftypes.Value, typ tftypes.Type, v any) {
		val, err := objectValue(ctx, typ, v)
		if err != nil {
			r.Diagnostics.AddError("Unable to list clusters", fmt.Sprintf("Cluster %s: %s. This is a bug in the provider.", c.ID, err))
			return
		}
		*dst = val
	}
	set(&r.Identity.Raw, rt.identity, clusterIdentity{ID: types.StringValue(c.ID), RegionID: types.StringValue(clusterRegion)})
	if req.IncludeResource {
		set(&r.Resource.Raw, rt.resource, importedModel(c, clusterRegion))
	}
	return r
}

// objectValue is v, a struct of attr.Value fields tagged tfsdk with the
// attribute names of typ, as a value of typ, made from each field's own
// ToTerraformValue. Identity.Set and Resource.Set reach the same value through
// the framework's reflection, which compiles a regular expression for each
// field of each result: for 1,000 results, that took about as much CPU as the
// rest of the provider's part of the query (BENCHMARKS.md, Performance at
// scale, run of 2026-12-05 07:40 UTC: provider CPU 0.33 s before, 0.18 s after).
func objectValue(ctx context.Context, typ tftypes.Type, v any) (tftypes.Value, error) {
	rv := reflect.ValueOf(v)
	attrs := make(map[string]tftypes.Value, rv.NumField())
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Tag.Get("tfsdk")
		f, ok := rv.Field(i).Interface().(attr.Value)
		if name == "" || !ok {
			return tftypes.Value{}, fmt.Errorf("field %s is not a tagged attr.Value", rv.Type().Field(i).Name)
		}
		val, err := f.ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("attribute %s: %w", name, err)
		}
		attrs[name] = val
	}
	if err := tftypes.ValidateValue(typ, attrs); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(typ, attrs), nil
}

// importedModel is the state an import of c followed by a refresh records:
// what Read copies from the API, no username or password (only a create
// returns them), deletion_protection false, and neither desired_status nor
// timeouts set.
func importedModel(c *zilliz.ClusterSummary, region string) clusterModel {
	m := clusterModel{
		RegionID:           types.StringValue(region),
		Username:           types.StringNull(),
		Password:           types.StringNull(),
		DeletionProtection: types.BoolValue(false),
		DesiredStatus:      types.StringNull(),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
	}
	applyCluster(&m, c)
	return m
}
