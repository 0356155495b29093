package zilliz

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// BenchmarkRateLimitedLoad is make bench-ratelimit's load without Terraform: one client creates N
// clusters and waits for each, then refreshes, drops and waits for them, N/p at a
// time, against the mock limited to each rate (burst = rate). It isolates the
// client's pacing and polling from Terraform's own cost, and takes seconds per rate
// instead of the minutes of `make bench-ratelimit`, which measures the same through
// the CLI. Reported per phase: wall/floor (floor as in the CLI bench) and the share
// of answers that were 429.
//
//	go test ./internal/zilliz -run '^$' -bench RateLimitedLoad -benchtime 1x
func BenchmarkRateLimitedLoad(b *testing.B) {
	const (
		n, parallelism = 200, 20
		create, drop   = 2 * time.Second, time.Second
	)
	for _, rate := range []float64{5, 20, 50} {
		b.Run(fmt.Sprintf("rate=%g", rate), func(b *testing.B) {
			for range b.N {
				mock := mockserver.New(mockserver.Config{
					CreateDuration: create, DeleteDuration: drop, Latency: 20 * time.Millisecond,
					RateLimit: rate, RateBurst: int(rate),
				})
				srv := httptest.NewServer(mock)
				// Terraform starts a provider process per plan and per apply: each
				// phase begins with a client that knows nothing yet.
				var c *Client
				newClient := func() {
					var err error
					if c, err = NewClient(Config{APIKey: mockserver.DefaultAPIKey, Endpoint: srv.URL + "/{region}"}); err != nil {
						b.Fatal(err)
					}
				}
				ids := make([]string, n)
				wall := map[string]time.Duration{}
				phases := []struct {
					name  string
					calls int
					op    time.Duration
					run   func(ctx context.Context, i int) error
				}{
					{"apply", 2, create, func(ctx context.Context, i int) error {
						got, err := c.Clusters.Create(ctx, "aws-us-west-2", ClusterCreateOptions{
							Name: fmt.Sprintf("load-%03d", i), ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 1})
						if err != nil {
							return err
						}
						ids[i] = got.ClusterID
						_, err = c.Clusters.Wait(ctx, "aws-us-west-2", got.ClusterID, UntilCreated)
						return err
					}},
					// Terraform refreshes every resource before destroying any.
					{"refresh", 0, 0, func(ctx context.Context, i int) error {
						_, err := c.Clusters.Describe(ctx, "aws-us-west-2", ids[i])
						return err
					}},
					{"drop", 0, drop, func(ctx context.Context, i int) error {
						if err := c.Clusters.Drop(ctx, "aws-us-west-2", ids[i]); err != nil {
							return err
						}
						_, err := c.Clusters.Wait(ctx, "aws-us-west-2", ids[i], UntilDeleted)
						return err
					}},
				}
				logAt := map[string]int{}
				for _, ph := range phases {
					logAt[ph.name] = len(mock.Requests())
					newClient()
					start := time.Now()
					if err := fanOut(n, parallelism, ph.run); err != nil {
						b.Fatalf("%s: %v", ph.name, err)
					}
					wall[ph.name] = time.Since(start)
				}
				srv.Close()
				reqs := mock.Requests()
				share := func(from, to int) float64 {
					t := 0
					for i := from; i < to; i++ {
						if reqs[i].HTTPStatus == 429 {
							t++
						}
					}
					return float64(t) / float64(max(to-from, 1))
				}
				floor := func(calls int, op time.Duration) time.Duration {
					return max(time.Duration(float64(calls*n)/rate*float64(time.Second)), time.Duration((n+parallelism-1)/parallelism)*op)
				}
				if testing.Verbose() {
					b.Logf("apply, refresh, drop: %s, %s, %s", wall["apply"], wall["refresh"], wall["drop"])
					b.Log("apply:")
					timeline(b, reqs[:logAt["refresh"]])
					b.Log("destroy (refresh, then drops):")
					timeline(b, reqs[logAt["refresh"]:])
				}
				b.ReportMetric(wall["apply"].Seconds()/floor(2, create).Seconds(), "apply/floor")
				b.ReportMetric(100*share(0, logAt["refresh"]), "apply-429-%")
				d := wall["refresh"] + wall["drop"]
				b.ReportMetric(d.Seconds()/floor(3, drop).Seconds(), "destroy/floor")
				b.ReportMetric(100*share(logAt["refresh"], len(reqs)), "destroy-429-%")
			}
		})
	}
}

// fanOut runs f for 0..n-1, p at a time, and returns the first error.
func fanOut(n, p int, f func(ctx context.Context, i int) error) error {
	ctx := context.Background()
	sem := make(chan struct{}, p)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for i := range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := f(ctx, i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// timeline logs, per second of the phase, the answers by route and how many were 429.
func timeline(b *testing.B, reqs []mockserver.Request) {
	if len(reqs) == 0 {
		return
	}
	t0 := reqs[0].Time
	type sec struct{ ok, throttled map[string]int }
	var secs []sec
	for k := range reqs {
		r := &reqs[k]
		i := int(r.Time.Sub(t0) / time.Second)
		for len(secs) <= i {
			secs = append(secs, sec{map[string]int{}, map[string]int{}})
		}
		if r.HTTPStatus == 429 {
			secs[i].throttled[r.Route]++
		} else {
			secs[i].ok[r.Route]++
		}
	}
	for i, s := range secs {
		b.Logf("t=%2ds ok %v 429 %v", i, s.ok, s.throttled)
	}
}
