package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// rateOpts configures the rate-limit suite (make bench-ratelimit).
type rateOpts struct {
	N, Parallelism          int
	Rates                   []float64 // server limits, requests/s; burst = rate
	Limits                  []string  // limitGlobal and/or limitEndpoint, each run at every rate
	Latency, Create, Delete time.Duration
	MockArgs                func(rate float64, limit string) []string
}

// Kinds of server limit: one budget per key, or one per key and endpoint (the
// v2 API documents "20 requests per second per user per endpoint").
const (
	limitGlobal   = "global"
	limitEndpoint = "endpoint"
)

type rateRun struct {
	Rate             float64
	Limit            string
	Apply, Destroy   *phaseRun
	NoopApply, NoopD *phaseRun // noop_cluster, same N and parallelism (for the last column)
}

// opTime is the cloud's own time for one cluster in a phase.
func (o rateOpts) opTime(phase string) time.Duration { return cloudTime(phase, o.Create, o.Delete) }

// runRateLimit runs apply and destroy of N clusters once per rate, each on a
// fresh mock (full bucket, no clusters), with noop_cluster's apply and destroy
// of the same N run just before: what Terraform, the plugin process and the
// framework spend on zilliz_cluster's schema, which no provider code avoids.
func runRateLimit(ctx context.Context, b *bench, o rateOpts) ([]*rateRun, error) {
	var out []*rateRun
	for i, rate := range o.Rates {
		for j, limit := range o.Limits {
			dir := filepath.Join(b.tmp, fmt.Sprintf("rate%d-%s", i, limit))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			mock, err := b.startMock(ctx, dir, o.MockArgs(rate, limit)...)
			if err != nil {
				return nil, err
			}
			b.mock = mock
			rr, err := runOneRate(ctx, b, o, rate, dir, fmt.Sprintf("rl%d%d", i, j))
			mock.stop()
			b.mock = nil
			if err != nil {
				return nil, err
			}
			rr.Limit = limit
			out = append(out, rr)
		}
	}
	return out, nil
}

func runOneRate(ctx context.Context, b *bench, o rateOpts, rate float64, dir, prefix string) (*rateRun, error) {
	rr := &rateRun{Rate: rate}
	noop, err := newWorkdir(dir, "noop_cluster", kindNoopCluster, o.N, prefix, b.bins, nil)
	if err != nil {
		return nil, err
	}
	z, err := newWorkdir(dir, "zilliz", kindZilliz, o.N, prefix, b.bins, b.mock)
	if err != nil {
		return nil, err
	}
	for _, step := range []struct {
		w     *workdir
		phase string
		dst   **phaseRun
	}{
		{noop, phaseApply, &rr.NoopApply}, {z, phaseApply, &rr.Apply},
		{noop, phaseDestroy, &rr.NoopD}, {z, phaseDestroy, &rr.Destroy},
	} {
		if *step.dst, err = b.run(ctx, step.w, step.phase, o.Parallelism, prefix); err != nil {
			return nil, err
		}
	}
	return rr, nil
}

// floor is the fewest calls a provider reading list pages must make at the
// rate, against the cloud's own time: apply max(N / rate, ceil(N/p) x create);
// destroy ceil(N/100) / rate (a refresh from pages) + max(N / rate, ceil(N/p) x
// delete) (one drop per cluster). The waits' looks are not counted: pages
// shared by a wave make them a few per wave, not per cluster.
func (o rateOpts) floor(phase string, rate float64) time.Duration {
	perRate := func(calls int) time.Duration { return time.Duration(float64(calls) / rate * float64(time.Second)) }
	f := max(perRate(o.N), time.Duration(waves(o.N, o.Parallelism))*o.opTime(phase))
	if phase == phaseDestroy {
		f += perRate((o.N + 99) / 100)
	}
	return f
}

func rateMarkdown(o rateOpts, runs []*rateRun) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "N = %d, -parallelism=%d, mock latency %s, create %s, delete %s, server limit with burst = rate: "+
		"global (one budget per key) or endpoint (one budget per key and endpoint).\n\n",
		o.N, o.Parallelism, o.Latency, o.Create, o.Delete)
	sb.WriteString("Floor: apply max(N / rate, ceil(N/p) x create); destroy ceil(N/100) / rate + max(N / rate, ceil(N/p) x delete) " +
		"(a refresh from list pages, then one drop per cluster). " +
		"The last ratio adds the time of noop_cluster for the same N, measured just before: the no-op provider's resource with " +
		"zilliz_cluster's schema, so what Terraform, the plugin process and the framework spend on that schema, which no " +
		"provider code avoids.\n\n")
	sb.WriteString("| limit | kind | phase | wall | floor | **ratio** | noop_cluster | ratio (floor + noop_cluster) | calls | calls/cluster | 429 share | failed resources | clusters left behind |\n")
	sb.WriteString("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, rr := range runs {
		for _, x := range []struct {
			phase   string
			z, noop *phaseRun
		}{{phaseApply, rr.Apply, rr.NoopApply}, {phaseDestroy, rr.Destroy, rr.NoopD}} {
			f := o.floor(x.phase, rr.Rate)
			c := x.z.Calls
			share := 0.0
			if c.Total > 0 {
				share = float64(c.Throttled) / float64(c.Total)
			}
			fmt.Fprintf(&sb, "| %g/s | %s | %s | %s | %s | **%.2f** | %s | %.2f | %d | %.2f | %.1f%% | %d | %d |\n",
				rr.Rate, rr.Limit, x.phase, secs(x.z.TF.Wall), secs(f), x.z.TF.Wall.Seconds()/f.Seconds(), secs(x.noop.TF.Wall),
				x.z.TF.Wall.Seconds()/(f+x.noop.TF.Wall).Seconds(), c.Total, c.PerCluster("", o.N), 100*share,
				x.z.TF.Failed(), x.z.LeftBehind)
		}
	}
	sb.WriteString("\nCalls per cluster by route (429 answers included):\n\n")
	for _, rr := range runs {
		for _, pr := range []*phaseRun{rr.Apply, rr.Destroy} {
			fmt.Fprintf(&sb, "- %g/s %s %s:", rr.Rate, rr.Limit, pr.Phase)
			for _, rt := range routesOf(pr) {
				fmt.Fprintf(&sb, " %s %.2f (%d answered 429);", rt, pr.Calls.PerCluster(rt, o.N), pr.Calls.ThrottledByRoute[rt])
			}
			if late, ok := summarise(pr.Spans, o.opTime(pr.Phase), o.Parallelism); ok {
				fmt.Fprintf(&sb, " late noticing the end: mean %s, max %s;", secs(late.Mean), secs(late.Max))
			}
			if len(pr.TF.ErrorDiags) > 0 {
				fmt.Fprintf(&sb, " %d error diagnostic(s), first: %q;", len(pr.TF.ErrorDiags), pr.TF.ErrorDiags[0])
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// burstFor is the bucket size for a rate: one second's worth, at least 1.
func burstFor(rate float64) int { return max(1, int(math.Round(rate))) }
