package zilliz

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// describing answers describe with the statuses in turn, repeating the last one.
func describing(t *testing.T, statuses ...string) *Client {
	t.Helper()
	srv, _ := server(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		ok(w, ClusterSummary{ID: "in01-abc", Plan: PlanStandard, Status: statuses[min(n, len(statuses))-1]})
	})
	return newTestClient(t, srv)
}

// ABNORMAL and FROZEN end a wait at once, naming the status and the cluster,
// instead of polling until the wait's timeout.
func TestWaitsEndAtOnceOnAFailedStatus(t *testing.T) {
	waits := map[string]func(*Client, context.Context) error{
		"WaitCreated": func(c *Client, ctx context.Context) error {
			_, err := c.Clusters.Wait(ctx, testRegion, "in01-abc", UntilCreated)
			return err
		},
		"WaitDeleted": func(c *Client, ctx context.Context) error {
			_, err := c.Clusters.Wait(ctx, testRegion, "in01-abc", UntilDeleted)
			return err
		},
	}
	for name, wait := range waits {
		for _, status := range []string{StatusAbnormal, StatusFrozen} {
			t.Run(name+"/"+status, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					c := describing(t, StatusCreating, status)
					ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
					defer cancel()
					err := wait(c, ctx)
					var se *StatusError
					if !errors.Is(err, ErrClusterFailed) || !errors.As(err, &se) || se.Status != status || se.ClusterID != "in01-abc" {
						t.Fatalf("err = %v, want a *StatusError for %s", err, status)
					}
					if ctx.Err() != nil {
						t.Errorf("the wait ran to its timeout")
					}
					if msg := err.Error(); !strings.Contains(msg, status) || !strings.Contains(msg, "in01-abc") {
						t.Errorf("%q does not name the status and the cluster", msg)
					}
				})
			})
		}
	}
}

// A status the client does not know is transitional: the wait goes on.
func TestWaitUnknownStatusIsTransitional(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := describing(t, "SOMETHING_NEW", StatusInitializing, StatusRunning)
		got, err := c.Clusters.Wait(context.Background(), testRegion, "in01-abc", UntilCreated)
		if err != nil || got.Status != StatusRunning {
			t.Fatalf("WaitRunning = %v, %v; want RUNNING", got, err)
		}
	})
}

func TestStatusClasses(t *testing.T) {
	for _, s := range []string{StatusSuspended, StatusStopped} {
		if !IsSuspendedStatus(s) || IsFailedStatus(s) {
			t.Errorf("%s: suspended %t, failed %t", s, IsSuspendedStatus(s), IsFailedStatus(s))
		}
	}
	for _, s := range []string{StatusAbnormal, StatusFrozen} {
		if !IsFailedStatus(s) || IsSuspendedStatus(s) {
			t.Errorf("%s: failed %t, suspended %t", s, IsFailedStatus(s), IsSuspendedStatus(s))
		}
	}
	for _, s := range []string{StatusCreating, StatusFreezing, StatusStopping, StatusSuspending, StatusResuming, "NEW"} {
		if IsFailedStatus(s) || IsSuspendedStatus(s) {
			t.Errorf("%s is transitional", s)
		}
	}
}

// Each look of a wait logs the status it saw, so TF_LOG shows why a wait goes on.
func TestWaitLogsEachLook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, _ := server(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			status := StatusCreating
			if n > 1 {
				status = StatusRunning
			}
			ok(w, ClusterSummary{ID: "in01-abc", Plan: PlanStandard, Status: status})
		})
		logger := &recordingLogger{}
		c := newTestClient(t, srv, func(c *Config) { c.Logger = logger })
		if _, err := c.Clusters.Wait(context.Background(), testRegion, "in01-abc", UntilCreated); err != nil {
			t.Fatal(err)
		}
		got := logger.text()
		for _, want := range []string{"polled cluster", `"status":"CREATING"`, `"status":"RUNNING"`} {
			if !strings.Contains(got, want) {
				t.Errorf("the wait's log lacks %s:\n%s", want, got)
			}
		}
	})
}
