package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// Plans of a cluster, as describe spells them.
const (
	PlanStandard   = "Standard"
	PlanEnterprise = "Enterprise"
	PlanServerless = "Serverless"
	PlanFree       = "Free"
)

// CU types of dedicated clusters: the union of what v1 and v2 list.
const (
	CUTypePerformance = "Performance-optimized"
	CUTypeCapacity    = "Capacity-optimized"
	CUTypeCost        = "Cost-optimized" // v1's older pages
	CUTypeTiered      = "Tiered-storage" // v2's reference
)

// canonicalPlan spells a plan as the API's enum does, whatever its letter case.
func canonicalPlan(plan string) string {
	for _, p := range []string{PlanStandard, PlanEnterprise, PlanServerless, PlanFree} {
		if strings.EqualFold(plan, p) {
			return p
		}
	}
	return plan
}

// IsServerlessPlan reports whether plan is created through createServerless and
// refused by drop and modify (80021): Serverless and Free.
func IsServerlessPlan(plan string) bool {
	return strings.EqualFold(plan, PlanServerless) || strings.EqualFold(plan, PlanFree)
}

// ClusterSummary is a cluster as a list page shows it: every field but the
// few only describe answers. Lookup, the waits and ListAll return it.
type ClusterSummary struct {
	ID                 string `json:"clusterId"`
	Name               string `json:"clusterName"`
	Description        string `json:"description"`
	RegionID           string `json:"regionId"`
	CUType             string `json:"clusterType"`
	Plan               string `json:"plan"`
	CUSize             int64  `json:"cuSize"`
	Status             string `json:"status"`
	ConnectAddress     string `json:"connectAddress"`
	PrivateLinkAddress string `json:"privateLinkAddress"`
	CreateTime         string `json:"createTime"`
	ProjectID          string `json:"projectId"`
}

// Cluster is the describe payload: the summary plus what list pages leave out.
// Only Describe returns it, so a field read from a listing cannot silently be zero.
type Cluster struct {
	ClusterSummary
	StorageSize    int64 `json:"storageSize"`
	SnapshotNumber int64 `json:"snapshotNumber"`
	CreateProgress int64 `json:"createProgress"`
	Replica        int64 `json:"replica"` // v2 only; a string or a number on the wire
}

// ClusterCreateOptions are the inputs of a create. Plan chooses the endpoint.
type ClusterCreateOptions struct {
	Name      string
	ProjectID string
	Plan      string // Standard, Enterprise, Serverless or Free
	CUSize    int64  // dedicated plans only
	CUType    string // dedicated plans only; empty means the API's default
}

// ClusterCreated is the create payload. Password is returned by no other call.
type ClusterCreated struct {
	ClusterID string `json:"clusterId"`
	Username  string `json:"username"`
	Password  string `json:"password"`
	Prompt    string `json:"prompt"`
	// Recovered is set when the create's answer was lost and the cluster it made was
	// found by name instead; Username and Password are then unknown.
	Recovered bool `json:"-"`
}

// String keeps the password out of any accidental %v.
func (c ClusterCreated) String() string {
	return fmt.Sprintf("{ClusterID:%s Username:%s Password:(redacted) Recovered:%t}", c.ClusterID, c.Username, c.Recovered)
}

// GoString keeps the password out of any accidental %#v.
func (c ClusterCreated) GoString() string { return "zilliz.ClusterCreated" + c.String() }

// ClusterListOptions selects a page of clusters.
type ClusterListOptions struct {
	PageSize    int // 0: the API's default
	CurrentPage int // 1-based; 0 means 1
}

// ClusterList is one page of clusters.
type ClusterList struct {
	Count       int              `json:"count"`
	CurrentPage int              `json:"currentPage"`
	PageSize    int              `json:"pageSize"`
	Clusters    []ClusterSummary `json:"clusters"`
}

// Clusters groups the cluster endpoints. Every method takes the region of the
// cluster addressed: calls go to that region's endpoint.
type Clusters struct {
	c *Client

	mu      sync.Mutex
	readers map[string]*listing.Reader[ClusterSummary] // Lookup's and the waits', by region
	changes map[string]change                          // this client's last change per cluster (see changed)

	projects   map[string]bool // the projects the key can see (see projectVisible)
	projectsAt time.Time

	snapMu sync.Mutex
	snaps  map[string]*snapshot     // the latest listing each region's creates share (see before)
	made   map[string]bool          // the clusters this client's creates made or adopted (see mine)
	names  map[string]chan struct{} // creates by region and name, one at a time (see Create)
}

// clusterPath is the path of one cluster, followed by suffix ("/drop", ...):
// the same shape on v1 and v2.
func (c *Client) clusterPath(id string, suffix string) (string, error) {
	if err := ValidateClusterID(id); err != nil {
		return "", err
	}
	return c.dialect.root() + "/clusters/" + url.PathEscape(id) + suffix, nil
}

// Describe returns the cluster. ErrNotFound means it does not exist in region.
func (s *Clusters) Describe(ctx context.Context, region, id string) (*Cluster, error) {
	cl, err := s.c.describeCall(region, id)
	if err != nil {
		return nil, err
	}
	var out Cluster
	if _, err := s.c.describe(ctx, cl, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// describeCall is the describe of one cluster. Lookups perform it themselves
// (Client.do), as they need to know when its answered attempt went out.
func (c *Client) describeCall(region, id string) (call, error) {
	path, err := c.clusterPath(id, "")
	return call{method: "GET", region: region, path: path}, err
}

// Create creates a cluster through the create endpoint of its plan. A create is
// never resent blindly: when an attempt may have reached the API without its answer
// coming back, the region is searched for the cluster by name first, so that a
// lost answer cannot leave a second cluster behind.
func (s *Clusters) Create(ctx context.Context, region string, opts ClusterCreateOptions) (*ClusterCreated, error) {
	if strings.TrimSpace(opts.Name) == "" || opts.ProjectID == "" {
		return nil, fmt.Errorf("%w: a cluster name and a project id are required", ErrInvalidInput)
	}
	path, body := s.c.dialect.create(region, opts)
	// Creates of one name go one at a time (the API keeps a name to one cluster
	// anyway), so that one whose answer was lost never takes the cluster of
	// another create of this client for its own.
	done, err := s.turn(ctx, region, opts.Name)
	if err != nil {
		return nil, fmt.Errorf("waiting for another create of cluster %q in region %s: %w", opts.Name, region, err)
	}
	defer done()
	// What held the name before the create is known first: after a lost answer,
	// only a cluster that appeared since may be ours (see adoptable).
	before, err := s.before(ctx, region)
	if err != nil {
		return nil, fmt.Errorf("listing region %s before creating cluster %q (to recognise it should the answer be lost): %w",
			region, opts.Name, err)
	}
	var out ClusterCreated
	var found *ClusterSummary
	made := func() string {
		if found != nil {
			return found.ID
		}
		return out.ClusterID
	}
	recoverFn := func(ctx context.Context) (bool, error) {
		all, err := s.ListAll(ctx, region)
		if err != nil {
			return false, err
		}
		found, err = adoptable(region, opts, s.mine(before), all)
		return found != nil, err
	}
	res, err := s.c.do(ctx, call{method: "POST", region: region, path: path, body: body, recover: recoverFn, changes: made}, &out)
	if err != nil {
		return nil, err
	}
	if res.recovered {
		s.claim(found.ID)
		return &ClusterCreated{ClusterID: found.ID, Recovered: true}, nil
	}
	if err := ValidateClusterID(out.ClusterID); err != nil {
		return nil, fmt.Errorf("POST %s: the API answered success without a usable cluster id: %w", path, err)
	}
	s.claim(out.ClusterID)
	return &out, nil
}

// Modify changes the CU size of a dedicated cluster. Resending is harmless: the size is absolute.
func (s *Clusters) Modify(ctx context.Context, region, id string, cuSize int64) error {
	path, err := s.c.clusterPath(id, "/modify")
	if err != nil {
		return err
	}
	_, err = s.c.do(ctx, call{method: "POST", region: region, path: path, body: map[string]any{"cuSize": cuSize},
		changes: changesOnly(id)}, nil)
	return err
}

// Drop moves a cluster to the recycle bin. ErrNotFound means it was already gone;
// ErrServerlessUnsupported means the API cannot drop it. When an attempt's answer is
// lost, the cluster is described before resending, so the drop our first attempt
// made is not mistaken for a cluster that was already gone.
func (s *Clusters) Drop(ctx context.Context, region, id string) error {
	path, err := s.c.clusterPath(id, "/drop")
	if err != nil {
		return err
	}
	recoverFn := func(ctx context.Context) (bool, error) {
		c, err := s.Describe(ctx, region, id)
		switch {
		case err == nil:
			return c.Status == StatusDeleting || c.Deleted(), nil
		case IsNotFound(err):
			return true, nil
		}
		return false, err
	}
	_, err = s.c.do(ctx, call{method: "DELETE", region: region, path: path, recover: recoverFn, changes: changesOnly(id)}, nil)
	return err
}

// List returns one page of the region's clusters, including those in the recycle bin.
func (s *Clusters) List(ctx context.Context, region string, opts ClusterListOptions) (*ClusterList, error) {
	var out ClusterList
	if _, err := s.c.do(ctx, s.c.listCall(region, opts), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// listCall is the request of one page. Lookups perform it themselves
// (Client.do), without retries and knowing when it went out.
func (c *Client) listCall(region string, opts ClusterListOptions) call {
	return call{method: "GET", region: region, path: c.dialect.root() + "/clusters", query: c.dialect.listQuery(region, opts)}
}

// listPageSize is the page size the client asks for: the API's largest, so a
// region takes as few pages as it can.
const listPageSize = 100

// ListAll returns all clusters of the region, DELETED included. Page 1 tells
// how many there are; the other pages are then requested together, as
// Lookup's listings are, so a region of any size takes about one round trip
// after the first. Should the count have been short (clusters created
// meanwhile), the pages after those are followed one by one.
func (s *Clusters) ListAll(ctx context.Context, region string) ([]ClusterSummary, error) {
	first, err := s.listPage(ctx, region, 1)
	if err != nil {
		return nil, err
	}
	var all []ClusterSummary
	seen := map[string]bool{}
	// Pages are offsets: a cluster created meanwhile shifts the next page, so skip repeats.
	add := func(l *ClusterList) {
		for i := range l.Clusters {
			if id := l.Clusters[i].ID; !seen[id] {
				seen[id] = true
				all = append(all, l.Clusters[i])
			}
		}
	}
	add(first)
	// Stop on a short or empty page, or once count is reached: either alone could
	// loop forever on an API that ignores pageSize or miscounts.
	done := func(l *ClusterList) bool {
		return len(l.Clusters) == 0 || len(all) >= l.Count || (l.PageSize > 0 && len(l.Clusters) < l.PageSize)
	}
	if done(first) {
		return all, nil
	}
	size := first.PageSize
	if size <= 0 {
		size = len(first.Clusters)
	}
	last := (first.Count + size - 1) / size
	pages := make([]*ClusterList, last-1) // pages 2..last
	errs := make([]error, len(pages))
	var wg sync.WaitGroup
	s.c.pacer.Together(len(pages))
	for i := range pages {
		wg.Go(func() { pages[i], errs[i] = s.listPage(ctx, region, i+2) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, l := range pages {
		add(l)
		if done(l) {
			return all, nil
		}
	}
	for page := last + 1; ; page++ {
		l, err := s.listPage(ctx, region, page)
		if err != nil {
			return nil, err
		}
		add(l)
		if done(l) {
			return all, nil
		}
	}
}

// listPage is page n of the region's clusters at the largest page size,
// refused if it answers another page.
func (s *Clusters) listPage(ctx context.Context, region string, n int) (*ClusterList, error) {
	l, err := s.List(ctx, region, ClusterListOptions{PageSize: listPageSize, CurrentPage: n})
	if err != nil {
		return nil, err
	}
	if err := checkPage(l, n); err != nil {
		return nil, err
	}
	return l, nil
}

// checkPage refuses a page that answers another page number than the one asked
// for: an API that ignored the page parameter would show page 1 every time, and
// following such pages would never reach the rest.
func checkPage(l *ClusterList, asked int) error {
	if l.CurrentPage != 0 && l.CurrentPage != asked {
		return fmt.Errorf("%w: asked for page %d, answered page %d", errPageIgnored, asked, l.CurrentPage)
	}
	return nil
}

// FindByName returns the live (not deleted) cluster of that name in the project, or nil.
func (s *Clusters) FindByName(ctx context.Context, region, projectID, name string) (*ClusterSummary, error) {
	all, err := s.ListAll(ctx, region)
	if err != nil {
		return nil, err
	}
	for i := range all {
		c := &all[i]
		if c.Name == name && c.ProjectID == projectID && !c.Deleted() {
			return c, nil
		}
	}
	return nil, nil
}

// IsNotFound reports whether err says the cluster is gone (80020 or 90102).
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
