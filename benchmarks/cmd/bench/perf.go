package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// perfOpts configures the performance suite (make bench).
type perfOpts struct {
	N, Parallelism, Runs    int
	Latency, Create, Delete time.Duration
	PollN                   int             // clusters per poll-scaling destroy
	PollDeletes             []time.Duration // delete durations of the poll-scaling runs; none: skip
	PlanScales              []planScale     // plan-at-scale workloads; none: skip
	Plans                   int             // plans of each kind per plan-at-scale workload
	QueryScales             []planScale     // terraform query workloads; none: skip
	QueryTerraform          string          // the terraform that runs them (1.14 or later)
}

// perfResult is everything the performance report shows.
type perfResult struct {
	Opts perfOpts
	// Runs[i][phase][kind]
	Runs []map[string]map[string]*phaseRun
	Poll []*pollRun
	// PlanScale is the plan-at-scale workloads, each on a mock of its own.
	PlanScale []*planRun
	// Query is the terraform query workloads, each on a mock of its own.
	Query []*queryRun
}

type pollRun struct {
	Delete  time.Duration
	Destroy *phaseRun
}

var (
	phases = []string{phaseApply, phasePlan, phaseDestroy}
	kinds  = []string{kindData, kindNoop, kindNoopCluster, kindZilliz}
)

// runPerf runs, per run, apply then plan then destroy for each kind. Within a
// phase the kinds run back to back, so that noise from other work on the
// machine lands on the floors and the provider alike.
func runPerf(ctx context.Context, b *bench, o perfOpts) (*perfResult, error) {
	res := &perfResult{Opts: o}
	for run := 1; run <= o.Runs; run++ {
		prefix := fmt.Sprintf("bench-r%d", run)
		wds := map[string]*workdir{}
		for _, k := range kinds {
			w, err := newWorkdir(b.tmp, fmt.Sprintf("run%d-%s", run, k), k, o.N, prefix, b.bins, b.mock)
			if err != nil {
				return nil, err
			}
			wds[k] = w
		}
		byPhase := map[string]map[string]*phaseRun{}
		for _, ph := range phases {
			byPhase[ph] = map[string]*phaseRun{}
			for _, k := range kinds {
				pr, err := b.run(ctx, wds[k], ph, o.Parallelism, prefix)
				if err != nil {
					return nil, err
				}
				byPhase[ph][k] = pr
			}
		}
		res.Runs = append(res.Runs, byPhase)
	}
	for i, d := range o.PollDeletes {
		if err := b.mock.setDurations(ctx, o.Create, 0, d); err != nil {
			return nil, err
		}
		prefix := fmt.Sprintf("poll%d", i)
		w, err := newWorkdir(b.tmp, prefix, kindZilliz, o.PollN, prefix, b.bins, b.mock)
		if err != nil {
			return nil, err
		}
		if _, err := b.run(ctx, w, phaseApply, o.Parallelism, prefix); err != nil {
			return nil, err
		}
		pr, err := b.run(ctx, w, phaseDestroy, o.Parallelism, prefix)
		if err != nil {
			return nil, err
		}
		res.Poll = append(res.Poll, &pollRun{Delete: d, Destroy: pr})
	}
	var err error
	if res.PlanScale, err = runPlanScale(ctx, b, o.PlanScales, o.Parallelism, o.Plans); err != nil {
		return nil, err
	}
	res.Query, err = runQueryScales(ctx, b, o.QueryScales, o.Plans, o.QueryTerraform)
	return res, err
}

// opTime is the cloud's own time for one resource in a phase.
func (o perfOpts) opTime(phase string) time.Duration { return cloudTime(phase, o.Create, o.Delete) }

// wall is the median wall time of kind in phase over the runs (for an even
// number of runs, the upper of the two middle ones).
func (r *perfResult) wall(phase, kind string) time.Duration {
	var ds []time.Duration
	for _, run := range r.Runs {
		ds = append(ds, run[phase][kind].TF.Wall)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func (r *perfResult) last(phase, kind string) *phaseRun { return r.Runs[len(r.Runs)-1][phase][kind] }

// markdown renders the performance tables.
func (r *perfResult) markdown() string {
	o := r.Opts
	var sb strings.Builder
	if len(r.Runs) > 0 { // -runs 0: the poll-scaling, plan-at-scale and query tables alone
		r.phasesMarkdown(&sb)
	}
	if len(r.Poll) > 0 {
		fmt.Fprintf(&sb, "\nPoll scaling: destroy of N = %d at -parallelism=%d (%d wave(s)), by delete time. "+
			"Calls include the refresh's.\n\n", o.PollN, o.Parallelism, waves(o.PollN, o.Parallelism))
		sb.WriteString("| delete time | destroy wall | calls/cluster | describe/cluster | list/cluster | drop/cluster | mean late | **mean late / op** | max late | failed | left behind |\n")
		sb.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, p := range r.Poll {
			c := p.Destroy.Calls
			late, _ := summarise(p.Destroy.Spans, p.Delete, o.Parallelism)
			fmt.Fprintf(&sb, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %s | **%.1f%%** | %s | %d | %d |\n", p.Delete, secs(p.Destroy.TF.Wall),
				c.PerCluster("", o.PollN), c.PerCluster("describe", o.PollN), c.PerCluster("list", o.PollN),
				c.PerCluster("drop", o.PollN), secs(late.Mean), 100*late.Mean.Seconds()/p.Delete.Seconds(), secs(late.Max),
				p.Destroy.TF.Failed(), p.Destroy.LeftBehind)
		}
	}
	sb.WriteString(planScaleMarkdown(r.PlanScale))
	sb.WriteString(queryMarkdown(r.Query))
	return sb.String()
}

// phasesMarkdown renders the tables of the apply, plan and destroy runs.
func (r *perfResult) phasesMarkdown(sb *strings.Builder) {
	o := r.Opts
	wv := waves(o.N, o.Parallelism)
	fmt.Fprintf(sb, "N = %d, -parallelism=%d, mock latency %s, create %s, delete %s; %d run(s)",
		o.N, o.Parallelism, o.Latency, o.Create, o.Delete, o.Runs)
	if o.Runs > 1 {
		sb.WriteString(" (wall times are medians; every run is listed below)")
	}
	sb.WriteString(".\n\n")

	fmt.Fprintf(sb, "Wall time. Floor = the no-op (noop_thing, or noop_cluster) time + ceil(N/parallelism) x operation time = + %d x op. "+
		"noop_cluster has zilliz_cluster's schema: its floor holds what Terraform and the framework spend on that schema.\n\n", wv)
	sb.WriteString("| phase | terraform_data | no-op provider | noop_cluster | zilliz | cloud time | floor (no-op) | **ratio (no-op)** | floor (noop_cluster) | ratio (noop_cluster) |\n")
	sb.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, ph := range phases {
		cloud := time.Duration(wv) * o.opTime(ph)
		z, n, nz, d := r.wall(ph, kindZilliz), r.wall(ph, kindNoop), r.wall(ph, kindNoopCluster), r.wall(ph, kindData)
		fmt.Fprintf(sb, "| %s | %s | %s | %s | %s | %s | %s | **%.2f** | %s | %.2f |\n", ph, secs(d), secs(n), secs(nz), secs(z),
			secs(cloud), secs(n+cloud), z.Seconds()/(n+cloud).Seconds(), secs(nz+cloud), z.Seconds()/(nz+cloud).Seconds())
	}
	sb.WriteString("\nDESIGN.md's floor also counts the latency of the calls no provider can avoid " +
		"(apply: create + 1 describe; plan: 1 describe; destroy: refresh + drop + 1 describe; each wave pays them in turn). With it, the ratios are")
	for _, k := range []string{kindNoop, kindNoopCluster} {
		fmt.Fprintf(sb, " (%s):", k)
		for _, ph := range phases {
			floor := r.wall(ph, k) + time.Duration(wv)*(o.opTime(ph)+time.Duration(unavoidableCalls(ph))*o.Latency)
			fmt.Fprintf(sb, " %s %.2f (floor %s);", ph, r.wall(ph, kindZilliz).Seconds()/floor.Seconds(), secs(floor))
		}
	}
	sb.WriteString("\n\n")
	if o.Runs > 1 {
		sb.WriteString("Every run (terraform_data / no-op / noop_cluster / zilliz):\n\n")
		for i, run := range r.Runs {
			fmt.Fprintf(sb, "- run %d:", i+1)
			for _, ph := range phases {
				fmt.Fprintf(sb, " %s %.2f / %.2f / %.2f / %.2f s;", ph, run[ph][kindData].TF.Wall.Seconds(),
					run[ph][kindNoop].TF.Wall.Seconds(), run[ph][kindNoopCluster].TF.Wall.Seconds(), run[ph][kindZilliz].TF.Wall.Seconds())
			}
			sb.WriteString("\n")
		}
		sb.WriteString("\n")
	}

	var zs []*phaseRun
	for _, ph := range phases {
		zs = append(zs, r.last(ph, kindZilliz))
	}
	routes := routesOf(zs...)
	sb.WriteString("API calls per cluster (mock request log, reset between phases")
	if o.Runs > 1 {
		sb.WriteString("; last run")
	}
	sb.WriteString("); unavoidable: apply 2, plan 1, destroy 3.\n\n| phase | total |")
	for _, rt := range routes {
		fmt.Fprintf(sb, " %s |", rt)
	}
	sb.WriteString(" answers not OK |\n| --- | ---: |" + strings.Repeat(" ---: |", len(routes)+1) + "\n")
	for _, pr := range zs {
		fmt.Fprintf(sb, "| %s | %.2f |", pr.Phase, pr.Calls.PerCluster("", o.N))
		for _, rt := range routes {
			fmt.Fprintf(sb, " %.2f |", pr.Calls.PerCluster(rt, o.N))
		}
		fmt.Fprintf(sb, " %d |\n", pr.Calls.NotOK)
	}

	sb.WriteString("\nProvider processes (peak RSS is the largest VmHWM of any provider process in the phase, " +
		"from wait4's rusage; CPU is user+system summed over them).\n\n")
	sb.WriteString("| phase | zilliz peak RSS | zilliz CPU | zilliz processes | no-op peak RSS | no-op CPU | failed resources | clusters left behind | plan changes |\n")
	sb.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, ph := range phases {
		z, n := r.last(ph, kindZilliz), r.last(ph, kindNoop)
		procs := fmt.Sprint(len(z.TF.Procs))
		if z.TF.Started != len(z.TF.Procs) {
			procs = fmt.Sprintf("%d (%d started)", len(z.TF.Procs), z.TF.Started)
		}
		changes := "-"
		if ph == phasePlan {
			c := z.TF.Changes
			changes = fmt.Sprintf("%d add, %d change, %d destroy", c.Add, c.Change, c.Remove)
		}
		fmt.Fprintf(sb, "| %s | %s | %.2f s | %s | %s | %.2f s | %d | %d | %s |\n", ph, mib(z.TF.PeakRSS()), z.TF.CPU().Seconds(),
			procs, mib(n.TF.PeakRSS()), n.TF.CPU().Seconds(), z.TF.Failed(), z.LeftBehind, changes)
	}

	sb.WriteString("\nHow late the provider notices the end of an operation, per cluster: arrival of the first look at or past the end " +
		"(a describe of the cluster, or a list page) minus (arrival of the create or drop + the operation time), from the mock's log. " +
		"A page may not show the cluster, so pages can make this read early. The first wave polls before the client has any estimate.\n\n")
	sb.WriteString("| phase | op time | mean late | p90 | max | first wave mean | later waves mean |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, ph := range []string{phaseApply, phaseDestroy} {
		if s, ok := summarise(r.last(ph, kindZilliz).Spans, o.opTime(ph), o.Parallelism); ok {
			fmt.Fprintf(sb, "| %s | %s | %s | %s | %s | %s | %s |\n", ph, o.opTime(ph), secs(s.Mean), secs(s.P90), secs(s.Max),
				secs(s.FirstWave), secs(s.LaterWaves))
		}
	}
}
