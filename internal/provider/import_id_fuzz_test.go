package provider

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// FuzzParseClusterImportID: whatever a user types after `terraform import`, the
// parser must not panic, and an id it accepts must name exactly one region and
// one cluster that can be put into a URL path as they are (no escaping, no
// separators, no dot segments), so no import can address another path.
// Seeds: testdata/fuzz/FuzzParseClusterImportID.
func FuzzParseClusterImportID(f *testing.F) {
	f.Add("in01-3e5ad8adc38c3b8", "aws-us-west-2")
	f.Add("gcp-us-west1/in01-3e5ad8adc38c3b8", "")
	f.Add("../in01-abc", "aws-us-west-2")
	f.Add("in01-abc/drop", "aws-us-west-2")
	f.Fuzz(func(t *testing.T, id, defaultRegion string) {
		region, clusterID, err := parseClusterImportID(id, defaultRegion)
		if err != nil {
			if region != "" || clusterID != "" {
				t.Fatalf("error %v with region %q, id %q", err, region, clusterID)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error text is not valid UTF-8: %q", err.Error())
			}
			return
		}
		if zilliz.ValidateRegionID(region) != nil || zilliz.ValidateClusterID(clusterID) != nil {
			t.Fatalf("accepted %q as region %q, cluster %q, which the client refuses", id, region, clusterID)
		}
		if id != clusterID && id != region+"/"+clusterID {
			t.Fatalf("accepted %q as region %q, cluster %q: not what was typed", id, region, clusterID)
		}
		if id == clusterID && region != defaultRegion {
			t.Fatalf("bare id %q got region %q, not the default %q", id, region, defaultRegion)
		}
		for _, part := range []string{region, clusterID} {
			if url.PathEscape(part) != part || strings.ContainsAny(part, "/.%?# ") {
				t.Fatalf("accepted part %q needs escaping or holds a separator", part)
			}
		}
	})
}
