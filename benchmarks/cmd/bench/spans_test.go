package main

import (
	"testing"
	"time"
)

// The look that noticed an operation's end is the first at or past it, be it a
// describe of the cluster or a list page; a 429 saw nothing.
func TestSpansFirstLookPastTheEnd(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	ok := func(route, id string, ms int) loggedRequest {
		return loggedRequest{Route: route, ClusterID: id, HTTPStatus: 200, Code: codeOK, Time: at(ms)}
	}
	reqs := []loggedRequest{
		ok("drop", "a", 0),
		ok("drop", "b", 100),
		ok("describe", "a", 500), // before a's end
		ok("list", "", 1050),     // past a's end (1000), before b's (1100)
		{Route: "describe", ClusterID: "b", HTTPStatus: 429, Time: at(1120)},
		ok("describe", "b", 1300), // past b's end
		ok("describe", "a", 1400), // a later look at a changes nothing
	}
	spans := waitSpans(reqs, nil, "drop")
	if len(spans) != 2 {
		t.Fatalf("spans %v, want one per dropped cluster", spans)
	}
	s, ok2 := summarise(spans, time.Second, 1)
	if !ok2 {
		t.Fatal("no summary")
	}
	// a: noticed by the page at 1050 (50 ms late); b: by its describe at 1300 (200 ms late).
	if s.FirstWave != 50*time.Millisecond || s.LaterWaves != 200*time.Millisecond || s.Max != 200*time.Millisecond {
		t.Errorf("summary %+v, want a 50 ms late and b 200 ms late", s)
	}
	// With no look past the end, the last look stands.
	s, _ = summarise(spans, 2*time.Second, 1)
	if s.FirstWave != -600*time.Millisecond {
		t.Errorf("a's lateness against a 2 s operation %s, want -600ms (its last look)", s.FirstWave)
	}
}
