package zilliz

import (
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// changed records that this client has just changed the cluster (create,
// modify, drop, suspend, resume): reads of it are then never served from a
// listing that started before. Client.do calls it for every write, once the
// API has answered or failed to, with the cluster the write's call names
// (call.changes); nothing else does.
func (s *Clusters) changed(region, id string) {
	if id == "" {
		return
	}
	gen := s.readerOf(region).Generation() // listings up to this one may have started before the change
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changes == nil {
		s.changes = map[string]change{}
	}
	// Changes older than any listing a read may use no longer matter.
	for k, c := range s.changes {
		if now.Sub(c.at) > listing.MaxAge {
			delete(s.changes, k)
		}
	}
	s.changes[region+"/"+id] = change{gen: gen, at: now}
}

// change is one recorded change: the listings of generation gen or older may
// predate it.
type change struct {
	gen int
	at  time.Time
}

// changedAt is the listing generation a read of the cluster must be newer
// than: the last listing started before this client's last change to it.
func (s *Clusters) changedAt(region, id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes[region+"/"+id].gen
}
