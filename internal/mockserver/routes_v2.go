package mockserver

import "net/http"

// API versions, as Request.APIVersion names them.
const (
	apiV1 = "v1"
	apiV2 = "v2"
)

// parseRouteV2 matches a path below /v2/. v2 has one host for every region, so
// the path names none: workV2 finds the region in the body, the query or the
// cluster. Its creates have their own names; the rest has v1's shapes.
func parseRouteV2(method string, rest []string) route {
	rt := route{name: routeUnknown, version: apiV2}
	if len(rest) == 2 && rest[0] == "clusters" && method == http.MethodPost {
		switch rest[1] {
		case "createDedicated":
			rt.name = RouteCreate
		case "createServerless":
			rt.name = RouteCreateServerless
		case "createFree":
			rt.name = RouteCreateFree
		}
		return rt
	}
	return matchRoute(rt, method, rest)
}
