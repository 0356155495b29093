package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// endpointValidator applies the client's own endpoint rule at plan time.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an https:// URL template containing {region} (http:// only for loopback hosts)"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := zilliz.ValidateEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint", fmt.Sprintf("endpoint %v", err))
	}
}

// regionIDValidator applies the client's region id rule at plan time.
type regionIDValidator struct{}

func (regionIDValidator) Description(context.Context) string {
	return "must be a region id such as aws-us-west-2: lowercase letters, digits and single hyphens"
}

func (v regionIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regionIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := zilliz.ValidateRegionID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid region id", fmt.Sprintf("%s: %v", req.Path, err))
	}
}

// projectIDPattern is the shape of a project id, checked at plan time (the API answers 80014 otherwise).
var projectIDPattern = regexp.MustCompile(`^proj-[A-Za-z0-9]+$`)

// clusterIDValidator applies the client's cluster id rule at plan time.
type clusterIDValidator struct{}

func (clusterIDValidator) Description(context.Context) string {
	return "must be a cluster id such as in01-3e5ad8adc38c3b8: letters, digits and single hyphens"
}

func (v clusterIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (clusterIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := zilliz.ValidateClusterID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid cluster id", fmt.Sprintf("%s: %v", req.Path, err))
	}
}

// emptyIsUnset runs a validator on a provider setting unless it is "", which
// the provider treats as unset (the environment variable then decides, and is
// checked in Configure).
type emptyIsUnset struct{ validator.String }

func (v emptyIsUnset) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsUnknown() && req.ConfigValue.ValueString() == "" {
		return
	}
	v.String.ValidateString(ctx, req, resp)
}
