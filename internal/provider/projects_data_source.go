package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*projectsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*projectsDataSource)(nil)
)

// NewProjectsDataSource is the zilliz_projects data source.
func NewProjectsDataSource() datasource.DataSource { return &projectsDataSource{} }

type projectsDataSource struct{ dataSourceBase }

type projectModel struct {
	ProjectID     types.String `tfsdk:"project_id"`
	ProjectName   types.String `tfsdk:"project_name"`
	InstanceCount types.Int64  `tfsdk:"instance_count"`
	CreateTime    types.String `tfsdk:"create_time"`
}

type projectsDataModel struct {
	Projects []projectModel `tfsdk:"projects"`
}

// projectTimeLayout is RFC 3339 with milliseconds only when there are any, so that
// nothing of the API's createTimeMilli is lost and whole seconds read as usual.
const projectTimeLayout = "2006-01-02T15:04:05.999Z07:00"

// millisToRFC3339 converts the API's createTimeMilli (Unix milliseconds) to RFC 3339 in UTC.
// Zero means the API did not say, and becomes null.
func millisToRFC3339(ms int64) types.String {
	if ms == 0 {
		return types.StringNull()
	}
	return types.StringValue(time.UnixMilli(ms).UTC().Format(projectTimeLayout))
}

func (d *projectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_projects"
}

func (d *projectsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every project the API key can see. Projects are global; the request goes to the API of the " +
			"provider's `cloud_region`, which must be set.",
		Attributes: map[string]schema.Attribute{
			"projects": schema.ListNestedAttribute{
				MarkdownDescription: "The projects, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"project_id": schema.StringAttribute{
						MarkdownDescription: "Id of the project, such as `proj-4487580fcfe2c8a4391686`: what `zilliz_cluster` " +
							"takes as `project_id`.",
						Computed: true,
					},
					"project_name": schema.StringAttribute{
						MarkdownDescription: "Name of the project.",
						Computed:            true,
					},
					"instance_count": schema.Int64Attribute{
						MarkdownDescription: "Number of clusters in the project, in every region, as the API counts them.",
						Computed:            true,
					},
					"create_time": schema.StringAttribute{
						MarkdownDescription: "Creation time of the project, converted from the API's `createTimeMilli` " +
							"(Unix milliseconds) to RFC 3339 in UTC, such as `2023-11-14T22:13:20Z`; fractional seconds appear " +
							"only when the milliseconds are not zero (`2023-11-14T22:13:20.5Z`). Null when the API gives no time.",
						Computed: true,
					},
				}},
			},
		},
	}
}

func (d *projectsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	region := d.regionFor(types.StringNull(), false, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	projects, err := d.data.client.Projects.List(ctx, region)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list projects", fmt.Sprintf("Listing projects through region %s failed: %s", region, clientError(err)))
		return
	}
	state := projectsDataModel{Projects: make([]projectModel, 0, len(projects))}
	for _, p := range projects {
		state.Projects = append(state.Projects, projectModel{
			ProjectID:     types.StringValue(p.ID),
			ProjectName:   types.StringValue(p.Name),
			InstanceCount: types.Int64Value(p.InstanceCount),
			CreateTime:    millisToRFC3339(p.CreateTimeMilli),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
