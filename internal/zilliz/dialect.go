package zilliz

import (
	"fmt"
	"net/url"
	"strings"
)

// API versions a Client can speak (Config.APIVersion).
const (
	APIVersionV1 = "v1"
	APIVersionV2 = "v2"
)

// dialect is one version of the wire: which host a call goes to, the path
// every call starts with, and how a create and a list page are asked for.
// Everything else is shared by both versions: the envelope (success is 0 or
// 200), the cluster object (decoded under either version's field names, see
// ClusterSummary.UnmarshalJSON) and the error codes, whose numbers the two
// versions never share, so that errors.go maps both onto one set of sentinels.
// The methods above this layer (waits, lookups, pacing, recovery of lost
// answers) are the same whatever the dialect.
type dialect interface {
	// root is the path every call starts with: "/v1" or "/v2".
	root() string
	// base is the base URL of a call about region.
	base(region string) (string, error)
	// create is the path and body of a create of opts in region.
	create(region string, opts ClusterCreateOptions) (path string, body map[string]any)
	// listQuery is the query of one list page of region's clusters.
	listQuery(region string, opts ClusterListOptions) url.Values
}

// newDialect returns the dialect of version, for endpoint (already validated;
// "" for v2 means the site that serves each region).
func newDialect(version, endpoint string) (dialect, error) {
	switch version {
	case "", APIVersionV1:
		return v1{endpoint: endpoint}, nil
	case APIVersionV2:
		return v2{endpoint: endpoint}, nil
	}
	return nil, fmt.Errorf("%w: API version %q must be %q or %q", ErrInvalidInput, version, APIVersionV1, APIVersionV2)
}

// ValidateAPIVersion checks an API version setting: "v1" or "v2".
func ValidateAPIVersion(version string) error {
	if version != APIVersionV1 && version != APIVersionV2 {
		return fmt.Errorf("%w: API version %q must be %q or %q", ErrInvalidInput, version, APIVersionV1, APIVersionV2)
	}
	return nil
}

// pageQuery is the pageSize of opts, and its page under each name in names.
func pageQuery(opts ClusterListOptions, names ...string) url.Values {
	q := url.Values{}
	if opts.PageSize > 0 {
		q.Set("pageSize", fmt.Sprint(opts.PageSize))
	}
	if opts.CurrentPage > 0 {
		for _, n := range names {
			q.Set(n, fmt.Sprint(opts.CurrentPage))
		}
	}
	return q
}

// trimBase drops the trailing slash of a base URL, so paths can be appended.
func trimBase(u string) string { return strings.TrimRight(u, "/") }
