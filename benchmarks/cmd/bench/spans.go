package main

import (
	"encoding/json"
	"slices"
	"time"
)

// waitSpans lists, per cluster, the looks that could have ended the provider's
// wait for its operation (create, drop): describes of it and list pages (a page
// shows many clusters; the log does not say which), as offsets from the request
// that started the operation. The log holds arrival times, and every request pays
// the same mock latency before the mock reads the cluster's state, so latency
// cancels out. summarise takes the first look at or past the operation's end as
// the one that noticed it. Clusters are in the order their operations started,
// so the first wave (polled before the client has any estimate) can be told from
// the rest.
func waitSpans(reqs []loggedRequest, clusters []mockCluster, startRoute string) [][]time.Duration {
	idByName := map[string]string{} // creates only: a create's path holds no id
	for _, c := range clusters {
		if startRoute == "create" && c.Status != "DELETED" { // a deleted namesake is an earlier run's
			idByName[c.ClusterName] = c.ClusterID
		}
	}
	type op struct {
		start time.Time
		looks []time.Duration
	}
	ops := map[string]*op{}
	var order []string
	for _, r := range reqs {
		if !r.ok() {
			continue // a throttled or failed request neither started nor saw anything
		}
		switch r.Route {
		case startRoute:
			id := r.ClusterID
			if startRoute == "create" { // the id is in the answer, not the path: match by name
				var body struct {
					ClusterName string `json:"clusterName"`
				}
				_ = json.Unmarshal([]byte(r.Body), &body)
				id = idByName[body.ClusterName]
			}
			if id != "" && ops[id] == nil {
				ops[id] = &op{start: r.Time}
				order = append(order, id)
			}
		case "describe":
			if o := ops[r.ClusterID]; o != nil {
				o.looks = append(o.looks, r.Time.Sub(o.start))
			}
		case "list":
			for _, o := range ops {
				o.looks = append(o.looks, r.Time.Sub(o.start))
			}
		}
	}
	var out [][]time.Duration
	for _, id := range order {
		if looks := ops[id].looks; len(looks) > 0 {
			slices.Sort(looks)
			out = append(out, looks)
		}
	}
	return out
}

// spanSummary is late-noticing statistics for spans against an operation time.
type spanSummary struct {
	Mean, P90, Max        time.Duration // overshoot = span - op
	FirstWave, LaterWaves time.Duration // mean overshoot of the first `parallelism` operations, and of the rest
}

func summarise(spans [][]time.Duration, op time.Duration, parallelism int) (s spanSummary, ok bool) {
	if len(spans) == 0 {
		return s, false
	}
	over := make([]time.Duration, len(spans))
	for i, looks := range spans {
		// The first look at or past the end noticed it; had none, the last is the best there is.
		j, _ := slices.BinarySearch(looks, op)
		over[i] = looks[min(j, len(looks)-1)] - op
	}
	mean := func(ds []time.Duration) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		var t time.Duration
		for _, d := range ds {
			t += d
		}
		return t / time.Duration(len(ds))
	}
	first := min(parallelism, len(over))
	s.Mean, s.FirstWave, s.LaterWaves = mean(over), mean(over[:first]), mean(over[first:])
	sorted := slices.Clone(over)
	slices.Sort(sorted)
	s.P90, s.Max = sorted[(len(sorted)*9+9)/10-1], sorted[len(sorted)-1] // nearest rank
	return s, true
}
