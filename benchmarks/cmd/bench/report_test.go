package main

import (
	"context"
	"os"
	"os/exec"
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

// Terraform's own CPU is what its process and the providers it reaped used,
// less the providers' own reports.
func TestTerraformCPUExcludesProviders(t *testing.T) {
	r := &tfResult{AllCPU: 5 * time.Second, Procs: []launchReport{{UserMS: 1500, SysMS: 500}, {UserMS: 400, SysMS: 100}}}
	if got, want := r.CPU(), 2500*time.Millisecond; got != want {
		t.Errorf("CPU() = %s, want %s", got, want)
	}
	if got, want := r.TerraformCPU(), 2500*time.Millisecond; got != want {
		t.Errorf("TerraformCPU() = %s, want %s", got, want)
	}
	runs := []*phaseRun{{TF: &tfResult{AllCPU: 3 * time.Second}}, {TF: r}, {TF: &tfResult{AllCPU: time.Second}}}
	if got := medianOf(runs, (*tfResult).TerraformCPU); got != 2500*time.Millisecond {
		t.Errorf("median terraform CPU = %s, want 2.5s", got)
	}
}

// A run on uncommitted code names every changed file whole, the first one too
// (git status --porcelain starts it with a space).
func TestGitStateNamesChangedFiles(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	for _, f := range []string{"a.go", "b.go"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("package a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("add", ".")
	git("commit", "-q", "-m", "init")
	for _, f := range []string{"a.go", "b.go"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("package b\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := gitState(context.Background(), dir)
	if !strings.Contains(got, "uncommitted changes to 2 file(s)") || !strings.HasSuffix(got, ": a.go, b.go") {
		t.Errorf("gitState = %q, want both files named whole", got)
	}
}
