package mockserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The v2 dialect serves the same clusters as v1 (one store, two dialects):
// it finds the region a request is about, runs v1's handler there, and
// answers in v2's words: its paths, its field names (cuType, replica,
// deploymentOption), success code 0 and its error codes.

// Codes only v2 answers.
const (
	codeV2KeyIllegal       = 21119
	codeV2InvalidRegion    = 96001
	codeV2InvalidProject   = 96005
	codeV2PageSize         = 96008
	codeV2CurrentPage      = 96009
	codeV2InvalidName      = 96010
	codeV2NameExists       = 96017
	codeV2NotFound         = 96018
	codeV2FreeUnsupported  = 96021
	codeV2SlsUnsupported   = 96022
	codeV2InvalidClass     = 96023
	codeV2EmptyClusterID   = 96025
	v2MaxPageSize          = 100
	v2DefaultPageSize      = 10
	v2DeploymentDedicated  = "Dedicated"
	v2ProjectTimeLayout    = "2006-01-02T15:04:05.000Z07:00" // RFC 3339 with milliseconds: the v1 field's precision
	v2DefaultDedicatedPlan = planStandard
)

func init() {
	for code, msg := range map[int]string{
		codeV2KeyIllegal:      "The apikey is illegal",
		codeV2InvalidRegion:   "Invalid RegionId.",
		codeV2InvalidProject:  "Invalid projectId.",
		codeV2PageSize:        "pageSize should be between 1 and 100.",
		codeV2CurrentPage:     "currentPage should be greater than 0.",
		codeV2InvalidName:     "Invalid clusterName.",
		codeV2NameExists:      "Cluster name already exists.",
		codeV2NotFound:        "Cluster not found.",
		codeV2FreeUnsupported: "Free cluster does not support this operation.",
		codeV2SlsUnsupported:  "Serverless cluster does not support this operation.",
		codeV2InvalidClass:    "There is no class for this cuType, cuSize and plan.",
		codeV2EmptyClusterID:  "clusterId is empty.",
	} {
		messages[code] = msg
	}
}

// v2Config is the v2 part of Config, fixed at New.
type v2Config struct {
	freePlan         string
	deploymentOption bool
	replicaAsString  bool
	listDataArray    bool
	nameExistsCode   int
}

func newV2Config(cfg Config) v2Config {
	v := v2Config{freePlan: planFree, deploymentOption: !cfg.V2NoDeploymentOption,
		replicaAsString: cfg.V2ReplicaAsString, listDataArray: cfg.V2ListDataArray, nameExistsCode: codeV2NameExists}
	if cfg.V2FreePlan != "" {
		v.freePlan = cfg.V2FreePlan
	}
	if cfg.NameExistsCode == codeNameExistsV2 {
		v.nameExistsCode = codeNameExistsV2
	}
	return v
}

// v2Unauthorized is v2's answer to a missing or wrong key (live): HTTP 401, 21119.
func v2Unauthorized() response {
	r := failure(codeV2KeyIllegal)
	r.status = http.StatusUnauthorized
	return r
}

// workV2 performs a v2 request over the store.
func (s *Server) workV2(c *call) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.rt.name {
	case RouteCreate, RouteCreateServerless, RouteCreateFree:
		return s.createV2(c)
	case RouteList:
		return s.listV2(c)
	case RouteProjects:
		return s.toV2(c, s.handleProjects())
	case RouteClouds:
		return handleClouds()
	case RouteRegions:
		return s.toV2(c, handleRegions(c))
	}
	// The routes of one cluster: its region is the cluster's own.
	if c.rt.clusterID == "" {
		return failure(codeV2EmptyClusterID)
	}
	rec := s.clusters[c.rt.clusterID]
	if rec == nil {
		return failure(codeV2NotFound)
	}
	c.rt.region, c.req.Region = rec.c.RegionID, rec.c.RegionID
	return s.toV2(c, s.dispatch(c))
}

// createV2 turns a v2 create into v1's: the region from the body, the plan
// from the endpoint (createDedicated requires cuType; its plan defaults to
// Standard). Caller holds s.mu.
func (s *Server) createV2(c *call) response {
	var b struct {
		createBody
		RegionID string `json:"regionId"`
	}
	_ = json.Unmarshal(c.body, &b)
	if !knownRegion(b.RegionID) {
		return failure(codeV2InvalidRegion)
	}
	c.rt.region, c.req.Region = b.RegionID, b.RegionID
	switch c.rt.name {
	case RouteCreateServerless:
		b.Plan = planServerless
	case RouteCreateFree:
		b.Plan = planFree
	default:
		if b.CUType == "" {
			return failure(codeV2InvalidClass)
		}
		if b.Plan == "" {
			b.Plan = v2DefaultDedicatedPlan
		}
	}
	v1Body, _ := json.Marshal(b.createBody)
	c.body = v1Body
	if c.rt.name == RouteCreate {
		return s.toV2(c, s.handleCreate(c))
	}
	return s.toV2(c, s.handleCreateServerless(c))
}

// listV2 pages through the clusters of every region, or of ?region= alone,
// in creation order. Caller holds s.mu.
func (s *Server) listV2(c *call) response {
	q, _ := url.ParseQuery(c.r.URL.RawQuery)
	size, ok := queryInt(q, "pageSize", v2DefaultPageSize)
	if !ok || size < 1 || size > v2MaxPageSize {
		return failure(codeV2PageSize)
	}
	page, ok := queryInt(q, "currentPage", 1)
	if !ok || page < 1 {
		return failure(codeV2CurrentPage)
	}
	region := q.Get("region")
	if region != "" {
		if !knownRegion(region) {
			return failure(codeV2InvalidRegion)
		}
		c.req.Region = region
	}
	now := s.now()
	var all []Cluster
	for _, id := range s.order {
		rec := s.clusters[id]
		if (region != "" && rec.c.RegionID != region) || s.hidden[rec.c.ProjectID] {
			continue // as v1's list: the projects the key cannot see are left out
		}
		rec.settle(now)
		all = append(all, rec.c)
	}
	out := []listEntryV2{}
	if pages := (len(all) + size - 1) / size; page <= pages {
		start := (page - 1) * size
		for i := start; i < min(start+size, len(all)); i++ {
			out = append(out, s.entryV2(&all[i]))
		}
	}
	if s.v2.listDataArray {
		return success(out)
	}
	return success(listV2JSON{Count: len(all), CurrentPage: page, PageSize: size, Clusters: out})
}

// queryInt reads an integer query value: def when absent, false when malformed.
func queryInt(q url.Values, name string, def int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// toV2 rewrites a v1 answer in v2's words. Caller holds s.mu.
func (s *Server) toV2(c *call, r response) response {
	if !r.ok {
		if r.isRaw {
			return r
		}
		code := s.codeV2(c, r.code)
		if code != r.code {
			r.code, r.message = code, messages[code]
		}
		return r
	}
	switch d := r.data.(type) {
	case Cluster:
		r.data = s.clusterV2(&d)
	case []projectJSON:
		out := make([]projectV2, 0, len(d))
		for _, p := range d {
			out = append(out, projectV2{p.ProjectID, p.ProjectName, p.InstanceCount,
				time.UnixMilli(p.CreateTimeMilli).UTC().Format(v2ProjectTimeLayout)})
		}
		r.data = out
	case []regionJSON:
		out := make([]regionV2, 0, len(d))
		for _, rg := range d {
			out = append(out, regionV2{rg.CloudID, rg.RegionID, "http://" + c.r.Host}) // one host for every region
		}
		r.data = out
	}
	return r
}

// codeV2 is v2's code for a v1 code. Codes v2 documents no counterpart for
// (80000 wrong status, 80007 payment) pass through. Caller holds s.mu.
func (s *Server) codeV2(c *call, code int) int {
	switch code {
	case codeNotFound, codeOtherRegion:
		return codeV2NotFound
	case codeServerless:
		if rec := s.clusters[c.rt.clusterID]; rec != nil && rec.c.Plan == planFree {
			return codeV2FreeUnsupported
		}
		return codeV2SlsUnsupported
	case codeNameExists, codeNameExistsV2:
		return s.v2.nameExistsCode
	case codeInvalidDomain:
		return codeV2InvalidRegion
	case codeInvalidName:
		return codeV2InvalidName
	case codeInvalidProject:
		return codeV2InvalidProject
	case codeInvalidCUType, codeInvalidCUSize, codeInvalidPlan, codeInvalidSlsPlan:
		return codeV2InvalidClass
	case codeEmptyClusterID:
		return codeV2EmptyClusterID
	}
	return code
}

// clusterV2 is v2's cluster object.
type clusterV2 struct {
	ClusterID          string `json:"clusterId"`
	ClusterName        string `json:"clusterName"`
	ProjectID          string `json:"projectId"`
	Description        string `json:"description"`
	RegionID           string `json:"regionId"`
	CUType             string `json:"cuType"`
	Plan               string `json:"plan"`
	Status             string `json:"status"`
	ConnectAddress     string `json:"connectAddress"`
	PrivateLinkAddress string `json:"privateLinkAddress"`
	Replica            any    `json:"replica"`
	CUSize             int    `json:"cuSize"`
	StorageSize        int64  `json:"storageSize"`
	SnapshotNumber     int    `json:"snapshotNumber"`
	CreateProgress     int    `json:"createProgress"`
	CreateTime         string `json:"createTime"`
	DeploymentOption   string `json:"deploymentOption,omitempty"`
}

// listEntryV2 is a cluster as the v2 list shows it.
type listEntryV2 struct {
	ClusterID          string `json:"clusterId"`
	ClusterName        string `json:"clusterName"`
	Description        string `json:"description"`
	RegionID           string `json:"regionId"`
	Plan               string `json:"plan"`
	CUType             string `json:"cuType"`
	CUSize             int    `json:"cuSize"`
	Status             string `json:"status"`
	ConnectAddress     string `json:"connectAddress"`
	PrivateLinkAddress string `json:"privateLinkAddress"`
	CreateTime         string `json:"createTime"`
	ProjectID          string `json:"projectId"`
	DeploymentOption   string `json:"deploymentOption,omitempty"`
}

type listV2JSON struct {
	Count       int           `json:"count"`
	CurrentPage int           `json:"currentPage"`
	PageSize    int           `json:"pageSize"`
	Clusters    []listEntryV2 `json:"clusters"`
}

type projectV2 struct {
	ProjectID     string `json:"projectId"`
	ProjectName   string `json:"projectName"`
	InstanceCount int    `json:"instanceCount"`
	CreateTime    string `json:"createTime"`
}

type regionV2 struct {
	CloudID  string `json:"cloudId"`
	RegionID string `json:"regionId"`
	Domain   string `json:"domain"`
}

// planV2 and deploymentV2 are how v2 shows a cluster's plan and deployment.
func (s *Server) planV2(c *Cluster) string {
	if c.Plan == planFree {
		return s.v2.freePlan
	}
	return c.Plan
}

func (s *Server) deploymentV2(c *Cluster) string {
	if !s.v2.deploymentOption {
		return ""
	}
	if serverless(c.Plan) {
		return c.Plan
	}
	return v2DeploymentDedicated
}

func (s *Server) clusterV2(c *Cluster) clusterV2 {
	n := 1
	if serverless(c.Plan) {
		n = 0
	}
	var replica any = n
	if s.v2.replicaAsString {
		replica = strconv.Itoa(n)
	}
	return clusterV2{c.ClusterID, c.ClusterName, c.ProjectID, c.Description, c.RegionID, c.ClusterType, s.planV2(c),
		c.Status, c.ConnectAddress, c.PrivateLinkAddress, replica, c.CUSize, c.StorageSize, c.SnapshotNumber,
		c.CreateProgress, c.CreateTime, s.deploymentV2(c)}
}

func (s *Server) entryV2(c *Cluster) listEntryV2 {
	return listEntryV2{c.ClusterID, c.ClusterName, c.Description, c.RegionID, s.planV2(c), c.ClusterType, c.CUSize,
		c.Status, c.ConnectAddress, c.PrivateLinkAddress, c.CreateTime, c.ProjectID, s.deploymentV2(c)}
}
