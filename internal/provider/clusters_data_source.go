package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ datasource.DataSource                   = (*clustersDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*clustersDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*clustersDataSource)(nil)
)

// NewClustersDataSource is the zilliz_clusters data source.
func NewClustersDataSource() datasource.DataSource { return &clustersDataSource{} }

type clustersDataSource struct{ dataSourceBase }

type clustersDataModel struct {
	RegionID       types.String       `tfsdk:"region_id"`
	ProjectID      types.String       `tfsdk:"project_id"`
	Status         types.String       `tfsdk:"status"`
	IncludeDeleted types.Bool         `tfsdk:"include_deleted"`
	Clusters       []clusterDataModel `tfsdk:"clusters"`
}

func (d *clustersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_clusters"
}

func (d *clustersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "All clusters of one region, optionally filtered by project and status. Every page of the " +
			"API's list is followed, so no cluster is missed however many the region holds. Clusters in the recycle bin " +
			"(`DELETED`) are left out unless `include_deleted` is true.",
		Attributes: map[string]schema.Attribute{
			"region_id": schema.StringAttribute{
				MarkdownDescription: "Cloud region to list, such as `aws-us-west-2`. Defaults to the provider's " +
					"`cloud_region`; one of the two is required.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{regionIDValidator},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "Only clusters of this project, such as `proj-4487580fcfe2c8a4391686`. " +
					"Unset: clusters of every project.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(projectIDPattern, "must look like proj-<letters and digits>")},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only clusters whose status is exactly this value, such as `RUNNING` or `SUSPENDED`. " +
					"The match is case-sensitive, as the API spells statuses in upper case: `running` matches nothing. " +
					"Any value is accepted, since the API may report statuses this provider does not know. " +
					"`DELETED` requires `include_deleted = true`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"include_deleted": schema.BoolAttribute{
				MarkdownDescription: "Whether to list clusters in the recycle bin (status `DELETED`, kept for 30 days after " +
					"a drop). Defaults to `false`.",
				Optional: true,
				Computed: true,
			},
			"clusters": schema.ListNestedAttribute{
				MarkdownDescription: "The clusters, in the order the API lists them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: clusterDataAttributes()},
			},
		},
	}
}

// ValidateConfig refuses a filter that could only ever match nothing.
func (d *clustersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg clustersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Status.ValueString() != zilliz.StatusDeleted || cfg.IncludeDeleted.IsUnknown() {
		return
	}
	if !cfg.IncludeDeleted.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("include_deleted"), "DELETED clusters are excluded",
			`status = "DELETED" selects clusters in the recycle bin, which are listed only with include_deleted = true: set it.`)
	}
}

func (d *clustersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg clustersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := d.regionFor(cfg.RegionID, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// The list holds every cluster the key can see: a project it cannot see
	// would read as a project without clusters.
	if !cfg.ProjectID.IsNull() && !projectVisible(ctx, d.data.client, region, cfg.ProjectID.ValueString(), &resp.Diagnostics) {
		return
	}
	all, err := d.data.client.Clusters.ListAll(ctx, region)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list clusters", fmt.Sprintf("Listing the clusters of region %s failed: %s", region, clientError(err)))
		return
	}
	includeDeleted := cfg.IncludeDeleted.ValueBool()
	out := make([]clusterDataModel, 0, len(all))
	for i := range all {
		c := &all[i]
		switch {
		case c.Deleted() && !includeDeleted,
			!cfg.ProjectID.IsNull() && c.ProjectID != cfg.ProjectID.ValueString(),
			!cfg.Status.IsNull() && c.Status != cfg.Status.ValueString():
			continue
		}
		m := clusterDataFrom(c)
		if c.RegionID == "" {
			m.RegionID = types.StringValue(region)
		}
		out = append(out, m)
	}
	cfg.RegionID = types.StringValue(region)
	cfg.IncludeDeleted = types.BoolValue(includeDeleted)
	cfg.Clusters = out
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// projectVisible reports whether the key can see the project, adding the error
// when it cannot. A region's list holds every cluster the key can see, so a
// filter by a project it cannot see would read as a project without clusters.
func projectVisible(ctx context.Context, client *zilliz.Client, region, project string, diags *diag.Diagnostics) bool {
	ps, err := client.Projects.List(ctx, region)
	if err != nil {
		diags.AddError("Unable to list projects",
			fmt.Sprintf("Listing the projects the API key can see, to check project_id %s, failed: %s", project, clientError(err)))
		return false
	}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.ID == project {
			return true
		}
		ids = append(ids, p.ID)
	}
	diags.AddAttributeError(path.Root("project_id"), "Project not visible to the API key",
		fmt.Sprintf("project_id is %q, but the API key cannot see that project (it sees: %s), so its clusters cannot be "+
			"listed. Check the project id, and that the key belongs to the project's organization.", project, strings.Join(ids, ", ")))
	return false
}
