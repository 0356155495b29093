package zilliz

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// A create whose answer is lost may or may not have made its cluster, and only
// the region's list can tell. A same-named cluster that was there before the
// create was sent is someone else's (the create would have answered 80010), so
// Create lists the region first and, after a lost answer, adopts only a
// cluster that appeared since, with the configured project, plan and size.

// snapshot is one listing of a region's cluster ids, shared by the creates
// that start while it is fresh: a wave of creates lists once, not once each.
type snapshot struct {
	done chan struct{} // closed once ids or err is set
	at   time.Time     // when its first page was requested
	ids  map[string]bool
	err  error
}

// before returns the ids of the region's clusters as a listing requested no
// more than listing.MaxAge ago shows them (one this call makes, or joins).
func (s *Clusters) before(ctx context.Context, region string) (map[string]bool, error) {
	s.snapMu.Lock()
	if s.snaps == nil {
		s.snaps = map[string]*snapshot{}
	}
	sn := s.snaps[region]
	mine := sn == nil || time.Since(sn.at) > listing.MaxAge
	if !mine {
		select {
		case <-sn.done:
			mine = sn.err != nil
		default:
		}
	}
	if mine {
		sn = &snapshot{done: make(chan struct{}), at: time.Now()}
		s.snaps[region] = sn
	}
	s.snapMu.Unlock()
	if mine {
		all, err := s.ListAll(ctx, region)
		sn.err = err
		if err == nil {
			sn.ids = make(map[string]bool, len(all))
			for i := range all {
				sn.ids[all[i].ID] = true
			}
		}
		close(sn.done)
		return sn.ids, err
	}
	select {
	case <-sn.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if sn.err != nil { // the listing we joined failed, maybe with its caller's context: list alone
		return s.before(ctx, region)
	}
	return sn.ids, nil
}

// turn waits, within ctx, until no other create of name in region runs, and
// returns what ends this one's turn.
func (s *Clusters) turn(ctx context.Context, region, name string) (func(), error) {
	s.snapMu.Lock()
	if s.names == nil {
		s.names = map[string]chan struct{}{}
	}
	t := s.names[region+"/"+name]
	if t == nil {
		t = make(chan struct{}, 1)
		s.names[region+"/"+name] = t
	}
	s.snapMu.Unlock()
	select {
	case t <- struct{}{}:
		return func() { <-t }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// claim records a cluster this client's create made or adopted.
func (s *Clusters) claim(id string) {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	if s.made == nil {
		s.made = map[string]bool{}
	}
	s.made[id] = true
}

// mine is before with the clusters this client's other creates made or
// adopted: however recently they appeared, they are not this create's.
func (s *Clusters) mine(before map[string]bool) map[string]bool {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	if len(s.made) == 0 {
		return before
	}
	held := make(map[string]bool, len(before)+len(s.made))
	for id := range before {
		held[id] = true
	}
	for id := range s.made {
		held[id] = true
	}
	return held
}

// adoptable picks, from the region's clusters after a create's answer was lost,
// the cluster that create made: the one cluster of that name that was not there
// before and has the configured project, plan and size. Nil with no error: none
// appeared, so the create made nothing and may be sent again (a name someone
// else holds then answers 80010). Anything else is an *AdoptionError.
func adoptable(region string, opts ClusterCreateOptions, before map[string]bool, all []ClusterSummary) (*ClusterSummary, error) {
	var appeared, held []ClusterSummary
	for i := range all {
		switch c := &all[i]; {
		case c.Name != opts.Name || c.Deleted():
		case before[c.ID]:
			held = append(held, *c)
		default:
			appeared = append(appeared, *c)
		}
	}
	switch {
	case len(appeared) == 0:
		return nil, nil
	case len(appeared) == 1 && configured(&appeared[0], opts):
		return &appeared[0], nil
	}
	return nil, &AdoptionError{Name: opts.Name, Region: region, Appeared: appeared, Held: held}
}

// configured reports whether c has the project, plan and size opts asked for.
func configured(c *ClusterSummary, opts ClusterCreateOptions) bool {
	if c.ProjectID != opts.ProjectID || !strings.EqualFold(c.Plan, opts.Plan) {
		return false
	}
	if IsServerlessPlan(opts.Plan) {
		return true
	}
	return c.CUSize == opts.CUSize && (opts.CUType == "" || strings.EqualFold(c.CUType, opts.CUType))
}

// AdoptionError is a create whose answer was lost, after which the region
// shows clusters of that name that cannot be told to be its own: adopting one
// could hand someone else's cluster to the caller (and to its destroy).
type AdoptionError struct {
	Name, Region string
	Appeared     []ClusterSummary // of that name, not there before the create was sent
	Held         []ClusterSummary // of that name, there before
}

func (e *AdoptionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the answer to the create of cluster %q in region %s was lost, and no cluster can be recognised as "+
		"the one it made, so none was adopted:", e.Name, e.Region)
	for i := range e.Appeared {
		c := &e.Appeared[i]
		fmt.Fprintf(&b, " %s appeared since (project %s, plan %s, cu_size %d, %s), but not as configured;",
			c.ID, c.ProjectID, c.Plan, c.CUSize, c.Status)
	}
	for i := range e.Held {
		c := &e.Held[i]
		fmt.Fprintf(&b, " %s held the name before the create was sent (project %s, plan %s, %s);",
			c.ID, c.ProjectID, c.Plan, c.Status)
	}
	b.WriteString(" check these clusters in the Zilliz Cloud console, and import the one that is yours, if any")
	return b.String()
}
