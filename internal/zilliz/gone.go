package zilliz

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// ScopeError is a cluster the API says it cannot find while the key cannot see
// the cluster's project: most likely a key of another organization or project,
// not a deleted cluster. It matches ErrPermission.
type ScopeError struct {
	ClusterID, ProjectID, Region string
	Cause                        error // the answer that said "not found"
}

func (e *ScopeError) Error() string {
	project := "project " + e.ProjectID
	if e.ProjectID == "" {
		project = "its project (unknown)"
	}
	return fmt.Sprintf("cluster %s in region %s: %v; the API key cannot see %s, so this answer does not "+
		"show that the cluster is gone: the key is most likely of another organization or project, or lacks "+
		"permission on it", e.ClusterID, e.Region, e.Cause, project)
}

// Is makes errors.Is(err, ErrPermission) true.
func (e *ScopeError) Is(target error) bool { return target == ErrPermission }

func (e *ScopeError) Unwrap() error { return e.Cause }

// ConfirmGone decides whether a cluster for which the API answered "not found"
// (cause: 80020 "not found or no permission", or 90102) is really gone, before a
// caller forgets it. It is gone when the key can see the cluster's project
// (GET /v1/projects) and the region's list does not show it alive; it returns
// why it believes so. Otherwise it returns an error: a *ScopeError (matching
// ErrPermission) when the key cannot see the project, or when cause already
// says the key has no permission; the failure of the check itself; or the
// contradiction of a describe or a list that shows the cluster.
func (s *Clusters) ConfirmGone(ctx context.Context, region, id, projectID string, cause error) (string, error) {
	if errors.Is(cause, ErrPermission) {
		return "", &ScopeError{ClusterID: id, ProjectID: projectID, Region: region, Cause: cause}
	}
	if e := (*Error)(nil); errors.As(cause, &e) && e.InRegion != "" {
		return "", fmt.Errorf("%w; the cluster exists, so it is not gone", cause)
	}
	visible, err := s.projectVisible(ctx, region, projectID)
	if err != nil {
		return "", fmt.Errorf("%w; checking whether the API key can see project %s failed: %w", cause, projectID, err)
	}
	if !visible {
		return "", &ScopeError{ClusterID: id, ProjectID: projectID, Region: region, Cause: cause}
	}
	all, err := s.ListAll(ctx, region)
	if err != nil {
		return "", fmt.Errorf("%w; listing region %s to confirm that the cluster is gone failed: %w", cause, region, err)
	}
	if i := slices.IndexFunc(all, func(c ClusterSummary) bool { return c.ID == id }); i >= 0 && !all[i].Deleted() {
		return "", fmt.Errorf("%w; yet the clusters of region %s include it, %s, so it is not gone", cause, region, all[i].Status)
	}
	return fmt.Sprintf("the API answered %s, the key can see project %s, and the clusters of region %s do not include it",
		answerOf(cause), projectID, region), nil
}

// projectVisible reports whether the key can see the project. The list is kept
// for listing.MaxAge, so that a refresh that finds many clusters gone asks once.
func (s *Clusters) projectVisible(ctx context.Context, region, projectID string) (bool, error) {
	if projectID == "" {
		return false, nil
	}
	s.mu.Lock()
	ids, at := s.projects, s.projectsAt
	s.mu.Unlock()
	if ids == nil || time.Since(at) > listing.MaxAge {
		ps, err := s.c.Projects.List(ctx, region)
		if err != nil {
			return false, err
		}
		ids = map[string]bool{}
		for _, p := range ps {
			ids[p.ID] = true
		}
		s.mu.Lock()
		s.projects, s.projectsAt = ids, time.Now()
		s.mu.Unlock()
	}
	return ids[projectID], nil
}
