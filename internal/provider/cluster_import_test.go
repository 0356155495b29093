package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// An import that cannot succeed says why: a bare id looked up in the provider's
// region names the "<region_id>/<cluster_id>" form, and a cluster in the recycle
// bin is said to be DELETED, through `terraform import` and import blocks alike.
// Neither leaves anything in state.
func TestAccClusterResource_importFailures(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	elsewhere := e.mock.AddCluster(mockserver.Cluster{RegionID: otherRegion, ProjectID: e.projectID, CUSize: 1})
	deleted := e.mock.AddCluster(mockserver.Cluster{RegionID: e.region, ProjectID: e.projectID, CUSize: 1, Status: "DELETED"})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, ""))

	for _, tc := range []struct {
		name, id string
		want     []string
	}{
		{"bare id of a cluster in another region", elsewhere.ClusterID,
			[]string{elsewhere.ClusterID, "not found in region " + e.region, "cloud_region", "<region_id>/<cluster_id>"}},
		{"id in the wrong region", e.region + "/" + elsewhere.ClusterID,
			[]string{elsewhere.ClusterID, "not found in region " + e.region}},
		{"cluster in the recycle bin", deleted.ClusterID, []string{deleted.ClusterID, "DELETED", "recycle bin"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Run("import", "-input=false", "-no-color", res, tc.id)
			if r.Err == nil {
				t.Fatalf("import %q succeeded:\n%s", tc.id, r.Output)
			}
			flat := strings.Join(strings.Fields(r.Output), " ")
			for _, w := range tc.want {
				if !strings.Contains(flat, w) {
					t.Errorf("terraform import %q does not say %q:\n%s", tc.id, w, r.Output)
				}
			}
			// An example of the qualified form never names the region that just failed.
			if strings.Contains(flat, e.region+"/"+tc.id) {
				t.Errorf("terraform import %q suggests %s, the region it was not found in:\n%s", tc.id, e.region+"/"+tc.id, r.Output)
			}
			e.rewrite(c, dedicatedConfig(e, clusterName(), 1, "")+fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", res, tc.id))
			r = c.Run("plan", "-input=false", "-json")
			if r.Err == nil || !strings.Contains(errorText(r), tc.want[len(tc.want)-1]) {
				t.Errorf("import block %q: errors %q do not say %q", tc.id, errorText(r), tc.want[len(tc.want)-1])
			}
			e.rewrite(c, dedicatedConfig(e, clusterName(), 1, ""))
		})
	}
	if st := readState(t, c); len(st) != 0 {
		t.Errorf("failed imports left %+v in state", st)
	}
	c.MustRun("import", "-input=false", "-no-color", res, otherRegion+"/"+elsewhere.ClusterID)
	if st := readState(t, c); len(st) != 1 || st[0].str("id") != elsewhere.ClusterID {
		t.Errorf("the region-qualified id did not import cluster %s: state %+v", elsewhere.ClusterID, st)
	}
}
