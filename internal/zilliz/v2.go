package zilliz

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Base URLs of the v2 API: one host per site, whatever the region.
const (
	V2GlobalEndpoint = "https://api.cloud.zilliz.com"
	V2ChinaEndpoint  = "https://api.cloud.zilliz.com.cn"
)

// Business codes of the v2 API that callers branch on, through the sentinels
// of errors.go (the v1 and v2 codes never share a number).
const (
	CodeV2KeyIllegal            = 21119 // HTTP 401: the API key is illegal
	CodeV2InvalidRegion         = 96001 // a region id the API does not know: a typo, or a region of the other site
	CodeV2NoPermissionFirst     = 96014 // 96014..96016: the key has no permission on the cluster
	CodeV2NoPermissionLast      = 96016
	CodeV2ClusterNameExists     = 96017
	CodeV2ClusterNotFound       = 96018
	CodeV2FreeUnsupported       = 96021 // the operation is not supported for free clusters
	CodeV2ServerlessUnsupported = 96022 // the operation is not supported for serverless clusters
)

// v2 is the v2 API: one host per site (endpoint, or by the region's site when
// endpoint is ""); the region travels in create bodies and the list's query.
type v2 struct{ endpoint string }

func (v2) root() string { return "/v2" }

func (d v2) base(region string) (string, error) {
	if err := ValidateRegionID(region); err != nil {
		return "", err
	}
	if d.endpoint != "" {
		return d.endpoint, nil
	}
	return V2SiteOf(region), nil
}

// V2SiteOf is the v2 base URL that serves region: Alibaba Cloud (ali-*) and
// Tencent Cloud (tc-*) regions are on the China site, every other on the
// global one, as the regions list's "domain" of each shows.
func V2SiteOf(region string) string {
	if strings.HasPrefix(region, "ali-") || strings.HasPrefix(region, "tc-") {
		return V2ChinaEndpoint
	}
	return V2GlobalEndpoint
}

// create picks createDedicated, createServerless or createFree by plan.
// createDedicated requires cuType: the default is sent when none is chosen.
func (v2) create(region string, opts ClusterCreateOptions) (string, map[string]any) {
	b := map[string]any{"clusterName": opts.Name, "projectId": opts.ProjectID, "regionId": region}
	switch canonicalPlan(opts.Plan) {
	case PlanFree:
		return "/v2/clusters/createFree", b
	case PlanServerless:
		return "/v2/clusters/createServerless", b
	}
	b["plan"], b["cuSize"], b["cuType"] = opts.Plan, opts.CUSize, cmp.Or(opts.CUType, CUTypePerformance)
	return "/v2/clusters/createDedicated", b
}

// listQuery asks for the region's clusters only: without the filter the v2
// list spans every region of the key, and the lookups of one region would
// page through the others' clusters too.
func (v2) listQuery(region string, opts ClusterListOptions) url.Values {
	q := pageQuery(opts, "currentPage")
	q.Set("region", region)
	return q
}

// describe performs a describe call. The v2 path names no region, so v2
// describes a cluster of any region: one of another region than the call's is
// answered as v1's host of that region answers it (90102, not in this
// region), so that no cluster is imported, read or dropped under a region it
// is not in.
func (c *Client) describe(ctx context.Context, cl call, out *Cluster) (outcome, error) {
	res, err := c.do(ctx, cl, out)
	if err == nil && out.RegionID != "" && !strings.EqualFold(out.RegionID, cl.region) {
		err = &Error{Method: cl.method, URL: cl.path, HTTPStatus: http.StatusOK, Code: CodeNotInRegion, InRegion: out.RegionID,
			Message: fmt.Sprintf("the cluster is in region %s, not %s (the answer's regionId)", out.RegionID, cl.region)}
	}
	return res, err
}
