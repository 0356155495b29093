package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Phases, in the order a workload goes through them.
const (
	phaseApply   = "apply"
	phasePlan    = "plan"
	phaseDestroy = "destroy"
)

// bench is what every phase of a suite shares.
type bench struct {
	apiVersion   string // what the provider speaks to every mock of the run
	bins         *binaries
	mock         *mockProc
	tmp          string
	phaseTimeout time.Duration
	start        time.Time
	progress     io.Writer
	// problems are the runs that broke a correctness target (a failed resource, a
	// cluster left behind, a plan with changes): the tables still show them, and
	// the benchmark then exits non-zero, as a ratio from such a run means nothing.
	problems []string
}

// phaseRun is one terraform command on one workload, with what the mock saw.
type phaseRun struct {
	Phase      string
	TF         *tfResult
	Calls      *callStats        // zilliz only
	LeftBehind int               // zilliz only: see leftBehind
	Spans      [][]time.Duration // zilliz apply/destroy: see waitSpans
	// OtherVersion counts requests of another API version than the one the
	// provider was set to speak (zilliz only): any is a broken run.
	OtherVersion int
}

// callStats summarises the mock's request log for one phase.
type callStats struct {
	Total     int
	ByRoute   map[string]int
	Throttled int // HTTP 429
	// ThrottledByRoute counts the 429s among ByRoute's calls.
	ThrottledByRoute map[string]int
	NotOK            int // any answer but HTTP 200 with a success code (429s included)
}

// PerCluster is calls per resource.
func (c *callStats) PerCluster(route string, n int) float64 {
	if route == "" {
		return float64(c.Total) / float64(n)
	}
	return float64(c.ByRoute[route]) / float64(n)
}

// argsFor are the terraform arguments of a phase. plan uses
// -detailed-exitcode so that a plan that wants changes after an apply
// (a provider bug) shows as exit status 2.
func argsFor(phase string, parallelism int) []string {
	p := "-parallelism=" + strconv.Itoa(parallelism)
	switch phase {
	case phaseApply:
		return []string{"apply", "-auto-approve", "-input=false", p}
	case phasePlan:
		return []string{"plan", "-input=false", "-detailed-exitcode", p}
	case phaseDestroy:
		return []string{"destroy", "-auto-approve", "-input=false", p}
	}
	panic("unknown phase " + phase)
}

// run runs one phase. For zilliz it empties the mock's log first, so that
// the calls counted are this phase's only. Terraform failing is a result,
// not an error; an error means the benchmark itself could not go on.
func (b *bench) run(ctx context.Context, w *workdir, phase string, parallelism int, prefix string) (*phaseRun, error) {
	pr := &phaseRun{Phase: phase}
	if w.Kind == kindZilliz {
		if err := b.mock.resetLog(ctx); err != nil {
			return nil, err
		}
	}
	tf, err := w.run(ctx, b.phaseTimeout, phase, argsFor(phase, parallelism)...)
	if err != nil {
		return nil, fmt.Errorf("%s %s (N=%d): %w", phase, w.Kind, w.N, err)
	}
	pr.TF = tf
	if w.Kind == kindZilliz {
		reqs, err := b.mock.requests(ctx)
		if err != nil {
			return nil, err
		}
		pr.Calls = countCalls(reqs)
		for _, r := range reqs {
			if r.APIVersion != b.mock.APIVersion {
				pr.OtherVersion++
			}
		}
		// The phase's API calls beside Terraform's log, for -keep.
		if err := writeJSONLines(filepath.Join(w.Dir, phase+".requests.jsonl"), reqs); err != nil {
			return nil, err
		}
		cs, err := b.mock.clusters(ctx, region)
		if err != nil {
			return nil, err
		}
		if pr.LeftBehind, err = leftBehind(cs, w, phase, prefix); err != nil {
			return nil, err
		}
		switch phase {
		case phaseApply:
			pr.Spans = waitSpans(reqs, cs, "create")
		case phaseDestroy:
			pr.Spans = waitSpans(reqs, cs, "drop")
		}
	}
	if n := pr.problem(); n != "" {
		b.problems = append(b.problems, fmt.Sprintf("%s %s N=%d (%s): %s", phase, w.Kind, w.N, w.Dir, n))
	}
	fmt.Fprintf(b.progress, "[%6.1fs] %-7s %-14s N=%-3d P=%-2d %7.2fs exit=%d%s\n",
		time.Since(b.start).Seconds(), phase, w.Kind, w.N, parallelism, tf.Wall.Seconds(), tf.Exit, pr.note())
	return pr, nil
}

// problem says how the run broke a correctness target, or "" when it did not.
func (pr *phaseRun) problem() string {
	var s []string
	if f := pr.TF.Failed(); f > 0 {
		s = append(s, fmt.Sprintf("%d failed resource(s)", f))
	}
	if pr.LeftBehind > 0 {
		s = append(s, fmt.Sprintf("%d cluster(s) left behind", pr.LeftBehind))
	}
	if c := pr.TF.Changes; pr.Phase == phasePlan && c.Add+c.Change+c.Remove > 0 {
		s = append(s, fmt.Sprintf("plan shows %d add, %d change, %d destroy", c.Add, c.Change, c.Remove))
	}
	if pr.OtherVersion > 0 {
		s = append(s, fmt.Sprintf("%d request(s) of another API version", pr.OtherVersion))
	}
	return strings.Join(s, ", ")
}

func (pr *phaseRun) note() string {
	var s []string
	if f := pr.TF.Failed(); f > 0 {
		s = append(s, fmt.Sprintf("failed=%d", f))
	}
	if pr.LeftBehind > 0 {
		s = append(s, fmt.Sprintf("left-behind=%d", pr.LeftBehind))
	}
	if pr.Calls != nil {
		s = append(s, fmt.Sprintf("calls=%d", pr.Calls.Total))
		if pr.Calls.Throttled > 0 {
			s = append(s, fmt.Sprintf("429s=%d", pr.Calls.Throttled))
		}
	}
	if len(pr.TF.ErrorDiags) > 0 {
		s = append(s, fmt.Sprintf("first error: %q", pr.TF.ErrorDiags[0]))
	}
	if len(s) == 0 {
		return ""
	}
	return " " + strings.Join(s, " ")
}

func countCalls(reqs []loggedRequest) *callStats {
	c := &callStats{ByRoute: map[string]int{}, ThrottledByRoute: map[string]int{}}
	for _, r := range reqs {
		c.Total++
		c.ByRoute[r.Route]++
		if r.HTTPStatus == http.StatusTooManyRequests {
			c.Throttled++
			c.ThrottledByRoute[r.Route]++
		}
		if !r.ok() {
			c.NotOK++
		}
	}
	return c
}

// leftBehind counts this workload's clusters (named prefix-INDEX) that
// should not exist: after destroy, any not DELETED; after apply or plan, any
// not DELETED whose id is not in the state (Terraform has lost track of it,
// say after a retried create).
func leftBehind(cs []mockCluster, w *workdir, phase, prefix string) (int, error) {
	ids, err := w.stateIDs()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cs {
		if !strings.HasPrefix(c.ClusterName, prefix+"-") || c.Status == "DELETED" {
			continue
		}
		if phase == phaseDestroy || !ids[c.ClusterID] {
			n++
		}
	}
	return n, nil
}

// routesOf lists the routes seen in any of the runs, most used first.
func routesOf(runs ...*phaseRun) []string {
	total := map[string]int{}
	for _, r := range runs {
		if r != nil && r.Calls != nil {
			for k, v := range r.Calls.ByRoute {
				total[k] += v
			}
		}
	}
	var out []string
	for k := range total {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if total[out[i]] != total[out[j]] {
			return total[out[i]] > total[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// codeOK is the envelope code of success (v1's live answer; internal/zilliz documents the wire contract).
const codeOK = 200

// ok reports a success: v1 answers code 200, v2 code 0 (the mock's failures
// always carry a code of their own).
func (r loggedRequest) ok() bool {
	return r.HTTPStatus == http.StatusOK && (r.Code == codeOK || r.Code == 0)
}

func waves(n, parallelism int) int { return (n + parallelism - 1) / parallelism }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// writeJSONLines writes one JSON document per element of vs.
func writeJSONLines[T any](path string, vs []T) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// failure is an error naming the problems, if any run had one.
func (b *bench) failure() error {
	if len(b.problems) == 0 {
		return nil
	}
	return fmt.Errorf("%d run(s) broke a correctness target, so their figures do not count:\n  %s",
		len(b.problems), strings.Join(b.problems, "\n  "))
}

// cloudTime is the cloud's own time for one cluster in phase: the create or the
// delete; a plan waits on nothing.
func cloudTime(phase string, create, del time.Duration) time.Duration {
	switch phase {
	case phaseApply:
		return create
	case phaseDestroy:
		return del
	}
	return 0
}

// unavoidableCalls are the calls per cluster no provider can skip (DESIGN.md,
// and the rate-limit suite's fewest calls): create + one describe that sees RUNNING; one
// refresh; refresh + drop + one describe that sees DELETED.
func unavoidableCalls(phase string) int {
	return map[string]int{phaseApply: 2, phasePlan: 1, phaseDestroy: 3}[phase]
}
