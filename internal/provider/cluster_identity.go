package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// clusterIdentity is the resource identity of a cluster (Terraform 1.12+): the
// cluster id and the region whose endpoint serves it, which together address it
// (an id alone does not: calls go to the region's own host).
type clusterIdentity struct {
	ID       types.String `tfsdk:"id"`
	RegionID types.String `tfsdk:"region_id"`
}

func (r *clusterResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The cluster id, such as `in01-3e5ad8adc38c3b8`.",
				RequiredForImport: true,
			},
			"region_id": identityschema.StringAttribute{
				Description:       "The cluster's region, such as `aws-us-west-2`. Defaults to the provider's `cloud_region` on import.",
				OptionalForImport: true,
			},
		},
	}
}

// setIdentity records the identity of the cluster m addresses in region. Older
// CLIs send no identity, and the framework then gives none to set.
func setIdentity(ctx context.Context, dst *tfsdk.ResourceIdentity, id, region string, diags *diag.Diagnostics) {
	if dst == nil {
		return
	}
	diags.Append(dst.Set(ctx, clusterIdentity{ID: types.StringValue(id), RegionID: types.StringValue(region)})...)
}

// importByIdentity reports whether the import names the cluster by identity.
// An import by id (even an empty one, refused later as such) carries a null identity.
func importByIdentity(req resource.ImportStateRequest) bool {
	return req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull()
}

// importIDOf turns an import block's identity into the import id it stands
// for, "<region_id>/<cluster_id>" or a bare id, so that both ways of importing
// are checked and looked up the same way.
func importIDOf(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if !importByIdentity(req) {
		return req.ID
	}
	var ident clusterIdentity
	diags.Append(req.Identity.Get(ctx, &ident)...)
	id := ident.ID.ValueString()
	if err := zilliz.ValidateClusterID(id); err != nil && !diags.HasError() {
		// Not composed into an import id: the error would quote a string nobody wrote.
		diags.AddError("Invalid import identity", fmt.Sprintf("identity id %q: %v. The id is the cluster id alone, such "+
			"as \"in01-0123456789abcdef\"; the region, when not the provider's cloud_region, goes in region_id.", id, err))
		return ""
	}
	if region := ident.RegionID.ValueString(); region != "" {
		return region + "/" + id
	}
	return id
}
