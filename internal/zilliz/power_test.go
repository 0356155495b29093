package zilliz

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

func newMockClient(t *testing.T, cfg mockserver.Config) (*mockserver.Server, *Client) {
	t.Helper()
	mock, c, _ := memCloud(t, cfg, 0, func(c *Config) { c.RetryBaseDelay, c.MaxRetries = time.Millisecond, DefaultMaxRetries })
	return mock, c
}

func TestSuspendResumeWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, stopped := range []bool{false, true} {
			mock, c := newMockClient(t, mockserver.Config{SuspendDuration: 300 * time.Millisecond,
				ResumeDuration: 300 * time.Millisecond, SuspendedAsStopped: stopped})
			id := mock.AddCluster(mockserver.Cluster{RegionID: testRegion}).ClusterID
			ctx := context.Background()
			if err := c.Clusters.Suspend(ctx, testRegion, id); err != nil {
				t.Fatal(err)
			}
			cl, err := c.Clusters.Wait(ctx, testRegion, id, UntilSuspended)
			if err != nil || !cl.Suspended() {
				t.Fatalf("stopped=%t: WaitSuspended = %+v, %v", stopped, cl, err)
			}
			if err := c.Clusters.Resume(ctx, testRegion, id); err != nil {
				t.Fatal(err)
			}
			if cl, err = c.Clusters.Wait(ctx, testRegion, id, UntilResumed); err != nil || cl.Status != StatusRunning {
				t.Fatalf("WaitResumed = %+v, %v", cl, err)
			}
			if n := mock.Count(mockserver.RouteSuspend) + mock.Count(mockserver.RouteResume); n != 2 {
				t.Errorf("%d suspend and resume calls, want 2", n)
			}
		}
	})
}

func TestPowerRefusals(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := newMockClient(t, mockserver.Config{ResumeNeedsPayment: true})
		ctx := context.Background()
		sl := mock.AddCluster(mockserver.Cluster{RegionID: testRegion, Plan: PlanServerless}).ClusterID
		if err := c.Clusters.Suspend(ctx, testRegion, sl); !errors.Is(err, ErrServerlessUnsupported) {
			t.Errorf("suspend of a serverless cluster: %v, want ErrServerlessUnsupported", err)
		}
		id := mock.AddCluster(mockserver.Cluster{RegionID: testRegion, Status: "SUSPENDED"}).ClusterID
		err := c.Clusters.Resume(ctx, testRegion, id)
		if !errors.Is(err, ErrPaymentRequired) || CodeOf(err) != CodePaymentRequired {
			t.Errorf("resume without a payment method: %v, want ErrPaymentRequired carrying 80007", err)
		}
	})
}

// A wait for the suspended state ends at once on a failed status.
func TestWaitSuspendedFailedStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := newMockClient(t, mockserver.Config{})
		id := mock.AddCluster(mockserver.Cluster{RegionID: testRegion, Status: StatusFrozen}).ClusterID
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := c.Clusters.Wait(ctx, testRegion, id, UntilSuspended)
		var se *StatusError
		if !errors.As(err, &se) || se.Status != StatusFrozen || ctx.Err() != nil {
			t.Errorf("wait on a FROZEN cluster: %v, want a *StatusError before the timeout", err)
		}
	})
}

// A suspend whose answer is lost is not sent again once the cluster shows it
// under way: a second suspend would be refused (the cluster is no longer RUNNING).
func TestSuspendLostAnswerNotResent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := newMockClient(t, mockserver.Config{SuspendDuration: time.Minute})
		id := mock.AddCluster(mockserver.Cluster{RegionID: testRegion}).ClusterID
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteSuspend, LoseResponse: true})
		if err := c.Clusters.Suspend(context.Background(), testRegion, id); err != nil {
			t.Fatalf("suspend with a lost answer: %v", err)
		}
		if n := mock.Count(mockserver.RouteSuspend); n != 1 {
			t.Errorf("%d suspend requests, want 1", n)
		}
	})
}

// A wait for a target Wait does not know is refused before anything is sent.
func TestWaitRefusesAnUnknownTarget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c := newMockClient(t, mockserver.Config{})
		id := mock.AddCluster(mockserver.Cluster{RegionID: testRegion}).ClusterID
		for _, until := range []Until{0, UntilSettled + 1} {
			if _, err := c.Clusters.Wait(context.Background(), testRegion, id, until); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("Wait(%d) = %v, want ErrInvalidInput", until, err)
			}
		}
		if n := len(mock.Requests()); n != 0 {
			t.Errorf("%d requests sent, want none", n)
		}
	})
}
