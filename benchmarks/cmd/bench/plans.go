package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// planScale is one plan-at-scale workload: N clusters refreshed at a latency.
type planScale struct {
	N       int
	Latency time.Duration
}

// planRun is what a plan-at-scale workload measured: the plans of each kind
// (alternating, so that noise lands on both) and the zilliz plans' calls.
type planRun struct {
	planScale
	Parallelism int
	Noop, Zill  []*phaseRun
}

// planSetupParallelism is the -parallelism of the applies and destroys that
// set a plan-at-scale workload up and take it down: they are not measured,
// and at 150 ms a wave of 10 would spend minutes creating 1,000 clusters.
const planSetupParallelism = 50

// runPlanScale runs, per workload, on a mock of its own latency with instant
// operations: apply N clusters and N no-op things, plan each kind `plans`
// times in turn, then destroy both.
func runPlanScale(ctx context.Context, b *bench, scales []planScale, parallelism, plans int) ([]*planRun, error) {
	var out []*planRun
	for i, sc := range scales {
		dir := filepath.Join(b.tmp, fmt.Sprintf("planscale%d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		mock, err := startMock(ctx, b.bins.Mock, dir, "-latency", sc.Latency.String(),
			"-create-duration", "0s", "-delete-duration", "0s", "-modify-duration", "0s")
		if err != nil {
			return nil, err
		}
		saved := b.mock
		b.mock = mock
		pr, err := runOnePlanScale(ctx, b, sc, parallelism, plans, dir, fmt.Sprintf("ps%d", i))
		mock.stop()
		b.mock = saved
		if err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, nil
}

func runOnePlanScale(ctx context.Context, b *bench, sc planScale, parallelism, plans int, dir, prefix string) (*planRun, error) {
	pr := &planRun{planScale: sc, Parallelism: parallelism}
	noop, err := newWorkdir(dir, "noop", kindNoop, sc.N, prefix, b.bins, nil)
	if err != nil {
		return nil, err
	}
	z, err := newWorkdir(dir, "zilliz", kindZilliz, sc.N, prefix, b.bins, b.mock)
	if err != nil {
		return nil, err
	}
	for _, w := range []*workdir{noop, z} {
		if _, err := b.run(ctx, w, phaseApply, planSetupParallelism, prefix); err != nil {
			return nil, err
		}
	}
	for range plans {
		n, err := b.run(ctx, noop, phasePlan, parallelism, prefix)
		if err != nil {
			return nil, err
		}
		zp, err := b.run(ctx, z, phasePlan, parallelism, prefix)
		if err != nil {
			return nil, err
		}
		pr.Noop, pr.Zill = append(pr.Noop, n), append(pr.Zill, zp)
	}
	for _, w := range []*workdir{noop, z} {
		if _, err := b.run(ctx, w, phaseDestroy, planSetupParallelism, prefix); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// median is the median wall time of runs (the upper middle one for an even count).
func median(runs []*phaseRun) time.Duration {
	var ds []time.Duration
	for _, r := range runs {
		ds = append(ds, r.TF.Wall)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// planFloor is the no-op plan plus two round trips: one to learn how many
// clusters there are, one for the rest of the listing.
func (pr *planRun) floor() time.Duration { return median(pr.Noop) + 2*pr.Latency }

func planScaleMarkdown(runs []*planRun) string {
	if len(runs) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "\nPlan (refresh) at scale, -parallelism=%d, each on a mock of its own latency; %d plan(s) of each kind, "+
		"alternating, wall times are medians. Floor = the no-op plan + 2 x latency. Calls and peak RSS are the zilliz plans' "+
		"largest.\n\n", runs[0].Parallelism, len(runs[0].Zill))
	sb.WriteString("| N | latency | no-op plan | zilliz plan | floor | **ratio** | calls | calls/cluster | by route | zilliz peak RSS | plan changes |\n")
	sb.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |\n")
	for _, pr := range runs {
		z, f := median(pr.Zill), pr.floor()
		calls, rss := 0, int64(0)
		var worst *phaseRun
		changes := 0
		for _, r := range pr.Zill {
			if r.Calls.Total >= calls {
				calls, worst = r.Calls.Total, r
			}
			rss = max(rss, r.TF.PeakRSS())
			c := r.TF.Changes
			changes += c.Add + c.Change + c.Remove
		}
		var routes []string
		for _, rt := range routesOf(worst) {
			routes = append(routes, rt+" "+strconv.Itoa(worst.Calls.ByRoute[rt]))
		}
		fmt.Fprintf(&sb, "| %d | %s | %s | %s | %s | **%.2f** | %d | %.3f | %s | %s | %d |\n", pr.N, pr.Latency,
			secs(median(pr.Noop)), secs(z), secs(f), z.Seconds()/f.Seconds(), calls, float64(calls)/float64(pr.N),
			strings.Join(routes, ", "), mib(rss), changes)
	}
	sb.WriteString("\nEvery plan (no-op / zilliz):")
	for _, pr := range runs {
		fmt.Fprintf(&sb, " N=%d:", pr.N)
		for i := range pr.Zill {
			fmt.Fprintf(&sb, " %.2f / %.2f s;", pr.Noop[i].TF.Wall.Seconds(), pr.Zill[i].TF.Wall.Seconds())
		}
	}
	sb.WriteString("\n")
	return sb.String()
}
