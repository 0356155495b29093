package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// objectValue makes exactly the value the framework's Set makes of the same
// struct, for the resource of each kind of cluster and for the identity; a
// struct that does not fit the type is an error, not a panic.
func TestObjectValueIsWhatSetMakes(t *testing.T) {
	ctx := context.Background()
	r := NewClusterResource().(*clusterResource)
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	var ir resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ir)
	if sr.Diagnostics.HasError() || ir.Diagnostics.HasError() {
		t.Fatal(sr.Diagnostics, ir.Diagnostics)
	}
	resType, idType := sr.Schema.Type().TerraformType(ctx), ir.IdentitySchema.Type().TerraformType(ctx)

	for _, c := range []zilliz.ClusterSummary{
		{ID: "in01-0123456789abcde", Name: "a", RegionID: "aws-us-west-2", Plan: "Standard", CUType: "Performance-optimized",
			CUSize: 2, Status: "RUNNING", ConnectAddress: "https://a", CreateTime: "2024-01-01T00:00:00Z", ProjectID: "proj-1"},
		{ID: "in01-0123456789abcdf", Name: "no type", Plan: "Enterprise", CUSize: 1, Status: "SUSPENDED"},
		{ID: "in03-0123456789abcde", Name: "s", RegionID: "gcp-us-west1", Plan: "Serverless", Status: "RUNNING", PrivateLinkAddress: "pl"},
		{ID: "in03-0123456789abcdf", Name: "f", Plan: "Free", Status: "RUNNING"},
	} {
		m := importedModel(&c, "aws-us-west-2")
		want := tfsdk.Resource{Schema: sr.Schema, Raw: tftypes.NewValue(resType, nil)}
		if d := want.Set(ctx, m); d.HasError() {
			t.Fatal(d)
		}
		got, err := objectValue(ctx, resType, m)
		if err != nil || !got.Equal(want.Raw) {
			t.Errorf("%s: objectValue = %v, %v; Set made %v", c.Name, got, err, want.Raw)
		}
	}

	id := clusterIdentity{ID: types.StringValue("in01-0123456789abcde"), RegionID: types.StringValue("aws-us-west-2")}
	want := tfsdk.ResourceIdentity{Schema: ir.IdentitySchema, Raw: tftypes.NewValue(idType, nil)}
	if d := want.Set(ctx, id); d.HasError() {
		t.Fatal(d)
	}
	if got, err := objectValue(ctx, idType, id); err != nil || !got.Equal(want.Raw) {
		t.Errorf("identity: objectValue = %v, %v; Set made %v", got, err, want.Raw)
	}

	if _, err := objectValue(ctx, resType, id); err == nil {
		t.Error("an identity as the resource's type: no error")
	}
	if _, err := objectValue(ctx, idType, struct{ ID string }{"x"}); err == nil {
		t.Error("a struct of plain strings: no error")
	}
}
