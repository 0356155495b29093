package zilliz

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// RegionPlaceholder is replaced in an endpoint template by the region being addressed.
const RegionPlaceholder = "{region}"

var (
	regionPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	clusterIDPattern = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)
)

// ValidateEndpoint checks an endpoint template: an absolute URL containing {region},
// https unless it points at a loopback host (the mock), without credentials, query
// or fragment. The rule lives here so the provider's plan-time check and the
// client's own guard can never disagree.
func ValidateEndpoint(template string) error {
	// Whether it is a URL at all comes first: "not a url" lacks {region} too,
	// but that is not what is wrong with it.
	if err := checkURL(template, strings.ReplaceAll(template, RegionPlaceholder, "region"), GlobalEndpoint); err != nil {
		return err
	}
	if !strings.Contains(template, RegionPlaceholder) {
		return fmt.Errorf("%w: endpoint %q must contain the %s placeholder, e.g. https://controller.api.%s.zillizcloud.com",
			ErrInvalidInput, template, RegionPlaceholder, RegionPlaceholder)
	}
	return nil
}

// ValidateBaseURL checks a v2 base URL: like ValidateEndpoint, but one host
// for every region, so without {region}.
func ValidateBaseURL(base string) error {
	if strings.Contains(base, RegionPlaceholder) {
		return fmt.Errorf("%w: endpoint %q contains %s: the v2 API has one host per site, such as %s; "+
			"a {region} template is for api_version v1", ErrInvalidInput, base, RegionPlaceholder, V2GlobalEndpoint)
	}
	return checkURL(base, base, V2GlobalEndpoint)
}

// checkURL holds what both versions ask of an endpoint: an absolute http(s) URL
// without credentials, query or fragment, plain http only to a loopback host.
// raw is what the user wrote (quoted in errors), u what is parsed.
func checkURL(raw, parsed, example string) error {
	u, err := url.Parse(parsed)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%w: endpoint %q is not an absolute https:// URL, such as %s", ErrInvalidInput, raw, example)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%w: endpoint %q must not contain credentials, a query or a fragment", ErrInvalidInput, raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("%w: endpoint %q uses plain http to %q: http is allowed only for loopback hosts (a local mock); use https",
			ErrInvalidInput, raw, u.Hostname())
	}
	return nil
}

// ValidateEndpointFor checks endpoint as the given API version reads it.
func ValidateEndpointFor(version, endpoint string) error {
	if version == APIVersionV2 {
		return ValidateBaseURL(endpoint)
	}
	return ValidateEndpoint(endpoint)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ValidateRegionID checks a cloud region id such as "aws-us-west-2".
func ValidateRegionID(region string) error {
	if len(region) > 64 || !regionPattern.MatchString(region) {
		return fmt.Errorf("%w: region id %q must be lowercase letters, digits and single hyphens, such as aws-us-west-2",
			ErrInvalidInput, region)
	}
	return nil
}

// ValidateClusterID checks a cluster id such as "in01-3e5ad8adc38c3b8". Refusing
// anything else up front means no id can ever address a different path.
func ValidateClusterID(id string) error {
	if len(id) > 64 || !clusterIDPattern.MatchString(id) {
		return fmt.Errorf("%w: cluster id %q must be letters, digits and single hyphens, such as in01-3e5ad8adc38c3b8",
			ErrInvalidInput, id)
	}
	return nil
}
