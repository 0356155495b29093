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
		{"GET", "/aws-us-west-2/v1/clusters/in01-abc", route{RouteDescribe, west, "in01-abc", true}},
		{"DELETE", "/aws-us-west-2/v1/clusters/in01-abc/drop", route{RouteDrop, west, "in01-abc", true}},
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/modify", route{RouteModify, west, "in01-abc", true}},
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/suspend", route{RouteSuspend, west, "in01-abc", true}},
		{"POST", "/aws-us-west-2/v1/clusters/in01-abc/resume", route{RouteResume, west, "in01-abc", true}},
		// An escaped slash stays inside the id.
		{"DELETE", "/aws-us-west-2/v1/clusters/a%2Fb/drop", route{RouteDrop, west, "a/b", true}},
		{"GET", "/aws-us-west-2/v1/clusters/a%2Fb", route{RouteDescribe, west, "a/b", true}},
		// Empty ids are routed, then answered 90103.
		{"DELETE", "/aws-us-west-2/v1/clusters//drop", route{RouteDrop, west, "", true}},
		{"GET", "/aws-us-west-2/v1/clusters/", route{RouteDescribe, west, "", true}},
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
		if got := parseRoute(tt.method, tt.path); got != tt.want {
			t.Errorf("parseRoute(%s %s) = %+v, want %+v", tt.method, tt.path, got, tt.want)
		}
	}
}
