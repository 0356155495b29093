// Command bench runs the provider's benchmarks against the mock control
// plane: `make bench` (-suite=perf) and `make bench-ratelimit`
// (-suite=ratelimit). DESIGN.md, "The adaptive parts", says what each measures.
//
// It builds the provider, a no-op provider (benchmarks/noop), a launcher that
// reports the providers' peak memory (benchmarks/cmd/peakrss) and the mock;
// starts the mock on a loopback port; runs the real terraform CLI through a
// temporary CLI configuration with dev_overrides; prints markdown tables and
// writes them to its own section of BENCHMARKS.md. Floors are measured in the
// same invocation as the provider, and ratios reported, because absolute times
// on a shared machine are noise.
//
//	go run ./benchmarks/cmd/bench -suite=perf [-runs 3] [-poll-deletes ""]
//	go run ./benchmarks/cmd/bench -suite=perf -runs 0 -poll-deletes "" -plan-scales ""  (the query row alone)
//	go run ./benchmarks/cmd/bench -suite=ratelimit [-rates 20]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type flags struct {
	suite                   string
	n, parallelism, runs    int
	latency, create, delete time.Duration
	pollN                   int
	pollDeletes, rates      string
	planScales, limits      string
	queryScales             string
	queryTerraform          string
	plans                   int
	out, apiVersion         string
	appendRun, keepTmp      bool
	phaseTimeout, timeout   time.Duration
}

func parseFlags() (*flags, error) {
	f := &flags{}
	flag.StringVar(&f.suite, "suite", "", "perf (make bench) or ratelimit (make bench-ratelimit)")
	flag.IntVar(&f.n, "n", 0, "resources per workload (default 100 for perf, 200 for ratelimit)")
	flag.IntVar(&f.parallelism, "parallelism", 0, "terraform -parallelism (default 10 for perf, 20 for ratelimit)")
	flag.IntVar(&f.runs, "runs", 1, "perf: repetitions of apply/plan/destroy; wall times are reported as medians (0 skips them: with -poll-deletes \"\" and -plan-scales \"\", the query row alone)")
	flag.DurationVar(&f.latency, "latency", 20*time.Millisecond, "mock latency per API request")
	flag.DurationVar(&f.create, "create", 2*time.Second, "mock create duration")
	flag.DurationVar(&f.delete, "delete", time.Second, "mock delete duration")
	flag.IntVar(&f.pollN, "poll-n", 10, "perf: clusters per poll-scaling destroy")
	flag.StringVar(&f.pollDeletes, "poll-deletes", "1s,60s,300s", `perf: delete durations of the single-wave poll-scaling destroys ("" skips them, saving about 6 min)`)
	flag.StringVar(&f.planScales, "plan-scales", "100/20ms,1000/150ms", `perf: plan-at-scale workloads as N/latency, comma-separated ("" skips them)`)
	flag.IntVar(&f.plans, "plans", 3, "perf: plans (and queries) of each kind per plan-at-scale (query) workload")
	flag.StringVar(&f.queryScales, "query-scales", "1000/150ms", `perf: terraform query workloads as N/latency, comma-separated ("" skips them)`)
	flag.StringVar(&f.queryTerraform, "query-terraform", "", "perf: the terraform (1.14 or later) that runs the queries (default: built by scripts/build-terraform-newest.sh)")
	flag.StringVar(&f.limits, "limits", "global,endpoint", "ratelimit: which limits to run at each rate: global (per key), endpoint (per key and endpoint)")
	flag.StringVar(&f.rates, "rates", "5,20,50", "ratelimit: server limits in requests/s, comma-separated")
	flag.StringVar(&f.apiVersion, "api-version", apiV1, "API version the provider speaks to the mock: v1 or v2 (the report says which)")
	flag.StringVar(&f.out, "out", "BENCHMARKS.md", `markdown file whose section for this suite is rewritten, relative to the module root ("" : print only)`)
	flag.BoolVar(&f.appendRun, "append", false, "add this run to the suite's section instead of replacing it")
	flag.BoolVar(&f.keepTmp, "keep", false, "keep the temporary directory (working directories, terraform -json logs, each phase's API calls, mock log) for inspection")
	flag.DurationVar(&f.phaseTimeout, "phase-timeout", 15*time.Minute, "limit for one terraform command")
	flag.DurationVar(&f.timeout, "timeout", 60*time.Minute, "limit for the whole benchmark")
	flag.Parse()
	if flag.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	def := map[string][2]int{"perf": {100, 10}, "ratelimit": {200, 20}}
	d, ok := def[f.suite]
	if !ok {
		return nil, fmt.Errorf("-suite must be perf or ratelimit, not %q", f.suite)
	}
	if f.n == 0 {
		f.n = d[0]
	}
	if f.parallelism == 0 {
		f.parallelism = d[1]
	}
	if f.apiVersion != apiV1 && f.apiVersion != apiV2 {
		return nil, fmt.Errorf("-api-version %q: want %s or %s", f.apiVersion, apiV1, apiV2)
	}
	if f.n < 1 || f.parallelism < 1 || f.runs < 0 || f.pollN < 1 || f.plans < 1 {
		return nil, errors.New("-n, -parallelism, -poll-n and -plans must be positive, -runs at least 0")
	}
	return f, nil
}

func run() error {
	f, err := parseFlags()
	if err != nil {
		return err
	}
	// Ctrl-C or SIGTERM cancel the context; every child is then stopped and
	// the deferred cleanups below still run.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()

	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "zilliz-bench-")
	if err != nil {
		return err
	}
	if f.keepTmp {
		defer fmt.Fprintln(os.Stderr, "bench: kept", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	command := "go run ./benchmarks/cmd/bench"
	for _, a := range os.Args[1:] {
		if a == "" || strings.ContainsAny(a, " \t'\"$") {
			a = strconv.Quote(a)
		}
		command += " " + a
	}
	info := machine(ctx, root, command) // before the run: the load average is the one we ran into

	fmt.Fprintln(os.Stderr, "bench: building into", tmp)
	bins, err := build(ctx, root, tmp)
	if err != nil {
		return err
	}
	b := &bench{apiVersion: f.apiVersion, bins: bins, tmp: tmp, phaseTimeout: f.phaseTimeout, start: time.Now(), progress: os.Stderr}
	defer func() { b.mock.stop() }() // whichever mock is running when we leave

	mockArgs := func(rate float64, limit string) []string {
		a := []string{"-latency", f.latency.String(), "-create-duration", f.create.String(), "-delete-duration", f.delete.String()}
		if rate > 0 {
			prefix := "-"
			if limit == limitEndpoint {
				prefix = "-endpoint-"
			}
			a = append(a, prefix+"rate", strconv.FormatFloat(rate, 'g', -1, 64), prefix+"burst", strconv.Itoa(burstFor(rate)))
		}
		return a
	}

	var section, title, body string
	switch f.suite {
	case "perf":
		pollDeletes, err := parseList(f.pollDeletes, time.ParseDuration)
		if err != nil {
			return fmt.Errorf("-poll-deletes: %w", err)
		}
		scales, err := parseList(f.planScales, parsePlanScale)
		if err != nil {
			return fmt.Errorf("-plan-scales: %w", err)
		}
		queries, err := parseList(f.queryScales, parsePlanScale)
		if err != nil {
			return fmt.Errorf("-query-scales: %w", err)
		}
		queryTF := f.queryTerraform
		if len(queries) > 0 && queryTF == "" {
			if queryTF, err = newestTerraform(ctx, root); err != nil {
				return err
			}
		}
		if b.mock, err = b.startMock(ctx, tmp, mockArgs(0, "")...); err != nil {
			return err
		}
		res, err := runPerf(ctx, b, perfOpts{N: f.n, Parallelism: f.parallelism, Runs: f.runs, Latency: f.latency,
			Create: f.create, Delete: f.delete, PollN: f.pollN, PollDeletes: pollDeletes, PlanScales: scales, Plans: f.plans,
			QueryScales: queries, QueryTerraform: queryTF})
		if err != nil {
			return err
		}
		section, title, body = "bench", "Performance at scale (`make bench`)", res.markdown()
	case "ratelimit":
		rates, err := parseList(f.rates, func(s string) (float64, error) {
			v, err := strconv.ParseFloat(s, 64)
			if err == nil && v <= 0 {
				err = errors.New("a rate must be positive")
			}
			return v, err
		})
		if err != nil {
			return fmt.Errorf("-rates: %w", err)
		}
		if len(rates) == 0 {
			return errors.New("-rates: give at least one rate")
		}
		limits, err := parseList(f.limits, func(s string) (string, error) {
			if s != limitGlobal && s != limitEndpoint {
				return "", fmt.Errorf("%q is neither %s nor %s", s, limitGlobal, limitEndpoint)
			}
			return s, nil
		})
		if err != nil {
			return fmt.Errorf("-limits: %w", err)
		}
		o := rateOpts{N: f.n, Parallelism: f.parallelism, Rates: rates, Limits: limits, Latency: f.latency,
			Create: f.create, Delete: f.delete, MockArgs: mockArgs}
		runs, err := runRateLimit(ctx, b, o)
		if err != nil {
			return err
		}
		section, title, body = "bench-ratelimit", "Against a rate-limited API (`make bench-ratelimit`)", rateMarkdown(o, runs)
	}
	body = "### Run of " + time.Now().UTC().Format("2006-01-02 15:04 UTC") + ", API " + f.apiVersion + "\n\n" + info + "\n" + body
	fmt.Println(body)
	if f.out == "" {
		return b.failure()
	}
	out := f.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := writeSection(out, section, title, body, f.appendRun); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "bench: wrote", out)
	return b.failure()
}

// moduleRoot walks up from the working directory to the provider's go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for range 64 { // bounded: a path has fewer components than this
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			strings.Contains(string(b), "module github.com/zilliz-terraform/terraform-provider-zilliz\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", errors.New("run from inside the terraform-provider-zilliz module")
}

// parsePlanScale parses N/latency, e.g. 1000/150ms.
func parsePlanScale(s string) (planScale, error) {
	n, lat, ok := strings.Cut(s, "/")
	if !ok {
		return planScale{}, fmt.Errorf("%q is not N/latency", s)
	}
	var sc planScale
	var err error
	if sc.N, err = strconv.Atoi(n); err != nil || sc.N < 1 {
		return planScale{}, fmt.Errorf("%q: N must be a positive integer", s)
	}
	if sc.Latency, err = time.ParseDuration(lat); err != nil {
		return planScale{}, fmt.Errorf("%q: %w", s, err)
	}
	return sc, nil
}

func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := parse(f)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
