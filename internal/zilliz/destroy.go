package zilliz

import (
	"context"
	"errors"
	"fmt"
)

// DestroyOptions is what a caller knows of a cluster it is about to destroy.
type DestroyOptions struct {
	// ProjectID is the cluster's project: a cluster the API says it cannot find
	// is believed gone only when the key can see this project (see ConfirmGone).
	ProjectID string
	// LastStatus is the status last recorded for the cluster (Terraform's state),
	// or "". DELETING means a drop was accepted earlier: no second drop is sent,
	// and a look that shows the cluster alive again (restored, or a stale state)
	// is ErrAliveAgain: what the caller planned on was a deletion under way.
	LastStatus string
}

// Destroyed says how a Destroy went. It is meaningful with an error too: whether
// a drop was accepted tells a caller whether the cluster is on its way out.
type Destroyed struct {
	// Dropped: this call's drop was accepted.
	Dropped bool
	// Deleting: the cluster was already being deleted, by an earlier drop; no
	// drop was sent and its end was waited for.
	Deleting bool
	// AlreadyGone, when set, says why the cluster is believed gone although
	// no drop of this call was accepted, e.g. "describe answered code 80020 and
	// the clusters of region R do not include it".
	AlreadyGone string
}

// Accepted reports whether a drop of the cluster is known to be under way
// (this call's or an earlier one's), so that an error is a wait that ended early.
func (d Destroyed) Accepted() bool { return d.Dropped || d.Deleting }

// Destroy drops a cluster and waits until it is deleted, within ctx. It is the one
// definition of destroying a cluster: a resource's Delete and an action that drops
// a cluster both call it, with the status they last saw. Its rules:
//
//   - the cluster is looked at first: one already DELETING gets no second drop,
//     only a wait (the answer to such a drop is not known: 80020, another code, or
//     success); one already DELETED or confirmed gone gets nothing; one alive
//     while the caller last saw it DELETING is not dropped (ErrAliveAgain);
//   - when the look fails, the last status decides: DELETING waits, anything
//     else is dropped;
//   - whatever a drop answers other than acceptance or 80021, the cluster is
//     looked at again before the answer is believed: 80020 from a cluster that
//     was just seen alive is not "gone" until describe, the project list and the
//     region's list agree (ConfirmGone);
//   - ErrServerlessUnsupported: the API will not drop it; it still exists.
//
// On success the cluster is deleted or confirmed gone.
func (s *Clusters) Destroy(ctx context.Context, region, id string, opts DestroyOptions) (Destroyed, error) {
	var d Destroyed
	if err := validateLookup(region, id); err != nil {
		return d, err
	}
	waitGone := func() error {
		_, err := s.Wait(ctx, region, id, UntilDeleted)
		return err
	}
	c, err := s.Lookup(ctx, region, id)
	switch {
	case err == nil && c.Deleted():
		d.AlreadyGone = "it is DELETED (in the recycle bin)"
		return d, nil
	case err == nil && c.Status == StatusDeleting,
		err != nil && !IsNotFound(err) && ctx.Err() == nil && opts.LastStatus == StatusDeleting:
		d.Deleting = true
		return d, waitGone()
	case IsNotFound(err):
		why, gerr := s.ConfirmGone(ctx, region, id, opts.ProjectID, err)
		d.AlreadyGone = why
		return d, gerr
	case ctx.Err() != nil:
		return d, fmt.Errorf("looking up cluster %s before dropping it: %w", id, ctx.Err())
	case err == nil && opts.LastStatus == StatusDeleting:
		return d, fmt.Errorf("cluster %s is %s, though it was last seen DELETING: %w", id, c.Status, ErrAliveAgain)
	}
	// Alive, or the look failed and the cluster was last seen alive: drop it.
	derr := s.Drop(ctx, region, id)
	switch {
	case derr == nil:
		d.Dropped = true
		return d, waitGone()
	case errors.Is(derr, ErrServerlessUnsupported), ctx.Err() != nil:
		return d, derr
	}
	// Any other answer is checked by a look: the cluster may be DELETING (an
	// earlier drop, or a look that was out of date), gone, or still alive.
	dc, lerr := s.Describe(ctx, region, id)
	if lerr == nil {
		c = &dc.ClusterSummary
	}
	switch {
	case lerr == nil && c.Status == StatusDeleting:
		d.Deleting = true
		return d, waitGone()
	case lerr == nil && c.Deleted():
		d.AlreadyGone = "the drop answered " + answerOf(derr) + " and describe shows it DELETED"
		return d, nil
	case lerr == nil:
		return d, fmt.Errorf("%w; yet describe shows the cluster %s, so it was not dropped", derr, c.Status)
	case IsNotFound(lerr):
		why, gerr := s.ConfirmGone(ctx, region, id, opts.ProjectID, lerr)
		if gerr != nil {
			return d, fmt.Errorf("%w; %w", derr, gerr)
		}
		d.AlreadyGone = "the drop answered " + answerOf(derr) + ", and " + why
		return d, nil
	}
	return d, fmt.Errorf("%w; looking at the cluster afterwards also failed: %w", derr, lerr)
}

// answerOf is an error as "code N (message)" when it carries a business code.
func answerOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != 0 {
		return fmt.Sprintf("code %d (%s)", e.Code, e.Message)
	}
	return err.Error()
}
