package provider

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The plan-time checks (deletion protection, the serverless replacement warning)
// must see exactly the replacements Terraform will plan: the attributes with a
// RequiresReplace plan modifier.
func TestReplacingAttributesMatchTheSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var resp resource.SchemaResponse
	NewClusterResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	requiresReplace := stringplanmodifier.RequiresReplace().Description(ctx)

	var inSchema []string
	for name, a := range resp.Schema.Attributes {
		s, ok := a.(schema.StringAttribute)
		if !ok {
			continue // only string attributes force replacement today; a new kind needs this test extended
		}
		for _, m := range s.PlanModifiers {
			if m.Description(ctx) == requiresReplace {
				inSchema = append(inSchema, name)
			}
		}
	}
	var listed []string
	for _, a := range replacingAttributes {
		listed = append(listed, a.name)
	}
	slices.Sort(inSchema)
	slices.Sort(listed)
	if !slices.Equal(inSchema, listed) {
		t.Errorf("replacingAttributes = %v, but the schema's RequiresReplace attributes are %v", listed, inSchema)
	}

	// Each entry reads its own attribute: a change to that one alone is reported, by its name.
	for _, a := range replacingAttributes {
		prior := clusterModel{ClusterName: types.StringValue("n"), ProjectID: types.StringValue("p"),
			Plan: types.StringValue("Standard"), CUType: types.StringValue("Performance-optimized"),
			RegionID: types.StringValue("r")}
		planned := prior
		setString(t, &planned, a.name, "changed")
		if got := replacedAttributes(planned, prior); !slices.Equal(got, []string{a.name}) {
			t.Errorf("changing %s alone: replacedAttributes = %v", a.name, got)
		}
	}
}

// setString sets the model's field whose tfsdk tag is name.
func setString(t *testing.T, m *clusterModel, name, v string) {
	t.Helper()
	rv := reflect.ValueOf(m).Elem()
	for i := range rv.NumField() {
		if rv.Type().Field(i).Tag.Get("tfsdk") == name {
			rv.Field(i).Set(reflect.ValueOf(types.StringValue(v)))
			return
		}
	}
	t.Fatalf("clusterModel has no field tagged %s", name)
}
