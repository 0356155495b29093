package main

import (
	"encoding/json"
	"slices"
	"time"
)

// waitSpans measures, per cluster, the time from the request that started its
// operation (create, drop) to the arrival of the last describe of it in the
// phase: the describe that ended the provider's wait. Minus the operation's
// own duration, that is how late the provider noticed the end (the log holds
// arrival times, and both requests then pay the same mock latency before the
// mock reads the cluster's state, so latency cancels out). Spans are returned in the order the operations started, so
// the first wave (polled before the client has any estimate) can be told
// from the rest.
func waitSpans(reqs []loggedRequest, clusters []mockCluster, startRoute string) []time.Duration {
	idByName := map[string]string{} // creates only: a create's path holds no id
	for _, c := range clusters {
		if startRoute == "create" && c.Status != "DELETED" { // a deleted namesake is an earlier run's
			idByName[c.ClusterName] = c.ClusterID
		}
	}
	type op struct {
		start, last time.Time
	}
	ops := map[string]*op{}
	var order []string
	for _, r := range reqs {
		if r.HTTPStatus != 200 || r.Code != codeOK {
			continue // a throttled or failed start did not start anything
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
			if o := ops[r.ClusterID]; o != nil && r.Time.After(o.last) {
				o.last = r.Time
			}
		}
	}
	var out []time.Duration
	for _, id := range order {
		if o := ops[id]; !o.last.IsZero() {
			out = append(out, o.last.Sub(o.start))
		}
	}
	return out
}

// spanSummary is late-noticing statistics for spans against an operation time.
type spanSummary struct {
	Mean, P90, Max        time.Duration // overshoot = span - op
	FirstWave, LaterWaves time.Duration // mean overshoot of the first `parallelism` operations, and of the rest
}

func summarise(spans []time.Duration, op time.Duration, parallelism int) (s spanSummary, ok bool) {
	if len(spans) == 0 {
		return s, false
	}
	over := make([]time.Duration, len(spans))
	for i, d := range spans {
		over[i] = d - op
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
