package provider

import (
	"fmt"
	"strings"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// parseClusterImportID reads "<cluster_id>" or "<region_id>/<cluster_id>". A bare id
// takes defaultRegion. Both parts are checked so that no import can address a
// different path than the cluster named.
func parseClusterImportID(id, defaultRegion string) (region, clusterID string, err error) {
	const want = `expected "<cluster_id>" or "<region_id>/<cluster_id>", such as "in01-3e5ad8adc38c3b8" or "aws-us-west-2/in01-3e5ad8adc38c3b8"`
	parts := strings.Split(id, "/")
	switch len(parts) {
	case 1:
		region, clusterID = defaultRegion, parts[0]
		if region == "" && zilliz.ValidateClusterID(clusterID) == nil {
			return "", "", fmt.Errorf("import id %q has no region and the provider has no cloud_region (nor %s): use \"<region_id>/%s\"",
				id, EnvCloudRegion, clusterID)
		}
	case 2:
		region, clusterID = parts[0], parts[1]
	default:
		return "", "", fmt.Errorf("import id %q: %s", id, want)
	}
	if err := zilliz.ValidateClusterID(clusterID); err != nil {
		return "", "", fmt.Errorf("import id %q: %w; %s", id, err, want)
	}
	if err := zilliz.ValidateRegionID(region); err != nil {
		return "", "", fmt.Errorf("import id %q: %w; %s", id, err, want)
	}
	return region, clusterID, nil
}
