package mockserver

import "sort"

// project is a stored project; instance counts are computed on demand.
type project struct {
	name            string
	createTimeMilli int64
}

// projectJSON is an element of GET /v1/projects.
type projectJSON struct {
	ProjectID       string `json:"projectId"`
	ProjectName     string `json:"projectName"`
	InstanceCount   int    `json:"instanceCount"`
	CreateTimeMilli int64  `json:"createTimeMilli"`
}

// AddProject adds a project (or renames an existing one) so that creates
// may use it.
func (s *Server) AddProject(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.projects[id]
	if !ok {
		p.createTimeMilli = s.now().UnixMilli()
	}
	p.name = name
	s.projects[id] = p
}

// handleProjects lists projects sorted by id; instanceCount counts the
// project's clusters that are not DELETED, in every region. Caller holds s.mu.
func (s *Server) handleProjects() response {
	counts := map[string]int{}
	now := s.now()
	for _, rec := range s.clusters {
		rec.settle(now)
		if rec.c.Status != statusDeleted {
			counts[rec.c.ProjectID]++
		}
	}
	out := make([]projectJSON, 0, len(s.projects))
	for id, p := range s.projects {
		out = append(out, projectJSON{id, p.name, counts[id], p.createTimeMilli})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProjectID < out[j].ProjectID })
	return success(out)
}
