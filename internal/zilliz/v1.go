package zilliz

import (
	"cmp"
	"net/url"
	"strings"
)

// v1 is the deprecated (upstream) v1 API: a controller host per region, named by
// the endpoint template's {region}.
type v1 struct{ endpoint string }

func (v1) root() string { return "/v1" }

func (d v1) base(region string) (string, error) {
	if err := ValidateRegionID(region); err != nil {
		return "", err
	}
	return strings.ReplaceAll(d.endpoint, RegionPlaceholder, region), nil
}

// create sends a dedicated plan to create and Serverless or Free to
// createServerless. The region is the host's.
func (v1) create(_ string, opts ClusterCreateOptions) (string, map[string]any) {
	if IsServerlessPlan(opts.Plan) {
		// The API's enum is capitalised ("Serverless", "Free"); anything else answers 90155.
		return "/v1/clusters/createServerless",
			map[string]any{"plan": canonicalPlan(opts.Plan), "clusterName": opts.Name, "projectId": opts.ProjectID}
	}
	// The reference lists cuType among the required fields: the default is
	// sent when none is chosen, as on v2.
	return "/v1/clusters/create", map[string]any{"plan": opts.Plan, "clusterName": opts.Name, "cuSize": opts.CUSize,
		"cuType": cmp.Or(opts.CUType, CUTypePerformance), "projectId": opts.ProjectID}
}

// listQuery sends the page under both names: the English reference names it
// "current", the Chinese one "currentPage"; callers check the page answered.
// The host is the region's, so the list is the region's.
func (v1) listQuery(_ string, opts ClusterListOptions) url.Values {
	return pageQuery(opts, "current", "currentPage")
}
