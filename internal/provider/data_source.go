package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dataSourceBase is what every data source shares: the provider's client and
// default region, and the rule for which region a read addresses.
type dataSourceBase struct{ data *providerData }

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

// regionFor returns the region_id argument when set, else the provider's default
// region. With neither, it adds an error naming every way to set one; with
// regionAttr false (data sources without a region_id argument) the error names
// only the provider's ways.
func (d *dataSourceBase) regionFor(arg types.String, regionAttr bool, diags *diag.Diagnostics) string {
	if v := arg.ValueString(); v != "" {
		return v
	}
	if d.data != nil && d.data.region != "" {
		return d.data.region
	}
	if regionAttr {
		diags.AddAttributeError(path.Root("region_id"), "No region to read from",
			"region_id is not set and the provider has no default region: set region_id here, or the provider's "+
				"cloud_region, or the "+EnvCloudRegion+" environment variable.")
	} else {
		diags.AddError("No region to read from",
			"This data source calls the API of the provider's default region, and none is set: set the provider's "+
				"cloud_region, or the "+EnvCloudRegion+" environment variable.")
	}
	return ""
}
