package mockserver

import (
	"strings"
	"time"
)

// Status values the mock produces (others may be forced with SetStatus).
const (
	statusCreating  = "CREATING"
	statusRunning   = "RUNNING"
	statusModifying = "MODIFYING"
	statusDeleting  = "DELETING"
	statusDeleted   = "DELETED"
	statusSuspended = "SUSPENDED"
)

// Plans, in their stored spelling.
const (
	planStandard   = "Standard"
	planEnterprise = "Enterprise"
	planServerless = "Serverless"
	planFree       = "Free"
)

// Limits and defaults from the contract's create inputs.
const (
	defaultCUType    = "Performance-optimized"
	minCUSize        = 1
	maxCUSize        = 256
	maxClusterName   = 32
	defaultUsername  = "db_admin"
	projectIDPrefix  = "proj-"
	clusterIDHexLen  = 15
	createTimeLayout = time.RFC3339 // UTC, second precision
)

// cuTypes are the accepted cuType values.
var cuTypes = []string{"Performance-optimized", "Capacity-optimized", "Cost-optimized", "Tiered-storage"}

// Cluster is the API's cluster object; the JSON tags are the API's field names.
type Cluster struct {
	ClusterID          string `json:"clusterId"`
	ClusterName        string `json:"clusterName"`
	Description        string `json:"description"`
	RegionID           string `json:"regionId"`
	ClusterType        string `json:"clusterType"`
	Plan               string `json:"plan"`
	CUSize             int    `json:"cuSize"`
	Status             string `json:"status"`
	ConnectAddress     string `json:"connectAddress"`
	PrivateLinkAddress string `json:"privateLinkAddress"`
	CreateTime         string `json:"createTime"`
	StorageSize        int64  `json:"storageSize"`
	SnapshotNumber     int    `json:"snapshotNumber"`
	CreateProgress     int    `json:"createProgress"`
	ProjectID          string `json:"projectId"`
}

// record is a stored cluster plus at most one pending transition. Status is
// settled lazily from the deadline whenever the record is looked at, so no
// goroutine or timer is needed.
type record struct {
	c         Cluster
	pending   bool
	pendingTo string
	pendingAt time.Time
}

// settle applies the pending transition if its deadline has passed.
func (r *record) settle(now time.Time) {
	if !r.pending || now.Before(r.pendingAt) {
		return
	}
	r.c.Status = r.pendingTo
	if r.pendingTo == statusRunning {
		r.c.CreateProgress = 100
	}
	r.pending = false
}

// transition sets status now and schedules next after d; with d <= 0 the
// cluster goes straight to next.
func (r *record) transition(now time.Time, status, next string, d time.Duration) {
	r.c.Status = status
	r.pending, r.pendingTo, r.pendingAt = true, next, now.Add(d)
	r.settle(now)
}

// force sets a status that sticks: any pending transition is canceled.
func (r *record) force(status string) {
	r.c.Status = status
	r.pending = false
}

// gone reports whether the cluster is dropped or being dropped.
func (r *record) gone() bool {
	return r.c.Status == statusDeleting || r.c.Status == statusDeleted
}

// serverless reports whether the plan is one the dedicated-cluster
// operations (drop, modify, ...) refuse with 80021.
func serverless(plan string) bool { return plan == planServerless || plan == planFree }

// canonicalPlan maps a plan in any letter case to its stored spelling, or "".
func canonicalPlan(plan string) string {
	for _, p := range []string{planStandard, planEnterprise, planServerless, planFree} {
		if strings.EqualFold(plan, p) {
			return p
		}
	}
	return ""
}

// idPrefix is the cluster id prefix the live service uses for a plan.
func idPrefix(plan string) string {
	switch plan {
	case planFree:
		return "in03-"
	case planServerless:
		return "in05-"
	}
	return "in01-"
}

// newClusterID returns an unused id for plan. Caller holds s.mu.
func (s *Server) newClusterID(plan string) string {
	for {
		id := idPrefix(plan) + randomHex(clusterIDHexLen)
		if _, taken := s.clusters[id]; !taken {
			return id
		}
	}
}

// connectAddress is the public endpoint the live service reports for a cluster.
func connectAddress(id, region string) string {
	return "https://" + id + "." + region + ".vectordb.zillizcloud.com:19530"
}

// store adds or replaces a record, keeping creation order. Caller holds s.mu.
func (s *Server) store(rec *record) {
	if _, exists := s.clusters[rec.c.ClusterID]; !exists {
		s.order = append(s.order, rec.c.ClusterID)
	}
	s.clusters[rec.c.ClusterID] = rec
}

// find looks a cluster up for an API call made under region, answering
// 80020 for an unknown id and 90102 for one that lives elsewhere.
// Caller holds s.mu.
func (s *Server) find(region, id string) (*record, *response) {
	rec := s.clusters[id]
	if rec == nil || s.hidden[rec.c.ProjectID] {
		r := failure(codeNotFound)
		return nil, &r
	}
	if rec.c.RegionID != region {
		r := failure(codeOtherRegion)
		return nil, &r
	}
	rec.settle(s.now())
	return rec, nil
}

// findDedicated is find for the operations only dedicated clusters support
// (modify, suspend, resume): a cluster dropped or being dropped is "not found",
// a Serverless or Free one is refused with 80021. Caller holds s.mu.
func (s *Server) findDedicated(region, id string) (*record, *response) {
	rec, fail := s.find(region, id)
	switch {
	case fail != nil:
		return nil, fail
	case rec.gone():
		r := failure(codeNotFound)
		return nil, &r
	case serverless(rec.c.Plan):
		r := failure(codeServerless)
		return nil, &r
	}
	return rec, nil
}

// nameTaken reports whether a live (not DELETED) cluster in region already
// has name. Caller holds s.mu.
func (s *Server) nameTaken(region, name string) bool {
	now := s.now()
	for _, rec := range s.clusters {
		rec.settle(now)
		if rec.c.RegionID == region && rec.c.ClusterName == name && rec.c.Status != statusDeleted {
			return true
		}
	}
	return false
}
