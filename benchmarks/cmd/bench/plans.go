package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
// (in turn, so that noise lands on all of them) and the zilliz plans' calls.
type planRun struct {
	planScale
	Parallelism        int
	Noop, Schema, Zill []*phaseRun // noop_thing, noop_cluster, zilliz_cluster
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
		mock, err := b.startMock(ctx, dir, "-latency", sc.Latency.String(),
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
	schema, err := newWorkdir(dir, "noop_cluster", kindNoopCluster, sc.N, prefix, b.bins, nil)
	if err != nil {
		return nil, err
	}
	z, err := newWorkdir(dir, "zilliz", kindZilliz, sc.N, prefix, b.bins, b.mock)
	if err != nil {
		return nil, err
	}
	all := []*workdir{noop, schema, z}
	for _, w := range all {
		if _, err := b.run(ctx, w, phaseApply, planSetupParallelism, prefix); err != nil {
			return nil, err
		}
	}
	for range plans {
		var got [3]*phaseRun
		for i, w := range all {
			if got[i], err = b.run(ctx, w, phasePlan, parallelism, prefix); err != nil {
				return nil, err
			}
		}
		pr.Noop, pr.Schema, pr.Zill = append(pr.Noop, got[0]), append(pr.Schema, got[1]), append(pr.Zill, got[2])
	}
	for _, w := range all {
		if _, err := b.run(ctx, w, phaseDestroy, planSetupParallelism, prefix); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// median is the median wall time of runs (the upper middle one for an even count).
func median(runs []*phaseRun) time.Duration {
	return medianOf(runs, func(r *tfResult) time.Duration { return r.Wall })
}

// medianOf is the median of what measure takes from each run's terraform command.
func medianOf(runs []*phaseRun, measure func(*tfResult) time.Duration) time.Duration {
	var ds []time.Duration
	for _, r := range runs {
		ds = append(ds, measure(r.TF))
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// floor is the no-op plan plus two round trips: one to learn how many
// clusters there are, one for the rest of the listing.
func (pr *planRun) floor() time.Duration { return median(pr.Noop) + 2*pr.Latency }

// schemaFloor is floor with noop_cluster's plan: what Terraform and the
// framework spend on a schema of zilliz_cluster's size is in it.
func (pr *planRun) schemaFloor() time.Duration { return median(pr.Schema) + 2*pr.Latency }

func planScaleMarkdown(runs []*planRun) string {
	if len(runs) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "\nPlan (refresh) at scale, -parallelism=%d, each on a mock of its own latency; %d plan(s) of each kind, "+
		"in turn, wall times are medians. Floor = the no-op plan (noop_thing, one attribute) + 2 x latency. The schema floor "+
		"takes the plan of noop_cluster instead, a no-op resource with zilliz_cluster's schema, validators and plan modifiers: "+
		"the difference between the floors is what Terraform and the framework spend on the schema, the schema ratio what the "+
		"provider's own code adds. Calls and peak RSS are the zilliz plans' largest.\n\n", runs[0].Parallelism, len(runs[0].Zill))
	sb.WriteString("| N | latency | no-op plan | noop_cluster plan | zilliz plan | floor | **ratio** | schema floor | ratio (schema) " +
		"| calls | calls/cluster | by route | zilliz peak RSS | no-op peak RSS | plan changes |\n")
	sb.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |\n")
	for _, pr := range runs {
		z, f := median(pr.Zill), pr.floor()
		calls, rss, noopRSS := 0, int64(0), int64(0)
		for _, r := range slices.Concat(pr.Noop, pr.Schema) {
			noopRSS = max(noopRSS, r.TF.PeakRSS())
		}
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
		sf := pr.schemaFloor()
		fmt.Fprintf(&sb, "| %d | %s | %s | %s | %s | %s | **%.2f** | %s | %.2f | %d | %.3f | %s | %s | %s | %d |\n", pr.N, pr.Latency,
			secs(median(pr.Noop)), secs(median(pr.Schema)), secs(z), secs(f), z.Seconds()/f.Seconds(), secs(sf),
			z.Seconds()/sf.Seconds(), calls, float64(calls)/float64(pr.N), strings.Join(routes, ", "), mib(rss), mib(noopRSS), changes)
	}
	sb.WriteString("\nEvery plan (no-op / noop_cluster / zilliz):")
	for _, pr := range runs {
		fmt.Fprintf(&sb, " N=%d:", pr.N)
		for i := range pr.Zill {
			fmt.Fprintf(&sb, " %.2f / %.2f / %.2f s;", pr.Noop[i].TF.Wall.Seconds(), pr.Schema[i].TF.Wall.Seconds(),
				pr.Zill[i].TF.Wall.Seconds())
		}
	}
	sb.WriteString("\n")
	sb.WriteString(planCPUMarkdown(runs))
	return sb.String()
}

// planCPUMarkdown splits the plans' CPU between terraform and the provider.
// A plan cannot take less wall time than its CPU spread over every CPU, so
// noop_cluster's bound is what any provider with zilliz_cluster's schema needs
// at least, on this machine, Terraform and framework.
func planCPUMarkdown(runs []*planRun) string {
	var sb strings.Builder
	cpus := runtime.NumCPU()
	fmt.Fprintf(&sb, "\nCPU of the same plans, user+system, medians: terraform's own (its process and those it "+
		"waited for, less its providers) and the provider process's. Spread over all %d CPUs, that CPU is the least "+
		"wall time the plan can take; noop_cluster's is the least any provider with zilliz_cluster's schema can take "+
		"here. Target: the issue's 1.2 x floor.\n\n", cpus)
	sb.WriteString("| N | latency | kind | terraform CPU | provider CPU | (terraform + provider) / CPUs | wall | target |\n")
	sb.WriteString("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, pr := range runs {
		target := time.Duration(1.2 * float64(pr.floor()))
		for _, k := range []struct {
			name string
			runs []*phaseRun
		}{{"noop_thing", pr.Noop}, {"noop_cluster", pr.Schema}, {"zilliz_cluster", pr.Zill}} {
			tf := medianOf(k.runs, (*tfResult).TerraformCPU)
			prov := medianOf(k.runs, (*tfResult).CPU)
			fmt.Fprintf(&sb, "| %d | %s | %s | %s | %s | %s | %s | %s |\n", pr.N, pr.Latency, k.name, secs(tf), secs(prov),
				secs((tf+prov)/time.Duration(cpus)), secs(median(k.runs)), secs(target))
		}
	}
	return sb.String()
}
