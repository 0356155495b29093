package zilliz

import (
	"fmt"
)

// Statuses of a cluster: the v1 reference's enum, plus the values older pages
// and other clients show (INITIALIZING, SUSPENDING, SUSPENDED, STOPPED).
//
// What a waiting client makes of them:
//   - settled: RUNNING, and SUSPENDED or STOPPED (one state under two names:
//     both are seen on the live service);
//   - failed: ABNORMAL (the cluster exists but is broken) and FROZEN (the
//     account is frozen, e.g. in arrears). Waiting longer cannot help, so a
//     wait that meets them ends at once with a *StatusError;
//   - gone: DELETED (in the recycle bin for 30 days, still describable);
//   - transitional: everything else, including a status this client does not know.
const (
	StatusCreating     = "CREATING"
	StatusInitializing = "INITIALIZING"
	StatusRunning      = "RUNNING"
	StatusModifying    = "MODIFYING"
	StatusDeleting     = "DELETING"
	StatusDeleted      = "DELETED"
	StatusStopping     = "STOPPING"
	StatusSuspending   = "SUSPENDING"
	StatusSuspended    = "SUSPENDED"
	StatusStopped      = "STOPPED"
	StatusResuming     = "RESUMING"
	StatusAbnormal     = "ABNORMAL"
	StatusFreezing     = "FREEZING"
	StatusFrozen       = "FROZEN"
)

// IsSuspendedStatus reports whether status is the settled suspended state.
func IsSuspendedStatus(status string) bool {
	return status == StatusSuspended || status == StatusStopped
}

// IsFailedStatus reports whether status is one no wait can outlast: ABNORMAL or FROZEN.
func IsFailedStatus(status string) bool {
	return status == StatusAbnormal || status == StatusFrozen
}

// Deleted reports whether the cluster is in the recycle bin: gone for every purpose here.
func (c *ClusterSummary) Deleted() bool { return c.Status == StatusDeleted }

// Suspended reports whether the cluster is suspended (SUSPENDED or STOPPED).
func (c *ClusterSummary) Suspended() bool { return IsSuspendedStatus(c.Status) }

// Failed reports whether the cluster is ABNORMAL or FROZEN.
func (c *ClusterSummary) Failed() bool { return IsFailedStatus(c.Status) }

// StatusError is a wait that ended because the cluster reached a failed status.
// The cluster still exists.
type StatusError struct {
	ClusterID string
	Status    string
	Waiting   string // what the wait was for, e.g. "RUNNING"
}

func (e *StatusError) Error() string {
	why := "the cluster exists but is broken"
	if e.Status == StatusFrozen {
		why = "the account is frozen, for example for an unpaid bill"
	}
	return fmt.Sprintf("cluster %s is %s while waiting for %s: %s; waiting longer cannot help",
		e.ClusterID, e.Status, e.Waiting, why)
}

// Is makes errors.Is(err, ErrClusterFailed) true.
func (e *StatusError) Is(target error) bool { return target == ErrClusterFailed }
