package provider

import (
	"errors"
	"fmt"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// clientError is a client error as a diagnostic shows it: the error, then a hint
// when the error alone does not say what to do. Every diagnostic that reports a
// client error goes through it.
func clientError(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, zilliz.ErrRegionUnknown):
		// v1 answers 90117 (the host called, which names the region, is not one
		// it serves); v2 answers 96001 (invalid regionId).
		msg += fmt.Sprintf("\n\nCode %d usually means that the region does not exist on this site: check the cluster's "+
			"region_id, the provider's cloud_region, and that endpoint is the site (China or global) of that region. "+
			"The zilliz_cloud_regions data source lists a cloud's regions, e.g. "+
			"`data \"zilliz_cloud_regions\" \"aws\" { cloud_id = \"aws\" }` (zilliz_cloud_providers lists the clouds); "+
			"it calls the API of the provider's cloud_region, which must be a region that exists.", zilliz.CodeOf(err))
	case isV2NoPermission(zilliz.CodeOf(err)):
		// v2 says so itself; v1's 80020 (a *ScopeError) is explained by its caller.
		msg += fmt.Sprintf("\n\nCode %d: this API key has no permission on the cluster. The cluster may well exist, so "+
			"nothing is removed from state. Use a key of the cluster's organization with a role on its project "+
			"(or grant this key's user one), then run terraform again.", zilliz.CodeOf(err))
	}
	return msg
}

// isV2NoPermission: v2's codes for a key without permission on a cluster.
func isV2NoPermission(code int) bool {
	return code >= zilliz.CodeV2NoPermissionFirst && code <= zilliz.CodeV2NoPermissionLast
}
