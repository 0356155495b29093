package zilliz

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// Looks are scheduled as sends, so the estimator learns on sends. Learning on
// answers would put a round trip into every bound, and each look at the
// shortest bound would record a later one: the looks would creep later.
func TestPollLearnsOnTheSendScale(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { learnsOnTheSendScale(t) })
}

func learnsOnTheSendScale(t *testing.T) {
	const latency, length = 100 * time.Millisecond, 300 * time.Millisecond
	mock, c, _ := memCloud(t, mockserver.Config{DeleteDuration: length, Latency: latency}, 0)
	ctx := context.Background()
	var late []time.Duration // from the drop's arrival to the last look's, past the length
	var looks []int
	for i := range 16 {
		cl, err := c.Clusters.Create(ctx, testRegion, ClusterCreateOptions{
			Name: fmt.Sprintf("send-%02d", i), ProjectID: mockserver.DefaultProjectID, Plan: PlanStandard, CUSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		from := len(mock.Requests())
		if err := c.Clusters.Drop(ctx, testRegion, cl.ClusterID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Clusters.Wait(ctx, testRegion, cl.ClusterID, UntilDeleted); err != nil {
			t.Fatal(err)
		}
		reqs := mock.Requests()[from:]
		late = append(late, reqs[len(reqs)-1].Time.Sub(reqs[0].Time)-length)
		looks = append(looks, len(reqs)-1)
	}
	// Learning on answers, the last looks came 60-150 ms after the end, later and
	// later; on sends, within a few milliseconds.
	var sum time.Duration
	for _, d := range late[10:] {
		sum += d
	}
	t.Logf("last look after the end, by operation: %v; looks %v", late, looks)
	if bound := latency * 2 / 3; sum/6 > bound {
		t.Errorf("once learnt, the last look arrives %s after the end on average, want under %s", sum/6, bound)
	}
}

// Waits whose looks fall together (the followers of a scout look when it ends)
// share list pages instead of a describe each, and each still ends when its own
// cluster is gone.
func TestWaitsThatFallTogetherShareListPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { fallTogetherShareListPages(t) })
}

func fallTogetherShareListPages(t *testing.T) {
	const others, dropped = 150, 30 // two pages of 100 in all
	mock, c, all := memCloud(t, mockserver.Config{DeleteDuration: 300 * time.Millisecond, Latency: 20 * time.Millisecond},
		others+dropped)
	ids := all[others:]
	dropAll(t, c, ids)
	for _, id := range ids { // a deleted cluster stays DELETED: checked after every wait ended
		if cl, _ := mock.Cluster(testRegion, id); cl.Status != StatusDeleted {
			t.Errorf("wait for %s ended with the cluster %s", id, cl.Status)
		}
	}
	counts := mock.Counts()
	looks := counts[mockserver.RouteDescribe] + counts[mockserver.RouteList]
	t.Logf("%d waits: %v", dropped, counts)
	if counts[mockserver.RouteList] == 0 || looks >= dropped {
		t.Errorf("%d waits took %d looks (%v), want fewer than one each, from list pages", dropped, looks, counts)
	}
}

// Answers for a follower never block their sender, even when two rounds
// answer at once and the follower takes neither (its wait has ended): the
// follower finds only the latest.
func TestKeepLatestNeverBlocks(t *testing.T) {
	looks := make(chan look, 1)
	first, second := &ClusterSummary{Status: StatusDeleting}, &ClusterSummary{Status: StatusDeleted}
	keepLatest(looks, look{c: first})
	keepLatest(looks, look{c: second}) // would block with a plain send
	if got := <-looks; got.c != second {
		t.Errorf("the follower found %+v, want the latest answer", got.c)
	}
	select {
	case got := <-looks:
		t.Errorf("a second answer was left: %+v", got.c)
	default:
	}
}
