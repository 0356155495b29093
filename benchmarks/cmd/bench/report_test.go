package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The two suites share BENCHMARKS.md: rewriting one section must keep the other.
func TestWriteSectionKeepsOtherSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	steps := []struct {
		name, body string
		appendRun  bool
	}{
		{"bench", "perf one\n", false},
		{"bench-ratelimit", "rate one\n", false},
		{"bench", "perf two\n", false},
		{"bench-ratelimit", "rate two\n", true},
	}
	for _, s := range steps {
		if err := writeSection(path, s.name, "T "+s.name, s.body, s.appendRun); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{"perf two", "rate one", "rate two", "<!-- END bench -->", "<!-- END bench-ratelimit -->"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "perf one") || strings.Count(got, "## T bench\n") != 1 {
		t.Errorf("perf section not replaced exactly once:\n%s", got)
	}
	if strings.Index(got, "rate one") > strings.Index(got, "rate two") {
		t.Errorf("appended run out of order:\n%s", got)
	}
}

func TestRateFloor(t *testing.T) {
	o := rateOpts{N: 200, Parallelism: 20, Create: 2 * time.Second, Delete: time.Second}
	for _, c := range []struct {
		phase string
		rate  float64
		want  time.Duration
	}{
		{phaseApply, 20, 20 * time.Second},           // max(200/20, 10 waves x 2 s)
		{phaseApply, 5, 40 * time.Second},            // 200/5 creates
		{phaseDestroy, 20, 10100 * time.Millisecond}, // 2 pages/20 + max(200/20, 10 x 1 s)
		{phaseDestroy, 50, 10040 * time.Millisecond}, // waves dominate the drops
		{phaseDestroy, 5, 40400 * time.Millisecond},  // 2/5 + 200/5
	} {
		if got := o.floor(c.phase, c.rate); got != c.want {
			t.Errorf("floor(%s, %g) = %s, want %s", c.phase, c.rate, got, c.want)
		}
	}
}

// A run that broke a correctness target makes the benchmark fail, whatever its ratio.
func TestProblemsFailTheBenchmark(t *testing.T) {
	clean := &phaseRun{Phase: phaseApply, TF: &tfResult{}}
	failed := &phaseRun{Phase: phaseApply, TF: &tfResult{Exit: 1, Errored: []string{"zilliz_cluster.r[3]"}}}
	behind := &phaseRun{Phase: phaseDestroy, TF: &tfResult{}, LeftBehind: 2}
	changes := &phaseRun{Phase: phasePlan, TF: &tfResult{Exit: 2}}
	changes.TF.Changes.Change = 1
	for _, tc := range []struct {
		pr   *phaseRun
		want string
	}{
		{clean, ""}, {failed, "1 failed resource(s)"}, {behind, "2 cluster(s) left behind"}, {changes, "plan shows 0 add, 1 change, 0 destroy"},
	} {
		if got := tc.pr.problem(); got != tc.want {
			t.Errorf("%s problem %q, want %q", tc.pr.Phase, got, tc.want)
		}
	}
	b := &bench{}
	if err := b.failure(); err != nil {
		t.Errorf("no problems, yet %v", err)
	}
	b.problems = []string{"apply zilliz N=3: 1 failed resource(s)"}
	if err := b.failure(); err == nil || !strings.Contains(err.Error(), "1 failed resource(s)") {
		t.Errorf("failure() = %v", err)
	}
}
