package mockserver

import "time"

// Suspend and resume: RUNNING -> SUSPENDING -> SUSPENDED and SUSPENDED ->
// RESUMING -> RUNNING, each over its configured duration.

// Status names of the power cycle. The v1 reference's enum has STOPPING (and
// other clients map STOPPING/STOPPED onto SUSPENDING/SUSPENDED), so the mock
// can answer either pair.
const (
	statusSuspending = "SUSPENDING"
	statusStopping   = "STOPPING"
	statusStopped    = "STOPPED"
	statusResuming   = "RESUMING"
)

// Codes of refused power operations. The contract names no code for an
// operation the cluster's status does not allow; the mock answers 80000
// ("incorrect parameter"), v1's generic refusal of a request it cannot do.
const (
	codeWrongStatus     = 80000
	codePaymentRequired = 80007
)

func init() {
	messages[codeWrongStatus] = "The cluster's current status does not allow this operation."
	messages[codePaymentRequired] = "Please add a payment method to your account first."
}

// powerConfig is the suspend and resume part of Config, fixed at New.
type powerConfig struct {
	suspendDur, resumeDur time.Duration
	suspending, suspended string // status names while suspending and once suspended
	resumeNeedsPayment    bool
}

func newPowerConfig(cfg Config) powerConfig {
	p := powerConfig{suspendDur: cfg.SuspendDuration, resumeDur: cfg.ResumeDuration,
		suspending: statusSuspending, suspended: statusSuspended, resumeNeedsPayment: cfg.ResumeNeedsPayment}
	if cfg.SuspendedAsStopped {
		p.suspending, p.suspended = statusStopping, statusStopped
	}
	return p
}

// isSuspended reports whether status is the settled suspended state under either name.
func isSuspended(status string) bool { return status == statusSuspended || status == statusStopped }

// handleSuspendResume starts a suspend of a RUNNING cluster or a resume of a
// suspended one; any other status is refused with codeWrongStatus. Serverless
// and free clusters answer 80021. Caller holds s.mu.
func (s *Server) handleSuspendResume(c *call) response {
	rec, fail := s.findDedicated(c.rt.region, c.rt.clusterID)
	if fail != nil {
		return *fail
	}
	p := s.power
	if c.rt.name == RouteSuspend {
		if rec.c.Status != statusRunning {
			return failure(codeWrongStatus)
		}
		rec.transition(s.now(), p.suspending, p.suspended, p.suspendDur)
		return success(acceptedJSON{rec.c.ClusterID, promptSuspend})
	}
	switch {
	case !isSuspended(rec.c.Status):
		return failure(codeWrongStatus)
	case p.resumeNeedsPayment:
		return failure(codePaymentRequired)
	}
	rec.transition(s.now(), statusResuming, statusRunning, p.resumeDur)
	return success(acceptedJSON{rec.c.ClusterID, promptResume})
}

// SuspendOutOfBand suspends a cluster behind Terraform's back, as a console
// user would: it is suspended at once, under the configured name.
func (s *Server) SuspendOutOfBand(region, id string) {
	s.withCluster(region, id, func(r *record) { r.force(s.power.suspended) })
}
