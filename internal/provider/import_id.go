package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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

// importable looks the cluster up before it is imported, so that a failed
// import says why (Terraform's own message names neither region nor status).
// byIdentity: the import names the cluster by identity, not by an id string.
func (r *clusterResource) importable(ctx context.Context, importID, region, id string, byIdentity bool, diags *diag.Diagnostics) bool {
	c, err := r.data.client.Clusters.Lookup(ctx, region, id)
	switch {
	case zilliz.IsNotFound(err):
		detail := fmt.Sprintf("Cluster %s was not found in region %s: code %d (%s).", id, region, zilliz.CodeOf(err), messageOf(err))
		if isNoPermission(err) {
			detail += " Either it does not exist there, or this API key has no permission on it."
		}
		if !strings.Contains(importID, "/") {
			other := "aws-us-west-2"
			if region == other {
				other = "gcp-us-west1"
			}
			how := fmt.Sprintf("import it as \"<region_id>/<cluster_id>\" with that region, such as \"%s/%s\"", other, id)
			if byIdentity {
				how = fmt.Sprintf("set region_id in the identity, such as identity = { id = %q, region_id = %q }", id, other)
			}
			detail += fmt.Sprintf("\n\nThe id was looked up in the provider's cloud_region, %s. If the cluster is in another "+
				"region, %s; the zilliz_cloud_regions data source lists a cloud's regions.", region, how)
		}
		detail += " The zilliz_clusters data source lists the clusters of a region."
		diags.AddError("Cannot import cluster: not found", detail)
	case err != nil:
		diags.AddError("Cannot import cluster", fmt.Sprintf("Describing cluster %s in region %s failed: %s", id, region, clientError(err)))
	case c.Deleted():
		diags.AddError("Cannot import cluster: it is deleted",
			fmt.Sprintf("Cluster %s in region %s is DELETED: it is in the recycle bin (for 30 days), gone for Terraform. "+
				"To manage it again, restore it in the Zilliz Cloud console first, then import it.", id, region))
	default:
		return true
	}
	return false
}
