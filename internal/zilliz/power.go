package zilliz

import (
	"context"
)

// Operation kinds of the power waits, learnt apart from create, modify and delete.
const (
	opSuspend = "suspend"
	opResume  = "resume"
	opSettle  = "settle" // a wait for whatever operation is under way
)

// Suspend asks the API to suspend a dedicated cluster. ErrServerlessUnsupported
// means the cluster is Serverless or Free (80021). When an attempt's answer is
// lost, the cluster is described before resending, so a suspend our first
// attempt started is not sent again (the API refuses a suspend of a cluster
// that is no longer RUNNING).
func (s *Clusters) Suspend(ctx context.Context, region, id string) error {
	return s.power(ctx, region, id, "/suspend", func(c *ClusterSummary) bool {
		return c.Suspended() || c.Status == StatusSuspending || c.Status == StatusStopping
	})
}

// Resume asks the API to resume a suspended cluster. ErrPaymentRequired means
// the account has no payment method; ErrServerlessUnsupported that the cluster
// is Serverless or Free.
func (s *Clusters) Resume(ctx context.Context, region, id string) error {
	return s.power(ctx, region, id, "/resume", func(c *ClusterSummary) bool {
		return c.Status == StatusRunning || c.Status == StatusResuming
	})
}

// power sends a suspend or resume; started says, for a lost answer, whether
// the cluster shows the operation under way or done.
func (s *Clusters) power(ctx context.Context, region, id, suffix string, started func(*ClusterSummary) bool) error {
	path, err := s.c.clusterPath(id, suffix)
	if err != nil {
		return err
	}
	recoverFn := func(ctx context.Context) (bool, error) {
		c, err := s.Describe(ctx, region, id)
		if err != nil {
			return false, err
		}
		return started(&c.ClusterSummary), nil
	}
	_, err = s.c.do(ctx, call{method: "POST", region: region, path: path, recover: recoverFn, changes: changesOnly(id)}, nil)
	return err
}
