package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// cuSizeType is cu_size's type: an Int64 that takes a configured number that
// is not whole (1.5, which Terraform's number type allows) as unknown instead
// of failing to decode it. The framework would otherwise answer with an error
// that blames the provider ("Value Conversion Error"); ValidateConfig answers
// such a value with a plain one instead (wholeCUSize). State and plans only
// ever hold whole numbers.
type cuSizeType struct{ basetypes.Int64Type }

var _ basetypes.Int64Typable = cuSizeType{}

func (t cuSizeType) Equal(o attr.Type) bool { _, ok := o.(cuSizeType); return ok }

func (t cuSizeType) String() string { return "cuSizeType" }

func (t cuSizeType) ValueType(context.Context) attr.Value { return cuSize{} }

func (t cuSizeType) ValueFromInt64(_ context.Context, v basetypes.Int64Value) (basetypes.Int64Valuable, diag.Diagnostics) {
	return cuSize{v}, nil
}

func (t cuSizeType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if in.IsKnown() && !in.IsNull() {
		var n big.Float
		if err := in.As(&n); err == nil && !n.IsInt() {
			return cuSize{basetypes.NewInt64Unknown()}, nil
		}
	}
	v, err := t.Int64Type.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	i, ok := v.(basetypes.Int64Value)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return cuSize{i}, nil
}

// cuSize is a cu_size value.
type cuSize struct{ basetypes.Int64Value }

var _ basetypes.Int64Valuable = cuSize{}

func (v cuSize) Type(context.Context) attr.Type { return cuSizeType{} }

func (v cuSize) Equal(o attr.Value) bool {
	ov, ok := o.(cuSize)
	return ok && v.Int64Value.Equal(ov.Int64Value)
}

func cuSizeOf(v basetypes.Int64Value) cuSize { return cuSize{v} }
