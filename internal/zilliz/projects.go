package zilliz

import (
	"context"
	"encoding/json"
)

// Project is one entry of the project list.
type Project struct {
	ID              string `json:"projectId"`
	Name            string `json:"projectName"`
	InstanceCount   int64  `json:"instanceCount"`
	CreateTimeMilli int64  `json:"createTimeMilli"`
}

// UnmarshalJSON accepts createTimeMilli as a number (the live API) or a numeric
// string (the reference's type for it), or v2's createTime.
func (p *Project) UnmarshalJSON(b []byte) error {
	type plain Project
	var v struct {
		plain
		CreateTimeMilli json.RawMessage `json:"createTimeMilli"`
		CreateTime      json.RawMessage `json:"createTime"` // v2
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Project(v.plain)
	p.CreateTimeMilli = createTimeMilli(v.CreateTimeMilli, v.CreateTime)
	return nil
}

// Projects groups the project endpoints.
type Projects struct{ c *Client }

// List returns every project the key can see. Projects are global: region only picks the host.
func (s *Projects) List(ctx context.Context, region string) ([]Project, error) {
	var out []Project
	_, err := s.c.do(ctx, call{method: "GET", region: region, path: s.c.dialect.root() + "/projects"}, &out)
	return out, err
}
