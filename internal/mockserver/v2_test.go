package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// createV2 makes a cluster through a v2 create endpoint and returns its id.
func (h *harness) createV2(endpoint, region, name string, extra map[string]any) string {
	h.t.Helper()
	b := map[string]any{"clusterName": name, "projectId": DefaultProjectID, "regionId": region}
	for k, v := range extra {
		b[k] = v
	}
	body, _ := json.Marshal(b)
	r := h.do("POST", "/v2/clusters/"+endpoint, string(body))
	if r.env.Code != 0 || r.status != http.StatusOK {
		h.t.Fatalf("%s %s: HTTP %d, code %d %s", endpoint, name, r.status, r.env.Code, r.env.Message)
	}
	var d createdJSON
	mustJSON(h.t, r.env.Data, &d)
	return d.ClusterID
}

// describeV2 returns the v2 cluster object as a map.
func (h *harness) describeV2(id string) map[string]any {
	h.t.Helper()
	r := h.do("GET", "/v2/clusters/"+id, "")
	if r.env.Code != 0 {
		h.t.Fatalf("describe %s: %d %s", id, r.env.Code, r.env.Message)
	}
	var c map[string]any
	mustJSON(h.t, r.env.Data, &c)
	return c
}

// One store, two dialects: what one version creates, the other sees, under
// its own field names.
func TestV2SameStoreAsV1(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createV2("createDedicated", west, "from-v2", map[string]any{"cuSize": 2, "cuType": "Capacity-optimized"})
	if c := h.describe(west, id); c.ClusterName != "from-v2" || c.ClusterType != "Capacity-optimized" || c.Plan != planStandard || c.CUSize != 2 {
		t.Errorf("v1 describe of a v2 create: %+v", c)
	}
	v1id := h.create(east, "from-v1", 1)
	c := h.describeV2(v1id)
	if c["regionId"] != east || c["cuType"] != defaultCUType || c["deploymentOption"] != "Dedicated" || c["replica"] != 1.0 {
		t.Errorf("v2 describe of a v1 create: %v", c)
	}
	if _, ok := c["clusterType"]; ok {
		t.Errorf("v2 describe says clusterType, v1's name: %v", c)
	}
	// Every request is logged with its dialect and the region it was about.
	var versions []string
	for _, r := range h.s.Requests() {
		versions = append(versions, r.APIVersion+":"+r.Route+":"+r.Region)
	}
	want := "v2:create:aws-us-west-2 v1:describe:aws-us-west-2 v1:create:aws-us-east-1 v2:describe:aws-us-east-1"
	if got := strings.Join(versions, " "); got != want {
		t.Errorf("log %s, want %s", got, want)
	}
}

func TestV2Creates(t *testing.T) {
	h := newHarness(t, Config{})
	free := h.createV2("createFree", west, "f", nil)
	sls := h.createV2("createServerless", west, "s", nil)
	if !strings.HasPrefix(free, "in03-") || !strings.HasPrefix(sls, "in05-") {
		t.Errorf("ids %s, %s", free, sls)
	}
	if p := h.describeV2(free)["plan"]; p != planFree {
		t.Errorf("free plan %v", p)
	}
	for _, tc := range []struct {
		path, body string
		code       int
	}{
		{"createDedicated", `{"clusterName":"d","projectId":"` + DefaultProjectID + `","regionId":"aws-us-west-2","cuSize":1}`, codeV2InvalidClass},
		{"createDedicated", `{"clusterName":"d","projectId":"` + DefaultProjectID + `","regionId":"mars-1","cuSize":1,"cuType":"Performance-optimized"}`, codeV2InvalidRegion},
		{"createServerless", `{"clusterName":"d","projectId":"proj-nope","regionId":"aws-us-west-2"}`, codeV2InvalidProject},
		{"createServerless", `{"clusterName":"s","projectId":"` + DefaultProjectID + `","regionId":"aws-us-west-2"}`, codeV2NameExists},
	} {
		if got := h.code("POST", "/v2/clusters/"+tc.path, tc.body); got != tc.code {
			t.Errorf("%s %s: code %d, want %d", tc.path, tc.body, got, tc.code)
		}
	}
}

func TestV2NameExistsCode(t *testing.T) {
	h := newHarness(t, Config{NameExistsCode: codeNameExistsV2})
	h.createV2("createServerless", west, "s", nil)
	body := `{"clusterName":"s","projectId":"` + DefaultProjectID + `","regionId":"aws-us-west-2"}`
	if got := h.code("POST", "/v2/clusters/createServerless", body); got != codeNameExistsV2 {
		t.Errorf("code %d, want 40013", got)
	}
}

func TestV2Drop(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createV2("createDedicated", west, "d", map[string]any{"cuSize": 1, "cuType": "Performance-optimized"})
	free := h.createV2("createFree", west, "f", nil)
	sls := h.createV2("createServerless", west, "s", nil)
	for _, tc := range []struct {
		id   string
		code int
	}{
		{id, 0}, {id, codeV2NotFound}, {"in01-000000000000000", codeV2NotFound},
		{free, codeV2FreeUnsupported}, {sls, codeV2SlsUnsupported},
	} {
		if got := h.code("DELETE", "/v2/clusters/"+tc.id+"/drop", ""); got != tc.code {
			t.Errorf("drop %s: code %d, want %d", tc.id, got, tc.code)
		}
	}
	if s := h.describeV2(id)["status"]; s != statusDeleted {
		t.Errorf("dropped cluster is %v", s)
	}
	h2 := newHarness(t, Config{AcceptServerlessDrop: true})
	free = h2.createV2("createFree", west, "f", nil)
	if got := h2.code("DELETE", "/v2/clusters/"+free+"/drop", ""); got != 0 {
		t.Errorf("accepted serverless drop: code %d", got)
	}
}

func TestV2Unauthorized(t *testing.T) {
	h := newHarness(t, Config{})
	for _, auth := range []string{"-", "Bearer wrong"} {
		r, err := h.send(t.Context(), "GET", "/v2/clusters", "", auth)
		if err != nil {
			t.Fatal(err)
		}
		if r.status != http.StatusUnauthorized || r.env.Code != codeV2KeyIllegal {
			t.Errorf("auth %q: HTTP %d code %d, want 401 21119", auth, r.status, r.env.Code)
		}
	}
}

func TestV2List(t *testing.T) {
	h := newHarness(t, Config{})
	for i := range 3 {
		h.createV2("createServerless", west, fmt.Sprint("w", i), nil)
	}
	h.createV2("createServerless", east, "e", nil)
	page := func(q string) listV2JSON {
		t.Helper()
		r := h.do("GET", "/v2/clusters?"+q, "")
		if r.env.Code != 0 {
			t.Fatalf("list %s: %d", q, r.env.Code)
		}
		var l listV2JSON
		mustJSON(t, r.env.Data, &l)
		return l
	}
	if l := page(""); l.Count != 4 || len(l.Clusters) != 4 || l.PageSize != 10 || l.CurrentPage != 1 {
		t.Errorf("every region: %+v", l)
	}
	if l := page("region=" + west + "&pageSize=2&currentPage=2"); l.Count != 3 || len(l.Clusters) != 1 || l.Clusters[0].ClusterName != "w2" {
		t.Errorf("west page 2 of 2: %+v", l)
	}
	// v1's page name is not v2's: current is ignored.
	if l := page("pageSize=2&current=2"); l.CurrentPage != 1 {
		t.Errorf("current=2 read as page %d", l.CurrentPage)
	}
	for q, code := range map[string]int{"pageSize=0": codeV2PageSize, "pageSize=101": codeV2PageSize,
		"currentPage=0": codeV2CurrentPage, "region=mars-1": codeV2InvalidRegion} {
		if got := h.code("GET", "/v2/clusters?"+q, ""); got != code {
			t.Errorf("list %s: code %d, want %d", q, got, code)
		}
	}
}

// The knobs of the variants the v2 contract leaves open.
func TestV2Variants(t *testing.T) {
	h := newHarness(t, Config{V2FreePlan: planServerless, V2NoDeploymentOption: true, V2ReplicaAsString: true, V2ListDataArray: true})
	free := h.createV2("createFree", west, "f", nil)
	d := h.createV2("createDedicated", west, "d", map[string]any{"cuSize": 1, "cuType": "Performance-optimized"})
	if c := h.describeV2(free); c["plan"] != planServerless || c["deploymentOption"] != nil {
		t.Errorf("free cluster read as %v", c)
	}
	if c := h.describeV2(d); c["replica"] != "1" {
		t.Errorf("replica %#v, want the string \"1\"", c["replica"])
	}
	r := h.do("GET", "/v2/clusters", "")
	var entries []listEntryV2
	mustJSON(t, r.env.Data, &entries)
	if len(entries) != 2 || entries[0].Plan != planServerless {
		t.Errorf("list data as an array: %s", r.env.Data)
	}
	// v1 still reads the free cluster as Free: the knobs are v2's words only.
	if c := h.describe(west, free); c.Plan != planFree {
		t.Errorf("v1 plan %s", c.Plan)
	}
}

func TestV2EndpointRateLimit(t *testing.T) {
	h := newHarness(t, Config{EndpointRateLimit: 1})
	h.withClock()
	if got := h.do("GET", "/v2/clusters", ""); got.status != http.StatusOK {
		t.Fatalf("first list: HTTP %d", got.status)
	}
	if got := h.do("GET", "/v2/clusters", ""); got.status != http.StatusTooManyRequests {
		t.Errorf("second list in the same instant: HTTP %d, want 429", got.status)
	}
	if got := h.do("GET", "/v2/projects", ""); got.status != http.StatusOK {
		t.Errorf("another endpoint: HTTP %d, want 200 (the limit is per endpoint)", got.status)
	}
}
