package mockserver

import (
	"crypto/rand"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Prompts the live service returns with accepted operations.
const (
	promptCreate  = "Submission successful, Cluster is being created, You can use the DescribeCluster interface to obtain the creation progress and the status of the Cluster. When the Cluster status is RUNNING, you can access your vector database using the SDK with the admin account and the initialization password you provided."
	promptDrop    = "The Cluster has been deleted. If you believe this was a mistake, you can restore the Cluster from the recycle bin within 30 days (this not include serverless)."
	promptModify  = "Submission successful, Cluster is being upgraded, You can use the DescribeCluster interface to obtain the status of the Cluster. When the Cluster status is RUNNING, you can access your vector database."
	promptSuspend = "Successfully Submitted. The cluster will not incur any computing costs when suspended."
	promptResume  = "Successfully Submitted. Cluster is being resumed."
)

// maxPageSize caps pageSize on GET /v1/clusters.
const maxPageSize = 100

// createBody is the body of create and createServerless. Decoding is lenient:
// a field of the wrong type stays zero and then fails its own validation,
// which is how the live service reports it too (a parameter error code).
type createBody struct {
	Plan        string `json:"plan"`
	ClusterName string `json:"clusterName"`
	CUSize      int    `json:"cuSize"`
	CUType      string `json:"cuType"`
	ProjectID   string `json:"projectId"`
}

// createdJSON is the data of a successful create.
type createdJSON struct {
	ClusterID string `json:"clusterId"`
	Username  string `json:"username"`
	Password  string `json:"password"`
	Prompt    string `json:"prompt"`
}

// acceptedJSON is the data of drop, modify, suspend and resume.
type acceptedJSON struct {
	ClusterID string `json:"clusterId"`
	Prompt    string `json:"prompt"`
}

// listJSON is the data of GET /v1/clusters.
type listJSON struct {
	Count       int         `json:"count"`
	CurrentPage int         `json:"currentPage"`
	PageSize    int         `json:"pageSize"`
	Clusters    []listEntry `json:"clusters"`
}

// listEntry is a cluster as the list shows it: the reference documents no
// storageSize, snapshotNumber or createProgress there, so the mock sends none.
type listEntry struct {
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
	ProjectID          string `json:"projectId"`
	CreateTime         string `json:"createTime"`
}

func entryOf(c *Cluster) listEntry {
	return listEntry{c.ClusterID, c.ClusterName, c.Description, c.RegionID, c.ClusterType, c.Plan, c.CUSize,
		c.Status, c.ConnectAddress, c.PrivateLinkAddress, c.ProjectID, c.CreateTime}
}

// handleCreate creates a dedicated cluster. Caller holds s.mu.
func (s *Server) handleCreate(c *call) response {
	var b createBody
	_ = json.Unmarshal(c.body, &b)
	// The plan enum is case-sensitive, as the reference spells it.
	plan := b.Plan
	switch {
	case serverless(plan):
		return failure(codeServerless)
	case plan != planStandard && plan != planEnterprise:
		return failure(codeInvalidPlan)
	}
	if !validName(b.ClusterName) {
		return failure(codeInvalidName)
	}
	if b.CUSize < minCUSize || b.CUSize > maxCUSize {
		return failure(codeInvalidCUSize)
	}
	cuType := b.CUType
	if cuType == "" {
		cuType = defaultCUType
	}
	if !validCUType(cuType) {
		return failure(codeInvalidCUType)
	}
	return s.create(c.rt.region, b, plan, cuType)
}

// handleCreateServerless creates a serverless or free cluster. Caller holds s.mu.
func (s *Server) handleCreateServerless(c *call) response {
	var b createBody
	_ = json.Unmarshal(c.body, &b)
	// "Serverless" or "Free", capitalised: anything else is 90155.
	plan := b.Plan
	if !serverless(plan) {
		return failure(codeInvalidSlsPlan)
	}
	if !validName(b.ClusterName) {
		return failure(codeInvalidName)
	}
	b.CUSize = 0 // not part of this endpoint
	return s.create(c.rt.region, b, plan, "")
}

// create runs the checks common to both create endpoints and stores the
// new cluster in CREATING. Caller holds s.mu.
func (s *Server) create(region string, b createBody, plan, cuType string) response {
	if _, ok := s.projects[b.ProjectID]; !ok || !strings.HasPrefix(b.ProjectID, projectIDPrefix) {
		return failure(codeInvalidProject)
	}
	if s.nameTaken(region, b.ClusterName) {
		return failure(s.nameExistsCode)
	}
	now := s.now()
	id := s.newClusterID(plan)
	rec := &record{c: Cluster{
		ClusterID:      id,
		ClusterName:    b.ClusterName,
		RegionID:       region,
		ClusterType:    cuType,
		Plan:           plan,
		CUSize:         b.CUSize,
		ConnectAddress: connectAddress(id, region),
		CreateTime:     now.UTC().Format(createTimeLayout),
		ProjectID:      b.ProjectID,
	}}
	rec.transition(now, statusCreating, s.endStatus(OpCreate, statusRunning), s.createDur)
	s.store(rec)
	return success(createdJSON{id, defaultUsername, newPassword(), promptCreate})
}

// handleDescribe answers the cluster object; DELETED clusters stay
// describable (recycle bin). Caller holds s.mu.
func (s *Server) handleDescribe(c *call) response {
	rec, fail := s.find(c.rt.region, c.rt.clusterID)
	if fail != nil {
		return *fail
	}
	return success(rec.c)
}

// handleDrop moves a cluster to DELETING, then DELETED. A cluster already
// dropped is "not found", as on the live service; one being dropped answers
// Config.DropDeletingCode. Serverless and Free clusters
// are refused with 80021 unless Config.AcceptServerlessDrop. Caller holds s.mu.
func (s *Server) handleDrop(c *call) response {
	rec, fail := s.find(c.rt.region, c.rt.clusterID)
	switch {
	case fail != nil:
		return *fail
	case rec.c.Status == statusDeleting && s.dropDeletingCode == codeOK:
		return success(acceptedJSON{rec.c.ClusterID, promptDrop})
	case rec.c.Status == statusDeleting && s.dropDeletingCode != 0:
		return failure(s.dropDeletingCode)
	case rec.gone():
		return failure(codeNotFound)
	case serverless(rec.c.Plan) && !s.acceptServerlessDrop:
		return failure(codeServerless)
	}
	rec.transition(s.now(), statusDeleting, s.endStatus(OpDelete, statusDeleted), s.deleteDur)
	return success(acceptedJSON{rec.c.ClusterID, promptDrop})
}

// handleModify changes the CU size and puts the cluster in MODIFYING.
// Caller holds s.mu.
func (s *Server) handleModify(c *call) response {
	var b struct {
		CUSize int `json:"cuSize"`
	}
	_ = json.Unmarshal(c.body, &b)
	rec, fail := s.findDedicated(c.rt.region, c.rt.clusterID)
	switch {
	case fail != nil:
		return *fail
	case b.CUSize < minCUSize || b.CUSize > maxCUSize:
		return failure(codeInvalidCUSize)
	}
	rec.c.CUSize = b.CUSize
	rec.transition(s.now(), statusModifying, s.endStatus(OpModify, statusRunning), s.modifyDur)
	return success(acceptedJSON{rec.c.ClusterID, promptModify})
}

// handleList pages through the region's clusters, DELETED included, in
// creation order. Caller holds s.mu.
func (s *Server) handleList(c *call) response {
	q, _ := url.ParseQuery(c.r.URL.RawQuery)
	size := positiveInt(q.Get("pageSize"), s.pageSize)
	size = min(size, maxPageSize)
	page := s.pageOf(q)

	all := slices.DeleteFunc(s.regionClusters(c.rt.region), func(c Cluster) bool { return s.hidden[c.ProjectID] })
	out := []listEntry{} // an empty page is [], not null
	// Compare page numbers, not offsets, so a huge page number cannot overflow.
	if pages := (len(all) + size - 1) / size; page <= pages {
		start := (page - 1) * size
		for i := start; i < min(start+size, len(all)); i++ {
			out = append(out, entryOf(&all[i]))
		}
	}
	return success(listJSON{Count: len(all), CurrentPage: page, PageSize: size, Clusters: out})
}

// pageOf reads the page number from the parameter(s) Config.PageParam names.
func (s *Server) pageOf(q url.Values) int {
	if s.pageParam != "" {
		return positiveInt(q.Get(s.pageParam), 1)
	}
	return positiveInt(q.Get("current"), positiveInt(q.Get("currentPage"), 1))
}

// regionClusters returns the settled clusters of region in creation order.
// Caller holds s.mu.
func (s *Server) regionClusters(region string) []Cluster {
	now := s.now()
	var out []Cluster
	for _, id := range s.order {
		rec := s.clusters[id]
		if rec.c.RegionID != region {
			continue
		}
		rec.settle(now)
		out = append(out, rec.c)
	}
	return out
}

// positiveInt parses a query value, falling back to def when it is absent,
// malformed or not positive.
func positiveInt(v string, def int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return def
	}
	return n
}

func validName(name string) bool {
	n := utf8.RuneCountInString(name)
	return n >= 1 && n <= maxClusterName
}

func validCUType(t string) bool {
	for _, v := range cuTypes {
		if t == v {
			return true
		}
	}
	return false
}

// newPassword returns a random initial password (26 characters, A-Z and 2-7).
func newPassword() string { return rand.Text() }
