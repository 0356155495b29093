package mockserver

import "time"

// Out-of-band operations: what a console user or another tool does behind
// Terraform's back. Operations on an unknown cluster are no-ops.

// Cluster returns the current view of a cluster in region (status settled
// from the clock), whatever its status, DELETED included.
func (s *Server) Cluster(region, id string) (Cluster, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.clusters[id]
	if rec == nil || rec.c.RegionID != region {
		return Cluster{}, false
	}
	rec.settle(s.now())
	return rec.c, true
}

// Clusters returns every cluster of region, DELETED included, in creation order.
func (s *Server) Clusters(region string) []Cluster {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.regionClusters(region)
}

// AddCluster stores c as if created elsewhere and returns what was stored.
// Empty fields are filled in: ClusterID (by plan prefix), Plan "Standard",
// RegionID "ali-cn-hangzhou", ClusterName (the id), ProjectID
// DefaultProjectID, for dedicated plans ClusterType "Performance-optimized"
// and CUSize 1, Status "RUNNING" (CreateProgress 100), CreateTime (now) and
// ConnectAddress. The given status sticks: no lifecycle timer is started.
// A cluster with the same id is replaced.
func (s *Server) AddCluster(c Cluster) Cluster {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := canonicalPlan(c.Plan); p != "" {
		c.Plan = p
	} else if c.Plan == "" {
		c.Plan = planStandard
	}
	if c.RegionID == "" {
		c.RegionID = defaultRegion
	}
	if c.ClusterID == "" {
		c.ClusterID = s.newClusterID(c.Plan)
	}
	if c.ClusterName == "" {
		c.ClusterName = c.ClusterID
	}
	if c.ProjectID == "" {
		c.ProjectID = DefaultProjectID
	}
	if !serverless(c.Plan) {
		if c.ClusterType == "" {
			c.ClusterType = defaultCUType
		}
		if c.CUSize == 0 {
			c.CUSize = minCUSize
		}
	}
	if c.Status == "" {
		c.Status = statusRunning
	}
	if c.Status == statusRunning && c.CreateProgress == 0 {
		c.CreateProgress = 100
	}
	if c.CreateTime == "" {
		c.CreateTime = s.now().UTC().Format(createTimeLayout)
	}
	if c.ConnectAddress == "" {
		c.ConnectAddress = connectAddress(c.ClusterID, c.RegionID)
	}
	s.store(&record{c: c})
	return c
}

// DeleteOutOfBand drops a cluster behind Terraform's back: it is DELETED at
// once (recycle bin) and stays describable.
func (s *Server) DeleteOutOfBand(region, id string) {
	s.withCluster(region, id, func(r *record) { r.force(statusDeleted) })
}

// PurgeOutOfBand removes a cluster entirely: describe then answers 80020.
func (s *Server) PurgeOutOfBand(region, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.clusters[id]
	if rec == nil || rec.c.RegionID != region {
		return
	}
	delete(s.clusters, id)
	for i, v := range s.order {
		if v == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// SetStatus forces a status; it sticks, since any pending lifecycle
// transition of the cluster is canceled.
func (s *Server) SetStatus(region, id, status string) {
	s.withCluster(region, id, func(r *record) { r.force(status) })
}

// SetStatusFor sets status now and next after d, as if an operation started
// out of band: tests that need a status to change while Terraform waits say so
// here rather than sleeping in a goroutine.
func (s *Server) SetStatusFor(region, id, status string, d time.Duration, next string) {
	s.withCluster(region, id, func(r *record) { r.transition(s.now(), status, next, d) })
}

// SetCUSize changes the CU size behind Terraform's back (status unchanged).
func (s *Server) SetCUSize(region, id string, cu int) {
	s.withCluster(region, id, func(r *record) { r.c.CUSize = cu })
}

// withCluster runs fn on the settled record of id in region, under the
// lock; an unknown cluster is a no-op.
func (s *Server) withCluster(region, id string, fn func(*record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.clusters[id]
	if rec == nil || rec.c.RegionID != region {
		return
	}
	rec.settle(s.now())
	fn(rec)
}
