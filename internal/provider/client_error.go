package provider

import "github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"

// codeInvalidDomain is the API's "invalid domain name used": the host called,
// which names the region, is not one it serves. In practice the region id is
// a typo or a region of the other site (see the provider's endpoint).
const codeInvalidDomain = 90117

// clientError is a client error as a diagnostic shows it: the error, then a hint
// when the error alone does not say what to do. Every diagnostic that reports a
// client error goes through it.
func clientError(err error) string {
	msg := err.Error()
	if zilliz.CodeOf(err) == codeInvalidDomain {
		msg += "\n\nCode 90117 usually means that the region does not exist on this site: check the cluster's " +
			"region_id, the provider's cloud_region, and that endpoint is the site (China or global) of that region. " +
			"The zilliz_cloud_regions data source lists a cloud's regions, e.g. " +
			"`data \"zilliz_cloud_regions\" \"aws\" { cloud_id = \"aws\" }` (zilliz_cloud_providers lists the clouds); " +
			"it calls the API of the provider's cloud_region, which must be a region that exists."
	}
	return msg
}
