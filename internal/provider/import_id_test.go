package provider

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseClusterImportID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id, defaultRegion string
		region, clusterID string
		errSays           string
	}{
		{id: "in01-3e5ad8adc38c3b8", defaultRegion: "aws-us-west-2", region: "aws-us-west-2", clusterID: "in01-3e5ad8adc38c3b8"},
		{id: "gcp-us-west1/in05-abc", defaultRegion: "aws-us-west-2", region: "gcp-us-west1", clusterID: "in05-abc"},
		{id: "gcp-us-west1/in05-abc", region: "gcp-us-west1", clusterID: "in05-abc"},
		{id: "in01-abc", errSays: "has no region and the provider has no cloud_region"},
		{id: "", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "/", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "/in01-abc", errSays: "region id"},
		{id: "aws-us-west-2/", errSays: "cluster id"},
		{id: "a/b/c", defaultRegion: "aws-us-west-2", errSays: `expected "<cluster_id>" or "<region_id>/<cluster_id>"`},
		{id: "aws-us-west-2/in01-abc/drop", errSays: "expected"},
		{id: "aws-us-west-2//in01-abc", errSays: "expected"},
		{id: "..", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "../in01-abc", errSays: "region id"},
		{id: "aws-us-west-2/..", errSays: "cluster id"},
		{id: "in01-abc?x=1", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "in01-abc#f", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "in01-%2F", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "in01 abc", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "in01-ünï", defaultRegion: "aws-us-west-2", errSays: "cluster id"},
		{id: "AWS-US-WEST-2/in01-abc", errSays: "region id"},
		{id: "in01-abc", defaultRegion: "bad region", errSays: "region id"},
	} {
		t.Run(fmt.Sprintf("%q in %q", tc.id, tc.defaultRegion), func(t *testing.T) {
			region, id, err := parseClusterImportID(tc.id, tc.defaultRegion)
			if tc.errSays == "" {
				if err != nil || region != tc.region || id != tc.clusterID {
					t.Fatalf("= %q, %q, %v; want %q, %q", region, id, err, tc.region, tc.clusterID)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted as region %q, cluster %q", region, id)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.errSays) || !strings.Contains(msg, fmt.Sprintf("%q", tc.id)) {
				t.Errorf("error %q does not quote the id and say %q", msg, tc.errSays)
			}
		})
	}
}
