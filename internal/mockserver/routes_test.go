package mockserver

import "testing"

func TestParseRoute(t *testing.T) {
	tests := []struct {
		method, path string
		want         route
	}{
		{"GET", "/aws-us-west-2/v1/clusters", route{name: RouteList, region: west}},
		{"GET", "/aws-us-west-2/v1/projects", route{name: RouteProjects, region: west}},
		{"GET", "/aws-us-west-2/v1/clouds", route{name: RouteClouds, region: west}},
		{"GET", "/aws-us-west-2/v1/regions", route{name: RouteRegions, region: west}},
		{"POST", "/aws-us-west-2/v1/clusters/create", route{name: RouteCreate, region: west}},
		{"POST", "/aws-us-west-2/v1/clusters/createServerless", route{name: RouteCreateServerless, region: west}},
		{"GET", "/aws-us-west-2/v1/clusters/in01-abc", route{name: RouteDescribe, region: west, clusterID: "in01-abc", hasID: true}},
		{"DELETE", "/aws-us-west-2/v1/clusters/in01-abc/drop", route{name: RouteDrop, region: west, clusterID: "in01-abc", hasID: true}},
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/modify", route{name: RouteModify, region: west, clusterID: "in01-abc", hasID: true}},
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/suspend", route{name: RouteSuspend, region: west, clusterID: "in01-abc", hasID: true}},
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/resume", route{name: RouteResume, region: west, clusterID: "in01-abc", hasID: true}},
		// An escaped slash stays inside the id.
		{"DELETE", "/aws-us-west-2/v1/clusters/a%2Fb/drop", route{name: RouteDrop, region: west, clusterID: "a/b", hasID: true}},
		{"GET", "/aws-us-west-2/v1/clusters/a%2Fb", route{name: RouteDescribe, region: west, clusterID: "a/b", hasID: true}},
		// Empty ids are routed, then answered 90103.
		{"DELETE", "/aws-us-west-2/v1/clusters//drop", route{name: RouteDrop, region: west, clusterID: "", hasID: true}},
		{"GET", "/aws-us-west-2/v1/clusters/", route{name: RouteDescribe, region: west, clusterID: "", hasID: true}},
		// An unknown region still routes; the work answers 90117.
		{"GET", "/mars-1/v1/clouds", route{name: RouteClouds, region: "mars-1"}},
		// Wrong methods and unknown shapes.
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/drop", route{name: routeUnknown, region: west}},
		{"GET", "/aws-us-west-2/v1/clusters/in01-abc/drop", route{name: routeUnknown, region: west}},
		{"DELETE", "/aws-us-west-2/v1/clusters/in01-abc", route{name: routeUnknown, region: west}},
		{"POST", "/aws-us-west-2/v1/clusters", route{name: routeUnknown, region: west}},
		{"GET", "/aws-us-west-2/v1/clusters/a/b/drop", route{name: routeUnknown, region: west}},
		{"GET", "/aws-us-west-2/v2/clusters", route{name: routeUnknown}},
		{"GET", "/v1/clusters", route{name: routeUnknown}},
		{"GET", "/", route{name: routeUnknown}},
		{"DELETE", "/aws-us-west-2/v1/clusters/%zz/drop", route{name: routeUnknown, region: west}},
	}
	for _, tt := range tests {
		got := parseRoute(tt.method, tt.path)
		if got.version != apiV1 {
			t.Errorf("parseRoute(%s %s): version %q, want v1", tt.method, tt.path, got.version)
		}
		if got.version = ""; got != tt.want {
			t.Errorf("parseRoute(%s %s) = %+v, want %+v", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestParseRouteV2(t *testing.T) {
	v2 := func(name, id string, hasID bool) route {
		return route{name: name, version: apiV2, clusterID: id, hasID: hasID}
	}
	tests := []struct {
		method, path string
		want         route
	}{
		{"GET", "/v2/clusters", v2(RouteList, "", false)},
		{"GET", "/v2/projects", v2(RouteProjects, "", false)},
		{"GET", "/v2/clouds", v2(RouteClouds, "", false)},
		{"GET", "/v2/regions", v2(RouteRegions, "", false)},
		{"POST", "/v2/clusters/createDedicated", v2(RouteCreate, "", false)},
		{"POST", "/v2/clusters/createServerless", v2(RouteCreateServerless, "", false)},
		{"POST", "/v2/clusters/createFree", v2(RouteCreateFree, "", false)},
		{"GET", "/v2/clusters/in01-abc", v2(RouteDescribe, "in01-abc", true)},
		{"DELETE", "/v2/clusters/in01-abc/drop", v2(RouteDrop, "in01-abc", true)},
		{"POST", "/v2/clusters/in01-abc/modify", v2(RouteModify, "in01-abc", true)},
		{"POST", "/v2/clusters/in01-abc/suspend", v2(RouteSuspend, "in01-abc", true)},
		{"POST", "/v2/clusters/in01-abc/resume", v2(RouteResume, "in01-abc", true)},
		// v1's create path is not v2's.
		{"POST", "/v2/clusters/create", v2(routeUnknown, "", false)},
		{"POST", "/v2/clusters/in01-abc/drop", v2(routeUnknown, "", false)},
	}
	for _, tt := range tests {
		if got := parseRoute(tt.method, tt.path); got != tt.want {
			t.Errorf("parseRoute(%s %s) = %+v, want %+v", tt.method, tt.path, got, tt.want)
		}
	}
}
