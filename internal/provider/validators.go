package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// clientRule is a plan-time validator that applies one of the client's own
// input checks, so that the plan and the client can never disagree on what is valid.
type clientRule struct {
	summary     string // the diagnostic's summary, e.g. "Invalid region id"
	description string // what a valid value looks like
	check       func(string) error
}

var (
	regionIDValidator = clientRule{"Invalid region id",
		"must be a region id such as aws-us-west-2: lowercase letters, digits and single hyphens", zilliz.ValidateRegionID}
	clusterIDValidator = clientRule{"Invalid cluster id",
		"must be a cluster id such as in01-3e5ad8adc38c3b8: letters, digits and single hyphens", zilliz.ValidateClusterID}
)

func (v clientRule) Description(context.Context) string { return v.description }

func (v clientRule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v clientRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("%s: %v", req.Path, err))
	}
}

// projectIDPattern is the shape of a project id, checked at plan time (the API answers 80014 otherwise).
var projectIDPattern = regexp.MustCompile(`^proj-[A-Za-z0-9]+$`)

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
