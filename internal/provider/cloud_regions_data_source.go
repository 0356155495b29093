package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*cloudRegionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*cloudRegionsDataSource)(nil)
)

// NewCloudRegionsDataSource is the zilliz_cloud_regions data source.
func NewCloudRegionsDataSource() datasource.DataSource { return &cloudRegionsDataSource{} }

type cloudRegionsDataSource struct{ dataSourceBase }

type cloudRegionModel struct {
	CloudID    types.String `tfsdk:"cloud_id"`
	RegionID   types.String `tfsdk:"region_id"`
	APIBaseURL types.String `tfsdk:"api_base_url"`
}

type cloudRegionsDataModel struct {
	CloudID types.String       `tfsdk:"cloud_id"`
	Regions []cloudRegionModel `tfsdk:"regions"`
}

func (d *cloudRegionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_regions"
}

func (d *cloudRegionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The regions of one cloud provider. The request goes to the API of the provider's " +
			"`cloud_region`, which must be set. A `cloud_id` the API does not know is an error that lists the known ones.",
		Attributes: map[string]schema.Attribute{
			"cloud_id": schema.StringAttribute{
				MarkdownDescription: "Id of the cloud, such as `aws` or `ali`; `zilliz_cloud_providers` lists them.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"regions": schema.ListNestedAttribute{
				MarkdownDescription: "The regions, in the order the API lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"cloud_id": schema.StringAttribute{
						MarkdownDescription: "Id of the cloud the region belongs to.",
						Computed:            true,
					},
					"region_id": schema.StringAttribute{
						MarkdownDescription: "Id of the region, such as `aws-us-west-2`: what the provider's `cloud_region` " +
							"and `zilliz_cluster`'s `region_id` take.",
						Computed: true,
					},
					"api_base_url": schema.StringAttribute{
						MarkdownDescription: "Base URL of the region's control-plane API, as the API reports it: on v1 the region's controller, on v2 the site that serves the region (v2 has one host per site).",
						Computed:            true,
					},
				}},
			},
		},
	}
}

func (d *cloudRegionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg cloudRegionsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := d.regionFor(types.StringNull(), false, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	cloudID := cfg.CloudID.ValueString()
	regions, err := d.data.client.Clouds.Regions(ctx, region, cloudID)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list regions", fmt.Sprintf("Listing the regions of cloud %q through region %s failed: %s",
			cloudID, region, clientError(err)))
		return
	}
	if len(regions) == 0 {
		// An empty answer is most often a mistyped cloud id: say so rather than return nothing.
		d.checkCloudExists(ctx, region, cloudID, resp)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	cfg.Regions = make([]cloudRegionModel, 0, len(regions))
	for _, r := range regions {
		cfg.Regions = append(cfg.Regions, cloudRegionModel{
			CloudID:    types.StringValue(r.CloudID),
			RegionID:   types.StringValue(r.ID),
			APIBaseURL: types.StringValue(r.APIBaseURL),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// checkCloudExists adds an error naming the known cloud ids when cloudID is not one of them.
func (d *cloudRegionsDataSource) checkCloudExists(ctx context.Context, region, cloudID string, resp *datasource.ReadResponse) {
	clouds, err := d.data.client.Clouds.List(ctx, region)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list cloud providers",
			fmt.Sprintf("Cloud %q has no regions, and listing the cloud providers through region %s to check its id failed: %s",
				cloudID, region, clientError(err)))
		return
	}
	known := make([]string, 0, len(clouds))
	for _, c := range clouds {
		if c.ID == cloudID {
			return
		}
		known = append(known, fmt.Sprintf("%q", c.ID))
	}
	resp.Diagnostics.AddAttributeError(path.Root("cloud_id"), "Unknown cloud",
		fmt.Sprintf("Cloud %q is not one the API offers through region %s; known cloud ids: %s.",
			cloudID, region, strings.Join(known, ", ")))
}
