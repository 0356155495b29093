// Package provider is the Terraform side of the Zilliz Cloud provider: its
// configuration, resource, data sources, list resource and actions. It turns client results into
// state and client errors into diagnostics; HTTP is the client's business.
package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// Environment variables read when the provider block leaves an attribute unset.
const (
	EnvAPIKey      = "ZILLIZ_API_KEY"
	EnvCloudRegion = "ZILLIZ_CLOUD_REGION"
	EnvEndpoint    = "ZILLIZ_ENDPOINT"
	EnvAPIVersion  = "ZILLIZ_API_VERSION"
)

var (
	_ provider.Provider                   = (*zillizProvider)(nil)
	_ provider.ProviderWithListResources  = (*zillizProvider)(nil)
	_ provider.ProviderWithActions        = (*zillizProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*zillizProvider)(nil)
)

type zillizProvider struct {
	version string
	// tune adjusts the client configuration; tests use it to shorten timeouts and backoff.
	tune func(*zilliz.Config)
}

// New returns a factory for the provider, as providerserver.Serve wants it.
func New(version string) func() provider.Provider {
	return newWithClientConfig(version, nil)
}

// newWithClientConfig is New with a hook that adjusts the client's configuration
// before it is built. Tests reach it through export_test.go (short retry delays,
// short request timeouts).
func newWithClientConfig(version string, tune func(*zilliz.Config)) func() provider.Provider {
	return func() provider.Provider { return &zillizProvider{version: version, tune: tune} }
}

type providerModel struct {
	APIKey      types.String  `tfsdk:"api_key"`
	CloudRegion types.String  `tfsdk:"cloud_region"`
	Endpoint    types.String  `tfsdk:"endpoint"`
	MaxRate     types.Float64 `tfsdk:"max_requests_per_second"`
	APIVersion  types.String  `tfsdk:"api_version"`
}

// providerDataOf is what resources and data sources keep from their Configure:
// nil before the provider is configured (Terraform validates configurations first).
func providerDataOf(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", v))
	}
	return data
}

// providerData is what resources and data sources receive from Configure.
type providerData struct {
	client *zilliz.Client
	// region is the default region: for new clusters without region_id and for data sources.
	region string
}

func (p *zillizProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zilliz"
	resp.Version = p.version
}

func (p *zillizProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Zilliz Cloud clusters through the control-plane API, v1 (the default) or v2 (`api_version`).",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "Zilliz Cloud API key, sent as a Bearer token. Falls back to the `" + EnvAPIKey +
					"` environment variable (also when set to `\"\"`); one of the two is required.",
				Optional:  true,
				Sensitive: true,
			},
			"cloud_region": schema.StringAttribute{
				MarkdownDescription: "Default cloud region id, such as `ali-cn-hangzhou` or `aws-us-west-2`: used for clusters " +
					"without `region_id`, for import ids without a region, and by data sources. Falls back to the `" +
					EnvCloudRegion + "` environment variable (also when set to `\"\"`).",
				Optional:   true,
				Validators: []validator.String{emptyIsUnset{regionIDValidator}},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Where the control-plane API is. With `api_version = \"v1\"`, a URL template in which " +
					"`{region}` is replaced by the region of the cluster addressed; it defaults to the China site, `" +
					zilliz.DefaultEndpoint + "`; the global site is `" + zilliz.GlobalEndpoint + "`. With `api_version = \"v2\"`, " +
					"the base URL of every call, without `{region}`; unset, each call goes to the site of its region: `" +
					zilliz.V2ChinaEndpoint + "` for Alibaba Cloud (`ali-*`) and Tencent Cloud (`tc-*`) regions, `" +
					zilliz.V2GlobalEndpoint + "` for the others. `http://` is accepted only for loopback hosts (a local mock). " +
					"Falls back to the `" + EnvEndpoint + "` environment variable (also when set to `\"\"`).",
				Optional: true,
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Upper bound on the API requests per second this provider sends, for teams whose " +
					"pipelines share one API key. Without it the provider needs no setting: it slows down on its own when the " +
					"API answers HTTP 429, and speeds up again when it does not. At least `0.2` (one request every 5 seconds).",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0.2)},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "Version of the control-plane API to speak: `v1` (the default) or `v2`. Zilliz marks " +
					"every v1 operation deprecated, with no date given: switch with `api_version = \"v2\"` (and, if `endpoint` " +
					"is set, a v2 base URL). The state is the same under both versions, so switching (or back) changes " +
					"nothing in a plan and calls no API operation that writes. Falls back to the `" + EnvAPIVersion +
					"` environment variable (also when set to `\"\"`).",
				Optional:   true,
				Validators: []validator.String{emptyIsUnset{stringvalidator.OneOf(zilliz.APIVersionV1, zilliz.APIVersionV2)}},
			},
		},
	}
}

// ValidateConfig checks endpoint against the API version it is for: a
// {region} template on v1, a base URL on v2. Either may come from the
// environment, which Configure checks when it does.
func (p *zillizProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Endpoint.IsUnknown() || cfg.APIVersion.IsUnknown() || unset(cfg.Endpoint) {
		return
	}
	version := valueOrEnv(cfg.APIVersion, EnvAPIVersion)
	if zilliz.ValidateAPIVersion(version) != nil {
		return // reported on its own; which endpoints are valid depends on it
	}
	if err := zilliz.ValidateEndpointFor(version, cfg.Endpoint.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid endpoint",
			fmt.Sprintf("api_version %s: %v", version, err))
	}
}

func (p *zillizProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// In schema order, so that the same configuration always reports the same way.
	for _, a := range []struct {
		name    string
		unknown bool
	}{
		{"api_key", cfg.APIKey.IsUnknown()}, {"cloud_region", cfg.CloudRegion.IsUnknown()},
		{"endpoint", cfg.Endpoint.IsUnknown()}, {"max_requests_per_second", cfg.MaxRate.IsUnknown()},
		{"api_version", cfg.APIVersion.IsUnknown()},
	} {
		if a.unknown {
			resp.Diagnostics.AddAttributeError(path.Root(a.name), "Unknown provider configuration",
				fmt.Sprintf("The provider's %s depends on a value known only after apply. Set it from a static value, a variable or the environment.", a.name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	apiKey := valueOrEnv(cfg.APIKey, EnvAPIKey)
	region := valueOrEnv(cfg.CloudRegion, EnvCloudRegion)
	endpoint := valueOrEnv(cfg.Endpoint, EnvEndpoint)
	version := valueOrEnv(cfg.APIVersion, EnvAPIVersion)
	if apiKey == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Missing Zilliz Cloud API key",
			"Set api_key in the provider block or the "+EnvAPIKey+" environment variable.")
	}
	if region != "" && unset(cfg.CloudRegion) {
		if err := zilliz.ValidateRegionID(region); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("cloud_region"), "Invalid "+EnvCloudRegion, err.Error())
		}
	}
	if version == "" {
		version = zilliz.APIVersionV1
	} else if unset(cfg.APIVersion) {
		if err := zilliz.ValidateAPIVersion(version); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("api_version"), "Invalid "+EnvAPIVersion, err.Error())
			return
		}
	}
	switch {
	case endpoint == "" && version == zilliz.APIVersionV1:
		endpoint = zilliz.DefaultEndpoint
	case endpoint != "" && unset(cfg.Endpoint):
		if err := zilliz.ValidateEndpointFor(version, endpoint); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid "+EnvEndpoint,
				fmt.Sprintf("%s, api_version %s: %v", EnvEndpoint, version, err))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	clientCfg := zilliz.Config{
		APIKey:     apiKey,
		APIVersion: version,
		Endpoint:   endpoint,
		UserAgent:  fmt.Sprintf("terraform-provider-zilliz/%s terraform/%s", p.version, req.TerraformVersion),
		Logger:     tfLogger{secret: apiKey},
		MaxRetries: zilliz.DefaultMaxRetries,
		MaxRate:    cfg.MaxRate.ValueFloat64(),
	}
	if p.tune != nil {
		p.tune(&clientCfg)
	}
	client, err := zilliz.NewClient(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Zilliz Cloud client", err.Error())
		return
	}
	tflog.Debug(ctx, "configured Zilliz Cloud client", map[string]any{"api_version": version, "endpoint": endpoint, "cloud_region": region})
	data := &providerData{client: client, region: region}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// valueOrEnv is the setting, or the environment variable when it is unset.
func valueOrEnv(v types.String, env string) string {
	if !unset(v) {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// unset is true for a setting left out or set to "": a variable that defaults
// to "" is a common way to leave a setting to the environment.
func unset(v types.String) bool { return v.IsNull() || v.ValueString() == "" }

func (p *zillizProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewClusterResource}
}

func (p *zillizProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewClusterListResource}
}

func (p *zillizProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewClusterDropAction, NewClusterSuspendAction, NewClusterResumeAction}
}

func (p *zillizProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterDataSource,
		NewClustersDataSource,
		NewProjectsDataSource,
		NewCloudProvidersDataSource,
		NewCloudRegionsDataSource,
	}
}

// tfLogger routes client logs into Terraform's log, masking the key as a last line of defence.
type tfLogger struct{ secret string }

func (l tfLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(l.mask(ctx), msg, fields)
}

func (l tfLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(l.mask(ctx), msg, fields)
}

func (l tfLogger) mask(ctx context.Context) context.Context {
	if l.secret == "" {
		return ctx
	}
	return tflog.MaskAllFieldValuesStrings(tflog.MaskMessageStrings(ctx, l.secret), l.secret)
}
