// Command noop is a terraform-plugin-framework provider that does nothing:
// noop_thing, with a computed id, noop_cluster, with zilliz_cluster's
// schema, and the list resource noop_listed (zilliz_cluster's schema and
// identity), which lists as many made-up clusters as its config asks. The benchmark uses it as Terraform's floor for a plugin provider:
// served by the same internal/server code, it pays the same process start,
// gRPC and framework costs as terraform-provider-zilliz, but no API calls, so
// the difference between the two is what the zilliz provider itself adds.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	zprovider "github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/server"
)

// Address is the source address the benchmark's dev_overrides map to this binary.
const Address = "registry.terraform.io/zilliz-terraform/noop"

func main() {
	if err := server.Serve(Address, func() provider.Provider { return noopProvider{} }, false); err != nil {
		log.Fatal(err)
	}
}

type noopProvider struct{}

func (noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
}

func (noopProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Description: "A provider that does nothing (benchmark floor)."}
}

func (noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return thing{} },
		func() resource.Resource { return cluster{} },
		func() resource.Resource { return listed{} },
	}
}

func (noopProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (noopProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{func() list.ListResource { return listedList{} }}
}

// thing is noop_thing: Create invents an id, everything else keeps state as is.
type thing struct{}

type thingModel struct {
	ID types.String `tfsdk:"id"`
}

func (thing) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Does nothing.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "A random id, fixed at create.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (thing) Create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	resp.Diagnostics.Append(resp.State.Set(ctx, thingModel{ID: types.StringValue(hex.EncodeToString(b))})...)
}

// Read, Update and Delete leave the state the framework hands over as it is
// (an empty Delete response removes the resource).
func (thing) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (thing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan)...)
}

func (thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// cluster is noop_cluster: zilliz_cluster's schema, with its validators and
// plan modifiers, and no work of its own. Beside noop_thing it tells apart
// what a schema of this size costs Terraform and the framework from what the
// zilliz provider's own code adds.
type cluster struct{}

func (cluster) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (cluster) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	zprovider.NewClusterResource().Schema(ctx, req, resp)
}

// Create and Update store the plan with every value still unknown set to
// null, which is all the framework asks of a resource after an apply.
func (cluster) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = unknownsToNull(req.Plan.Raw)
}

func (cluster) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (cluster) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = unknownsToNull(req.Plan.Raw)
}

func (cluster) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func unknownsToNull(v tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	}) // the callback never fails, so neither does Transform
	return out
}

// listed is noop_listed: zilliz_cluster's schema and identity, for the list
// resource of the same name (a list resource lists a managed resource type
// with an identity). The benchmark only lists it.
type listed struct{ cluster }

func (listed) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_listed"
}

func (listed) IdentitySchema(ctx context.Context, req resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	if r, ok := zprovider.NewClusterResource().(resource.ResourceWithIdentity); ok {
		r.IdentitySchema(ctx, req, resp)
	}
}

// listedList is the noop_listed list resource: config.results results, each with an
// identity, a display name and, with include_resource, an object of the
// resource's schema with id and cluster_name set, as zilliz_cluster's list
// resource shows clusters, without any API call: the floor of a query.
type listedList struct{}

func (listedList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_listed"
}

func (listedList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = lschema.Schema{
		Description: "Lists as many made-up clusters as results says.",
		Attributes: map[string]lschema.Attribute{
			"results": lschema.Int64Attribute{Description: "How many results.", Required: true},
		},
	}
}

func (listedList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var count types.Int64
	if diags := req.Config.GetAttribute(ctx, path.Root("results"), &count); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	objType, ok := req.ResourceSchema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		stream.Results = list.NoListResults
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i := range count.ValueInt64() {
			id, name := fmt.Sprintf("in01-%015x", i), fmt.Sprintf("listed-%d", i)
			r := req.NewListResult(ctx)
			r.DisplayName = name
			r.Diagnostics.Append(r.Identity.Set(ctx, struct {
				ID       string `tfsdk:"id"`
				RegionID string `tfsdk:"region_id"`
			}{id, "aws-us-west-2"})...)
			if req.IncludeResource {
				attrs := map[string]tftypes.Value{}
				for k, t := range objType.AttributeTypes {
					attrs[k] = tftypes.NewValue(t, nil)
				}
				attrs["id"], attrs["cluster_name"] = tftypes.NewValue(tftypes.String, id), tftypes.NewValue(tftypes.String, name)
				r.Resource.Raw = tftypes.NewValue(objType, attrs)
			}
			if !push(r) {
				return
			}
		}
	}
}
