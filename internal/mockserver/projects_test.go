package mockserver

import "testing"

func TestProjects(t *testing.T) {
	h := newHarness(t, Config{})
	h.create(west, "a", 1)
	h.create(east, "b", 1)
	gone := h.create(west, "c", 1)
	h.s.DeleteOutOfBand(west, gone)
	h.s.AddCluster(Cluster{RegionID: east, ProjectID: SecondProjectID, Status: "DELETING"})
	h.s.AddProject("proj-000", "Zeroth")

	var got []projectJSON
	mustJSON(t, h.do("GET", "/"+east+"/v1/projects", "").env.Data, &got)
	want := []projectJSON{
		{"proj-000", "Zeroth", 0, got[0].CreateTimeMilli},
		{DefaultProjectID, "Default Project", 2, 1700000000000},
		{SecondProjectID, "Analytics", 1, 1710000000000},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("project %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if got[0].CreateTimeMilli == 0 {
		t.Error("added project has no creation time")
	}
}

func TestClouds(t *testing.T) {
	h := newHarness(t, Config{})
	var got []cloudJSON
	mustJSON(t, h.do("GET", "/"+west+"/v1/clouds", "").env.Data, &got)
	want := []cloudJSON{{"ali", "Alibaba Cloud"}, {"tc", "Tencent Cloud"}, {"aws", "Amazon Web Services"}, {"gcp", "Google Cloud Platform"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cloud %d: %+v", i, got[i])
		}
	}
}

func TestRegions(t *testing.T) {
	h := newHarness(t, Config{})
	host := h.base[len("http://"):]
	tests := []struct {
		query string
		want  []string
	}{
		{"cloudId=ali", []string{"ali-cn-hangzhou", "ali-cn-beijing", "ali-cn-shenzhen"}},
		{"cloudId=tc", []string{"tc-ap-beijing", "tc-ap-shanghai"}},
		{"cloudId=aws", []string{"aws-us-west-2", "aws-us-east-1", "aws-eu-central-1"}},
		{"cloudId=gcp", []string{"gcp-us-west1", "gcp-europe-west3"}},
		{"cloudId=azure", nil},
		{"", nil},
	}
	for _, tt := range tests {
		r := h.do("GET", "/ali-cn-beijing/v1/regions?"+tt.query, "")
		if string(r.env.Data) == "null" {
			t.Errorf("%q: data is null, want a list", tt.query)
		}
		var got []regionJSON
		mustJSON(t, r.env.Data, &got)
		if len(got) != len(tt.want) {
			t.Fatalf("%q: got %+v", tt.query, got)
		}
		for i, id := range tt.want {
			if got[i].RegionID != id || got[i].APIBaseURL != "http://"+host+"/"+id || got[i].CloudID == "" {
				t.Errorf("%q: region %d = %+v", tt.query, i, got[i])
			}
			// Every listed region is an accepted prefix.
			if code := h.code("GET", "/"+id+"/v1/clouds", ""); code != 200 {
				t.Errorf("region %s refused: %d", id, code)
			}
		}
	}
	raw := h.do("GET", "/"+west+"/v1/regions?cloudId=nope", "").env.Data
	if string(raw) != "[]" {
		t.Errorf("unknown cloud: %s", raw)
	}
}
