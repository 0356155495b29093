package mockserver

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestNewTestServer(t *testing.T) {
	var base string
	t.Run("inner", func(t *testing.T) {
		s, tpl := NewTestServer(t, Config{})
		if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/\{region\}$`).MatchString(tpl) {
			t.Fatalf("template %q", tpl)
		}
		base = strings.TrimSuffix(tpl, "/{region}")
		url := strings.Replace(tpl, "{region}", west, 1) + "/v1/clouds"
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || s.Count(RouteClouds) != 1 {
			t.Fatalf("status %d, count %d", resp.StatusCode, s.Count(RouteClouds))
		}
		http.DefaultClient.CloseIdleConnections()
	})
	// Cleanup closed the server.
	if resp, err := http.Get(base + "/_admin/counts"); err == nil {
		resp.Body.Close()
		t.Error("server still listening after the test ended")
	}
}
