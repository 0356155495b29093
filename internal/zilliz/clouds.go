package zilliz

import (
	"context"
	"encoding/json"
	"net/url"
)

// CloudProvider is one entry of the cloud list.
type CloudProvider struct {
	ID          string `json:"cloudId"`
	Description string `json:"description"`
}

// Region is one region of a cloud.
type Region struct {
	CloudID    string `json:"cloudId"`
	ID         string `json:"regionId"`
	APIBaseURL string `json:"apiBaseUrl"`
}

// UnmarshalJSON reads the region's URL from "apiBaseUrl" (the live API) or
// "domain" (the reference's name for it).
func (r *Region) UnmarshalJSON(b []byte) error {
	type plain Region
	var v struct {
		plain
		Domain string `json:"domain"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Region(v.plain)
	if r.APIBaseURL == "" {
		r.APIBaseURL = v.Domain
	}
	return nil
}

// Clouds groups the cloud and region endpoints.
type Clouds struct{ c *Client }

// List returns the cloud providers.
func (s *Clouds) List(ctx context.Context, region string) ([]CloudProvider, error) {
	var out []CloudProvider
	_, err := s.c.do(ctx, call{method: "GET", region: region, path: s.c.dialect.root() + "/clouds"}, &out)
	return out, err
}

// Regions returns the regions of one cloud.
func (s *Clouds) Regions(ctx context.Context, region, cloudID string) ([]Region, error) {
	var out []Region
	_, err := s.c.do(ctx, call{method: "GET", region: region, path: s.c.dialect.root() + "/regions", query: url.Values{"cloudId": {cloudID}}}, &out)
	return out, err
}
