package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*cloudProvidersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*cloudProvidersDataSource)(nil)
)

// NewCloudProvidersDataSource is the zilliz_cloud_providers data source.
func NewCloudProvidersDataSource() datasource.DataSource { return &cloudProvidersDataSource{} }

type cloudProvidersDataSource struct{ dataSourceBase }

type cloudProviderModel struct {
	CloudID     types.String `tfsdk:"cloud_id"`
	Description types.String `tfsdk:"description"`
}

type cloudProvidersDataModel struct {
	CloudProviders []cloudProviderModel `tfsdk:"cloud_providers"`
}

func (d *cloudProvidersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_providers"
}

func (d *cloudProvidersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The cloud providers Zilliz Cloud runs on, as the site of the provider's `cloud_region` " +
			"offers them (the China and global sites offer different clouds). `cloud_region` must be set.",
		Attributes: map[string]schema.Attribute{
			"cloud_providers": schema.ListNestedAttribute{
				MarkdownDescription: "The cloud providers, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"cloud_id": schema.StringAttribute{
						MarkdownDescription: "Id of the cloud, such as `aws` or `ali`: what `zilliz_cloud_regions` takes as `cloud_id`.",
						Computed:            true,
					},
					"description": schema.StringAttribute{
						MarkdownDescription: "Name of the cloud, such as `Amazon Web Services`.",
						Computed:            true,
					},
				}},
			},
		},
	}
}

func (d *cloudProvidersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	region := d.regionFor(types.StringNull(), false, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	clouds, err := d.data.client.Clouds.List(ctx, region)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list cloud providers", fmt.Sprintf("Listing cloud providers through region %s failed: %s", region, clientError(err)))
		return
	}
	state := cloudProvidersDataModel{CloudProviders: make([]cloudProviderModel, 0, len(clouds))}
	for _, c := range clouds {
		state.CloudProviders = append(state.CloudProviders, cloudProviderModel{
			CloudID:     types.StringValue(c.ID),
			Description: types.StringValue(c.Description),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
