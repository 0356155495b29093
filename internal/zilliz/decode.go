package zilliz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Decoding accepts the cluster object under either version's field names, so
// that one set of types serves both dialects: v2 says cuType where v1 says
// clusterType, adds deploymentOption (Free, Serverless or Dedicated) and
// replica, which its reference types as a string and shows as a number.

// freeIDPrefix is the id prefix of free clusters on the live service.
const freeIDPrefix = "in03-"

// UnmarshalJSON reads the summary under v1's or v2's names.
func (c *ClusterSummary) UnmarshalJSON(b []byte) error {
	type plain ClusterSummary
	var v struct {
		plain
		CUTypeV2         string `json:"cuType"`
		DeploymentOption string `json:"deploymentOption"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = ClusterSummary(v.plain)
	if c.CUType == "" {
		c.CUType = v.CUTypeV2
	}
	c.Plan = planOf(c.ID, c.Plan, v.DeploymentOption)
	return nil
}

// planOf is the plan a cluster was created with. A free cluster has been
// described with plan "Serverless" on v2 (a live recording), while the
// reference says "Free": its deploymentOption, or else its id prefix, tells.
func planOf(id, plan, deploymentOption string) string {
	if !strings.EqualFold(plan, PlanServerless) {
		return plan
	}
	if strings.EqualFold(deploymentOption, PlanFree) ||
		(deploymentOption == "" && strings.HasPrefix(id, freeIDPrefix)) {
		return PlanFree
	}
	return plan
}

// UnmarshalJSON reads the describe payload: the summary, then the fields only
// describe answers. Without it, the summary's UnmarshalJSON would be promoted
// and drop them.
func (c *Cluster) UnmarshalJSON(b []byte) error {
	if err := c.ClusterSummary.UnmarshalJSON(b); err != nil {
		return err
	}
	var v struct {
		StorageSize    int64           `json:"storageSize"`
		SnapshotNumber int64           `json:"snapshotNumber"`
		CreateProgress int64           `json:"createProgress"`
		Replica        json.RawMessage `json:"replica"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	c.StorageSize, c.SnapshotNumber, c.CreateProgress = v.StorageSize, v.SnapshotNumber, v.CreateProgress
	r, err := numberOrString(v.Replica)
	if err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	c.Replica = r
	return nil
}

// numberOrString reads an integer sent as a number, a numeric string, "" or
// nothing (both 0).
func numberOrString(raw json.RawMessage) (int64, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` {
		return 0, nil
	}
	var f flexInt
	if err := json.Unmarshal(raw, &f); err != nil {
		return 0, fmt.Errorf("%s is neither an integer nor a numeric string", truncate(string(raw), 40))
	}
	return int64(f), nil
}

// UnmarshalJSON refuses a list payload that is not the documented object: the
// v2 reference's schema calls it an array, while every example (and both
// versions' live answers) are {"count", "currentPage", "pageSize", "clusters"}.
// Reading anything else as an empty page would report clusters gone.
func (l *ClusterList) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("the cluster list's data is %s, not the documented object "+
			`{"count", "currentPage", "pageSize", "clusters"}`, jsonKind(t))
	}
	type plain ClusterList
	var v plain
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = ClusterList(v)
	return nil
}

// jsonKind names the kind of a JSON value for an error.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "empty"
	}
	switch b[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// createTimeMilli reads a project's creation time: v1's createTimeMilli (a
// number live, a string in the reference), else v2's createTime, as
// milliseconds or an RFC 3339 time (its format is not documented). A time it
// cannot read is 0: the time is only shown, while failing to decode would fail
// the whole project list, which says whether a cluster is gone (ConfirmGone).
func createTimeMilli(milli, createTime json.RawMessage) int64 {
	if n, err := numberOrString(milli); err == nil && n != 0 || len(createTime) == 0 {
		return n
	}
	if n, err := numberOrString(createTime); err == nil {
		return n
	}
	var s string
	if json.Unmarshal(createTime, &s) == nil {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UnixMilli()
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return 0
}
