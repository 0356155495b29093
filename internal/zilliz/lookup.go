package zilliz

import (
	"context"
	"errors"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// Lookup returns the cluster as Terraform's refresh needs it, for callers that
// look up many clusters at once. Lookups of one region are served from its
// list pages whenever that takes fewer calls than a describe each, and by a
// describe otherwise; the pages of a listing are requested together.
//
// The freshness rule (DESIGN.md, "Reads from list pages"): an answer never
// comes from a listing requested more than listing.MaxAge ago, nor from one
// requested before this client's own last change to the cluster (see
// changed). A cluster the listing does not show is described, so it is never
// reported gone on a listing's word. ErrNotFound means the cluster does not
// exist in region.
func (s *Clusters) Lookup(ctx context.Context, region, id string) (*ClusterSummary, error) {
	if err := validateLookup(region, id); err != nil {
		return nil, err
	}
	l := s.readerOf(region).Await(listing.NewRead[ClusterSummary](ctx, id, time.Now().Add(-listing.MaxAge),
		s.changedAt(region, id)))
	return lookOf(l).c, l.Err
}

func validateLookup(region, id string) error {
	if err := ValidateClusterID(id); err != nil {
		return err
	}
	return ValidateRegionID(region)
}

// readerOf is the reader of region's lookups (see listing): it fetches
// through pages, and shares the client's pace.
func (s *Clusters) readerOf(region string) *listing.Reader[ClusterSummary] {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.readers[region]
	if r == nil {
		r = listing.New(region, pages{s.c, region}, s.c.pacer, s.c.log, listPageSize)
		s.readers[region] = r
	}
	return r
}

// look is one answer to a lookup: the cluster (nil with an error), and when
// the request that showed it was sent.
type look struct {
	c    *ClusterSummary
	sent time.Time
	err  error
}

// lookOf is the look a reader's answer gives, with a cluster of its own.
func lookOf(l listing.Look[ClusterSummary]) look {
	if l.Err != nil {
		return look{sent: l.Sent, err: l.Err}
	}
	c := l.Item
	return look{c: &c, sent: l.Sent}
}

// pages is what a region's reader fetches: a describe, or a list page.
type pages struct {
	c      *Client
	region string
}

func (p pages) Describe(ctx context.Context, id string) (ClusterSummary, time.Time, error) {
	cl, err := p.c.describeCall(p.region, id)
	if err != nil {
		return ClusterSummary{}, time.Time{}, err
	}
	var d Cluster
	res, err := p.c.describe(ctx, cl, &d)
	return d.ClusterSummary, res.sent, err
}

// Page requests page n once: no retries of transient failures, as describes
// are the fallback.
func (p pages) Page(ctx context.Context, n int) (listing.Page[ClusterSummary], time.Time, error) {
	cl := p.c.listCall(p.region, ClusterListOptions{PageSize: listPageSize, CurrentPage: n})
	cl.once = true
	var l ClusterList
	res, err := p.c.do(ctx, cl, &l)
	if err == nil {
		err = checkPage(&l, n)
	}
	if err != nil {
		return listing.Page[ClusterSummary]{}, res.sent, err
	}
	items := make(map[string]ClusterSummary, len(l.Clusters))
	for i := range l.Clusters {
		items[l.Clusters[i].ID] = l.Clusters[i]
	}
	return listing.Page[ClusterSummary]{Items: items, Count: l.Count, PageSize: l.PageSize}, res.sent, nil
}

// errPageIgnored is a page that answered another page number than asked: an API
// that ignores the parameter would show page 1 for every page.
var errPageIgnored = errors.New("the list answered another page than the one asked for")
