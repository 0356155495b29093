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
		if s.hidden[id] {
			continue
		}
		out = append(out, projectJSON{id, p.name, counts[id], p.createTimeMilli})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProjectID < out[j].ProjectID })
	return success(out)
}

// HideProjects makes the key blind to the given projects, as a key of another
// organization or project is: their clusters answer 80020 ("not found or no
// permission") and are left out of lists, and the projects out of the project
// list. No arguments restores a key that sees everything.
func (s *Server) HideProjects(hidden ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hidden = map[string]bool{}
	for _, id := range hidden {
		s.hidden[id] = true
	}
}
