package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// replacingAttributes are the attributes whose change forces a new cluster:
// those with a RequiresReplace plan modifier in the schema
// (TestReplacingAttributesMatchTheSchema holds the two together).
var replacingAttributes = []struct {
	name  string
	value func(clusterModel) attr.Value
}{
	{"cluster_name", func(m clusterModel) attr.Value { return m.ClusterName }},
	{"project_id", func(m clusterModel) attr.Value { return m.ProjectID }},
	{"plan", func(m clusterModel) attr.Value { return m.Plan }},
	{"cu_type", func(m clusterModel) attr.Value { return m.CUType }},
	{"region_id", func(m clusterModel) attr.Value { return m.RegionID }},
}

// replacedAttributes names the attributes whose planned value differs from the
// prior one among those that force a new cluster (an unknown planned value
// counts, as Terraform counts it). The framework hands the resource-level
// ModifyPlan an empty RequiresReplace, so the comparison is made here, once,
// for every plan-time check that needs to know whether the cluster is replaced.
func replacedAttributes(plan, state clusterModel) []string {
	var out []string
	for _, a := range replacingAttributes {
		if !a.value(plan).Equal(a.value(state)) {
			out = append(out, a.name)
		}
	}
	return out
}

// replacementReason says why a plan replaces the cluster, for diagnostics.
func replacementReason(replaced []string) string {
	return "changing " + strings.Join(replaced, ", ") + " creates a new cluster"
}

// warnServerlessReplacement warns that the old cluster of a replaced
// Serverless or Free cluster may not be droppable, and what then happens to it.
func warnServerlessReplacement(state clusterModel, replaced []string) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(replaced) > 0 && zilliz.IsServerlessPlan(state.Plan.ValueString()) {
		diags.AddWarning("Replacing a cluster the API may not drop", serverlessReplaceDetail(state, replaced))
	}
	return diags
}

func serverlessReplaceDetail(state clusterModel, replaced []string) string {
	return fmt.Sprintf("This plan replaces cluster %s (region %s, plan %s): %s, which drops the old cluster. "+
		"The Zilliz Cloud API may refuse to drop %s clusters (code 80021, or 96021/96022 on v2). If it does:\n"+
		"- with the default order (destroy, then create), the apply fails at the drop, before anything is created: "+
		"the old cluster still exists and stays in state, and no new cluster is made;\n"+
		"- with lifecycle { create_before_destroy = true }, the new cluster is created first, and the old one stays "+
		"behind in state as a deposed object that every later apply tries, and fails, to drop, "+
		"until it is deleted in the Zilliz Cloud console: the next apply then finds it gone and "+
		"forgets it.\n\n"+
		"To replace it without either, delete the old cluster in the console first.",
		state.ID.ValueString(), state.RegionID.ValueString(), state.Plan.ValueString(), replacementReason(replaced),
		state.Plan.ValueString())
}
