package zilliz

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
)

// A cluster already DELETING gets no second drop, whatever the state says:
// Destroy waits for it, and ends once it is DELETED.
func TestDestroyOfDeletingClusterWaitsWithoutDropping(t *testing.T) {
	for _, last := range []string{StatusRunning, StatusDeleting, ""} {
		t.Run("last seen "+last, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const del = time.Minute
				mock, c, ids := memCloud(t, mockserver.Config{DeleteDuration: del}, 1)
				if err := c.Clusters.Drop(context.Background(), testRegion, ids[0]); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				d, err := c.Clusters.Destroy(context.Background(), testRegion, ids[0],
					DestroyOptions{ProjectID: mockserver.DefaultProjectID, LastStatus: last})
				if err != nil || !d.Deleting || d.Dropped || d.AlreadyGone != "" {
					t.Fatalf("Destroy = %+v, %v; want a wait for the deletion under way", d, err)
				}
				if took := time.Since(start); took < del-time.Second {
					t.Errorf("Destroy ended after %s, before the cluster was deleted (%s)", took, del)
				}
				if n := mock.Counts()[mockserver.RouteDrop]; n != 1 {
					t.Errorf("%d drops, want the first one only", n)
				}
			})
		})
	}
}

// A cluster last seen DELETING that is alive again (restored, or a stale
// state) is not dropped: the caller planned on a deletion under way.
func TestDestroyOfClusterAliveAgainDropsNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{}, 1)
		d, err := c.Clusters.Destroy(context.Background(), testRegion, ids[0],
			DestroyOptions{ProjectID: mockserver.DefaultProjectID, LastStatus: StatusDeleting})
		if !errors.Is(err, ErrAliveAgain) || d.Accepted() || !strings.Contains(err.Error(), "RUNNING") {
			t.Errorf("Destroy = %+v, %v; want ErrAliveAgain naming the status", d, err)
		}
		if n := mock.Counts()[mockserver.RouteDrop]; n != 0 {
			t.Errorf("%d drops of a cluster last seen DELETING", n)
		}
	})
}

// Whatever a drop of a DELETING cluster answers (80020, another code, or
// acceptance), a look decides, and Destroy ends only once it is DELETED.
func TestDestroyDropAnswersAreLookedAt(t *testing.T) {
	for _, tc := range []struct {
		name string
		code int
	}{{"80020", 0}, {"accepted", 200}, {"80000", 80000}} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mock, c, ids := memCloud(t, mockserver.Config{DropDeletingCode: tc.code}, 1)
				// The look before the drop is served from a listing that still
				// shows the cluster RUNNING (another client's drop came after it).
				readAll(t, c, ids)
				mock.SetStatusFor(testRegion, ids[0], StatusDeleting, 10*time.Second, StatusDeleted)
				start := time.Now()
				d, err := c.Clusters.Destroy(context.Background(), testRegion, ids[0],
					DestroyOptions{ProjectID: mockserver.DefaultProjectID, LastStatus: StatusRunning})
				if err != nil || !d.Accepted() || d.AlreadyGone != "" {
					t.Fatalf("Destroy = %+v, %v; want the deletion waited for", d, err)
				}
				if took := time.Since(start); took < 10*time.Second {
					t.Errorf("Destroy ended after %s, while the cluster was still DELETING", took)
				}
			})
		})
	}
}

// "Not found" is believed only when the key can see the project and the
// region's list does not show the cluster; a key blind to the project is an
// ErrPermission, and a list that still shows the cluster is an error too.
func TestConfirmGone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{}, 2)
		ctx := context.Background()
		notFound := &Error{Code: CodeClusterNotFound, Message: "Cluster not exist or you don't have permission."}

		mock.PurgeOutOfBand(testRegion, ids[0])
		why, err := c.Clusters.ConfirmGone(ctx, testRegion, ids[0], mockserver.DefaultProjectID, notFound)
		if err != nil || !strings.Contains(why, "80020") || !strings.Contains(why, "do not include it") {
			t.Errorf("purged cluster: ConfirmGone = %q, %v; want gone, saying why", why, err)
		}
		if _, err := c.Clusters.ConfirmGone(ctx, testRegion, ids[1], mockserver.DefaultProjectID, notFound); err == nil ||
			!strings.Contains(err.Error(), "include it, RUNNING") {
			t.Errorf("listed cluster: ConfirmGone = %v, want an error: the list shows it", err)
		}
		if _, err := c.Clusters.ConfirmGone(ctx, testRegion, ids[0], "proj-nobodysees", notFound); !errors.Is(err, ErrPermission) {
			t.Errorf("project the key cannot see: ConfirmGone = %v, want ErrPermission", err)
		}
		time.Sleep(listing.MaxAge + time.Second) // the project list is kept that long
		mock.HideProjects(mockserver.DefaultProjectID)
		if _, err := c.Clusters.ConfirmGone(ctx, testRegion, ids[0], mockserver.DefaultProjectID, notFound); !errors.Is(err, ErrPermission) ||
			!strings.Contains(err.Error(), mockserver.DefaultProjectID) {
			t.Errorf("hidden project: ConfirmGone = %v, want ErrPermission naming the project", err)
		}
		if _, err := c.Clusters.ConfirmGone(ctx, testRegion, ids[0], "", notFound); !errors.Is(err, ErrPermission) {
			t.Errorf("unknown project: ConfirmGone = %v, want ErrPermission", err)
		}
	})
}

// After a lost create answer, a same-named cluster that appeared since but not
// as configured is not adopted: the error names it and the one that held the
// name before, and the create is not resent.
func TestCreateLostAnswerRefusesClusterNotAsConfigured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock := mockserver.New(mockserver.Config{})
		mock.AddCluster(mockserver.Cluster{RegionID: testRegion, ClusterID: "in01-theirs", ClusterName: "tf-a",
			ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 1})
		// The create is lost before the API acts; meanwhile someone makes a cluster
		// of that name, of another size.
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, DropConnection: true})
		h := meanwhile(mock, "/create", func() {
			mock.AddCluster(mockserver.Cluster{RegionID: testRegion, ClusterID: "in01-appeared", ClusterName: "tf-a",
				ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 4, Status: StatusCreating})
		})
		c := newTestClient(t, &fakeAPI{URL: "http://127.0.0.1:1", h: h}, func(c *Config) { c.APIKey = mockserver.DefaultAPIKey })
		_, err := c.Clusters.Create(context.Background(), testRegion, createOpts)
		var ae *AdoptionError
		if !errors.As(err, &ae) {
			t.Fatalf("Create = %v, want an *AdoptionError", err)
		}
		for _, want := range []string{"in01-appeared", "not as configured", "in01-theirs", "held the name before"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
		if n := mock.Count(mockserver.RouteCreate); n != 1 {
			t.Errorf("%d create requests, want 1", n)
		}
	})
}

// A wait outlasts looks that fail transiently, however many, within its
// context; a look that fails otherwise ends it at once, saying so.
func TestWaitOutlastsTransientLooks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{DeleteDuration: 5 * time.Minute}, 1)
		if err := c.Clusters.Drop(context.Background(), testRegion, ids[0]); err != nil {
			t.Fatal(err)
		}
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, HTTPStatus: 502, Body: new(string), Times: 200})
		if _, err := c.Clusters.Wait(context.Background(), testRegion, ids[0], UntilDeleted); err != nil {
			t.Errorf("WaitDeleted gave up: %v", err)
		}
		if n := mock.Counts()[mockserver.RouteDescribe]; n < 200 {
			t.Errorf("%d describes, want the 200 failures and more", n)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		mock, c, ids := memCloud(t, mockserver.Config{DeleteDuration: 5 * time.Minute}, 1)
		if err := c.Clusters.Drop(context.Background(), testRegion, ids[0]); err != nil {
			t.Fatal(err)
		}
		mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, HTTPStatus: 401, Code: CodeTokenIllegal,
			Message: "The token is illegal", Times: -1})
		_, err := c.Clusters.Wait(context.Background(), testRegion, ids[0], UntilDeleted)
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "waiting cannot outlast") {
			t.Errorf("WaitDeleted = %v, want the 80001 named as what ended it", err)
		}
	})
}
