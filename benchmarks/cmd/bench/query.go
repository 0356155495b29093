package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// queryRun is a `terraform query` workload: N clusters listed at a latency,
// by zilliz_cluster's list resource against the mock and by the no-op
// provider's noop_listed (no API at all), in turn.
type queryRun struct {
	planScale
	Noop, Zill []*queryResult
}

// queryResult is one query: terraform's outcome, its results and, for
// zilliz, the API calls it made.
type queryResult struct {
	TF      *tfResult
	Results int
	Calls   *callStats
}

// runQueryScales runs each query workload on a mock of its own latency, seeded
// with N clusters: `queries` queries of each kind, in turn, through tfBin
// (Terraform 1.14 or later: earlier ones have no `terraform query`).
func runQueryScales(ctx context.Context, b *bench, scales []planScale, queries int, tfBin string) ([]*queryRun, error) {
	var out []*queryRun
	for i, sc := range scales {
		dir := filepath.Join(b.tmp, fmt.Sprintf("query%d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		mock, err := b.startMock(ctx, dir, "-latency", sc.Latency.String())
		if err != nil {
			return nil, err
		}
		qr, err := runOneQueryScale(ctx, b, mock, sc, queries, tfBin, dir)
		mock.stop()
		if err != nil {
			return nil, err
		}
		out = append(out, qr)
	}
	return out, nil
}

func runOneQueryScale(ctx context.Context, b *bench, mock *mockProc, sc planScale, queries int, tfBin, dir string) (*queryRun, error) {
	for i := range sc.N {
		c := map[string]any{"clusterName": fmt.Sprintf("listed-%d", i), "regionId": region, "projectId": projectID}
		if err := mock.admin(ctx, http.MethodPost, "clusters", c, nil); err != nil {
			return nil, err
		}
	}
	noop, err := newQueryWorkdir(dir, "noop", noopSource, "noop_listed", fmt.Sprintf("results = %d", sc.N), sc.N, b.bins, nil, tfBin)
	if err != nil {
		return nil, err
	}
	z, err := newQueryWorkdir(dir, "zilliz", zillizSource, "zilliz_cluster", "", sc.N, b.bins, mock, tfBin)
	if err != nil {
		return nil, err
	}
	qr := &queryRun{planScale: sc}
	for q := range queries {
		for _, w := range []*workdir{noop, z} {
			if w.Kind == kindZilliz {
				if err := mock.resetLog(ctx); err != nil {
					return nil, err
				}
			}
			phase := fmt.Sprintf("query%d", q)
			tf, err := w.run(ctx, b.phaseTimeout, phase, "query")
			if err != nil {
				return nil, fmt.Errorf("query %s (N=%d): %w", w.Kind, w.N, err)
			}
			res := &queryResult{TF: tf}
			if res.Results, err = countResults(filepath.Join(w.Dir, phase+".jsonl")); err != nil {
				return nil, err
			}
			if w.Kind == kindZilliz {
				reqs, err := mock.requests(ctx)
				if err != nil {
					return nil, err
				}
				res.Calls = countCalls(reqs)
				// The query's API calls beside Terraform's log, for -keep.
				if err := writeJSONLines(filepath.Join(w.Dir, phase+".requests.jsonl"), reqs); err != nil {
					return nil, err
				}
				qr.Zill = append(qr.Zill, res)
			} else {
				qr.Noop = append(qr.Noop, res)
			}
			if tf.Exit != 0 || res.Results != sc.N {
				b.problems = append(b.problems, fmt.Sprintf("query %s N=%d (%s): exit %d, %d results, errors %q",
					w.Kind, w.N, w.Dir, tf.Exit, res.Results, tf.ErrorDiags))
			}
			fmt.Fprintf(b.progress, "[%6.1fs] query   %-14s N=%-4d %7.2fs exit=%d results=%d\n",
				time.Since(b.start).Seconds(), w.Kind, w.N, tf.Wall.Seconds(), tf.Exit, res.Results)
		}
	}
	return qr, nil
}

// newQueryWorkdir is a working directory whose query file lists n resources
// of listType, with include_resource (what -generate-config-out needs).
func newQueryWorkdir(parent, name, source, listType, config string, n int, bins *binaries, mock *mockProc, tfBin string) (*workdir, error) {
	kind := kindNoop
	if mock != nil {
		kind = kindZilliz
	}
	w, err := newWorkdir(parent, name, kind, 0, "", bins, mock)
	if err != nil {
		return nil, err
	}
	w.N, w.tf = n, tfBin
	local := strings.SplitN(listType, "_", 2)[0]
	mainTF := fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n\nprovider %q {}\n", local, source, local)
	query := fmt.Sprintf("list %q \"all\" {\n  provider         = %s\n  include_resource = true\n  limit            = %d\n"+
		"  config {\n    %s\n  }\n}\n", listType, local, n, config)
	if err := os.WriteFile(filepath.Join(w.Dir, "main.tf"), []byte(mainTF), 0o600); err != nil {
		return nil, err
	}
	return w, os.WriteFile(filepath.Join(w.Dir, "all.tfquery.hcl"), []byte(query), 0o600)
}

// countResults counts the results a `terraform query -json` log lists.
func countResults(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		var line struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Type == "list_resource_found" {
			n++
		}
	}
	return n, sc.Err()
}

func medianQuery(rs []*queryResult, measure func(*queryResult) float64) float64 {
	var vs []float64
	for _, r := range rs {
		vs = append(vs, measure(r))
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

func queryMarkdown(runs []*queryRun) string {
	if len(runs) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n`terraform query` (Terraform 1.16.4) of N clusters with include_resource, each on a mock of its own "+
		"latency; %d query(ies) of each kind, in turn, wall times are medians. The no-op query lists noop_listed, a no-op "+
		"list resource of zilliz_cluster's schema that makes up N results with no API call. Floor = the no-op query + 2 x "+
		"latency: one round trip to learn how many clusters there are, one for the other pages, together. Calls and peak "+
		"RSS are the largest of the zilliz queries; provider CPU (user+system of the provider process) is a median.\n\n",
		len(runs[0].Zill))
	sb.WriteString("| N | latency | no-op query | zilliz query | floor | **ratio** | ratio (no-op query) | calls | by route " +
		"| zilliz provider CPU | no-op provider CPU | zilliz peak RSS | no-op peak RSS | results |\n")
	sb.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, qr := range runs {
		wall := func(r *queryResult) float64 { return r.TF.Wall.Seconds() }
		cpu := func(r *queryResult) float64 { return r.TF.CPU().Seconds() }
		noop, z := medianQuery(qr.Noop, wall), medianQuery(qr.Zill, wall)
		floor := noop + 2*qr.Latency.Seconds()
		calls, rss, noopRSS, results := 0, int64(0), int64(0), 0
		var byRoute []string
		for _, r := range qr.Zill {
			if r.Calls.Total > calls {
				calls = r.Calls.Total
				byRoute = byRoute[:0]
				for _, route := range slices.Sorted(maps.Keys(r.Calls.ByRoute)) {
					byRoute = append(byRoute, fmt.Sprintf("%s %d", route, r.Calls.ByRoute[route]))
				}
			}
			rss, results = max(rss, r.TF.PeakRSS()), max(results, r.Results)
		}
		for _, r := range qr.Noop {
			noopRSS = max(noopRSS, r.TF.PeakRSS())
		}
		fmt.Fprintf(&sb, "| %d | %s | %.2f s | %.2f s | %.2f s | **%.2f** | %.2f | %d | %s | %.2f s | %.2f s | %s | %s | %d |\n",
			qr.N, qr.Latency, noop, z, floor, z/floor, z/noop, calls, strings.Join(byRoute, ", "),
			medianQuery(qr.Zill, cpu), medianQuery(qr.Noop, cpu), mib(rss), mib(noopRSS), results)
	}
	return sb.String()
}

// newestTerraform is the Terraform scripts/build-terraform-newest.sh builds
// (or finds cached): the terraform on PATH may be older than 1.14.
func newestTerraform(ctx context.Context, root string) (string, error) {
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, "scripts", "build-terraform-newest.sh"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/build-terraform-newest.sh: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
