package mockserver

import (
	"regexp"
	"testing"
	"time"
)

func TestAddClusterDefaults(t *testing.T) {
	s := New(Config{})
	c := s.AddCluster(Cluster{})
	if !regexp.MustCompile(`^in01-[0-9a-f]{15}$`).MatchString(c.ClusterID) || c.Plan != "Standard" ||
		c.RegionID != "ali-cn-hangzhou" || c.ClusterName != c.ClusterID || c.ProjectID != DefaultProjectID ||
		c.ClusterType != "Performance-optimized" || c.CUSize != 1 || c.Status != "RUNNING" || c.CreateProgress != 100 ||
		c.CreateTime == "" || c.ConnectAddress != connectAddress(c.ClusterID, "ali-cn-hangzhou") {
		t.Errorf("defaults: %+v", c)
	}
	if _, err := time.Parse(time.RFC3339, c.CreateTime); err != nil {
		t.Errorf("createTime: %v", err)
	}
	for plan, prefix := range map[string]string{"serverless": "in05-", "Free": "in03-", "Enterprise": "in01-"} {
		c := s.AddCluster(Cluster{Plan: plan, RegionID: west})
		if c.ClusterID[:5] != prefix {
			t.Errorf("%s: id %s", plan, c.ClusterID)
		}
		if serverless(c.Plan) && (c.ClusterType != "" || c.CUSize != 0) {
			t.Errorf("%s: %+v", plan, c)
		}
	}
	given := Cluster{ClusterID: "in01-given", ClusterName: "n", RegionID: east, Status: "CREATING", CUSize: 9, Description: "d"}
	got := s.AddCluster(given)
	if got.ClusterID != "in01-given" || got.Status != "CREATING" || got.CreateProgress != 0 || got.CUSize != 9 || got.Description != "d" {
		t.Errorf("given fields not kept: %+v", got)
	}
	if c, ok := s.Cluster(east, "in01-given"); !ok || c != got {
		t.Errorf("Cluster() = %+v %v", c, ok)
	}
	// A given status sticks (no timer).
	s.now = func() time.Time { return time.Now().Add(time.Hour) }
	if c, _ := s.Cluster(east, "in01-given"); c.Status != "CREATING" {
		t.Errorf("status moved: %s", c.Status)
	}
	// Same id replaces, keeping order.
	s.AddCluster(Cluster{ClusterID: "in01-given", RegionID: east, CUSize: 3})
	if cs := s.Clusters(east); len(cs) != 1 || cs[0].CUSize != 3 {
		t.Errorf("replace: %+v", cs)
	}
}

func TestOutOfBand(t *testing.T) {
	h := newHarness(t, Config{CreateDuration: time.Minute})
	clock := h.withClock()
	a := h.create(west, "a", 1)
	b := h.create(west, "b", 1)
	c := h.create(west, "c", 1)

	if _, ok := h.s.Cluster(east, a); ok {
		t.Error("Cluster found in the wrong region")
	}
	h.s.SetStatus(west, a, "UPGRADING")
	clock.Add(time.Hour) // the create timer was canceled: the forced status sticks
	if got := h.describe(west, a); got.Status != "UPGRADING" {
		t.Errorf("forced status: %s", got.Status)
	}
	h.s.SetCUSize(west, b, 7)
	if got := h.describe(west, b); got.CUSize != 7 || got.Status != "RUNNING" {
		t.Errorf("cu size: %+v", got)
	}
	h.s.DeleteOutOfBand(west, b)
	if got := h.describe(west, b); got.Status != "DELETED" {
		t.Errorf("deleted: %s", got.Status)
	}
	if code := h.code("DELETE", "/"+west+"/v1/clusters/"+b+"/drop", ""); code != 80020 {
		t.Errorf("drop after out-of-band delete: %d", code)
	}
	h.s.PurgeOutOfBand(west, c)
	if code := h.code("GET", "/"+west+"/v1/clusters/"+c, ""); code != 80020 {
		t.Errorf("purged describe: %d", code)
	}
	ids := []string{}
	for _, cl := range h.s.Clusters(west) {
		ids = append(ids, cl.ClusterID)
	}
	if len(ids) != 2 || ids[0] != a || ids[1] != b {
		t.Errorf("Clusters after purge: %v", ids)
	}
	// Unknown clusters and wrong regions are no-ops.
	h.s.DeleteOutOfBand(east, a)
	h.s.PurgeOutOfBand(east, a)
	h.s.SetStatus(west, "in01-none", "RUNNING")
	h.s.SetCUSize(east, a, 3)
	if got := h.describe(west, a); got.Status != "UPGRADING" || got.CUSize != 1 {
		t.Errorf("no-ops changed the cluster: %+v", got)
	}
}
