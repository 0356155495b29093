package mockserver

import (
	"net/http"
	"net/url"
	"strings"
)

// Route names, as they appear in Request.Route, Fault.Route and Counts.
const (
	RouteCreate           = "create"
	RouteCreateServerless = "createServerless"
	RouteCreateFree       = "createFree" // v2 only: v1 creates free clusters through createServerless
	RouteDescribe         = "describe"
	RouteList             = "list"
	RouteModify           = "modify"
	RouteDrop             = "drop"
	RouteSuspend          = "suspend"
	RouteResume           = "resume"
	RouteProjects         = "projects"
	RouteClouds           = "clouds"
	RouteRegions          = "regions"
)

// routeUnknown names any request that matches no API route.
const routeUnknown = "unknown"

// route is what the request path and method say about the request.
type route struct {
	name      string
	version   string // apiV1 or apiV2
	region    string // v1: the path's; v2: resolved by workV2
	clusterID string // unescaped path parameter
	hasID     bool   // the route has a {CLUSTER_ID} path parameter
}

// parseRoute matches the escaped path segment by segment, so an id that
// contains "%2F" stays one segment and is unescaped only afterwards.
func parseRoute(method, escapedPath string) route {
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	if segs[0] == apiV2 {
		return parseRouteV2(method, segs[1:])
	}
	rt := route{name: routeUnknown, version: apiV1}
	if len(segs) < 2 || segs[1] != "v1" {
		return rt // not even shaped like /{region}/v1/...
	}
	if region, err := url.PathUnescape(segs[0]); err == nil {
		rt.region = region
	}
	if len(segs) < 3 {
		return rt
	}
	return matchRoute(rt, method, segs[2:])
}

// matchRoute names the route of the path below the version segment (v1's
// paths; v2 names its creates itself), with its cluster id.
func matchRoute(rt route, method string, rest []string) route {
	switch {
	case len(rest) == 1 && method == http.MethodGet:
		switch rest[0] {
		case "clusters":
			rt.name = RouteList
		case "projects":
			rt.name = RouteProjects
		case "clouds":
			rt.name = RouteClouds
		case "regions":
			rt.name = RouteRegions
		}
	case len(rest) == 2 && rest[0] == "clusters":
		switch {
		case method == http.MethodPost && rest[1] == "create":
			rt.name = RouteCreate
		case method == http.MethodPost && rest[1] == "createServerless":
			rt.name = RouteCreateServerless
		case method == http.MethodGet:
			rt.name = RouteDescribe
			rt.hasID = true
		}
	case len(rest) == 3 && rest[0] == "clusters":
		want := map[string]string{
			"drop":    http.MethodDelete,
			"modify":  http.MethodPost,
			"suspend": http.MethodPost,
			"resume":  http.MethodPost,
		}
		if m, ok := want[rest[2]]; ok && m == method {
			rt.name = rest[2] // the action segments are the route names
			rt.hasID = true
		}
	}
	if rt.hasID {
		id, err := url.PathUnescape(rest[1])
		if err != nil {
			return route{name: routeUnknown, version: rt.version, region: rt.region}
		}
		rt.clusterID = id
	}
	return rt
}
