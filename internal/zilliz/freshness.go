package zilliz

import "time"

// listingMaxAge is the oldest a listing may be and still serve a read. A
// refresh spreads its reads over its own length, so a read answered by a
// describe at its start is as old by the time the plan is shown: a bound of
// that order adds no staleness a user can act on, and changes this client
// makes are excluded on their own (see changed). Measured (BENCHMARKS.md, plan
// at scale): the no-op plan of 1,000 resources took about 5 s on the benchmark
// machine, so one listing of 10 pages serves most of such a refresh, and 5 s
// keeps it within 0.05 calls per cluster.
const listingMaxAge = 5 * time.Second

// changed records that this client has just changed the cluster (create,
// modify, drop, suspend, resume): reads of it are then never served from a
// listing that started before. Client.do calls it for every write, once the
// API has answered or failed to, with the cluster the write's call names
// (call.changes); nothing else does.
func (s *Clusters) changed(region, id string) {
	if id == "" {
		return
	}
	b := s.batcherOf(region)
	b.mu.Lock()
	gen := b.gen // listings up to this one may have started before the change
	b.mu.Unlock()
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changes == nil {
		s.changes = map[string]change{}
	}
	// Changes older than any listing a read may use no longer matter.
	for k, c := range s.changes {
		if now.Sub(c.at) > listingMaxAge {
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
func (s *Clusters) changedAt(b *batcher, id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes[b.region+"/"+id].gen
}
