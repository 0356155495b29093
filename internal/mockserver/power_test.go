package mockserver

import (
	"testing"
	"time"
)

func TestPowerCycleDurationsAndNames(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		stopped               bool
		suspending, suspended string
	}{
		{"SUSPENDED", false, "SUSPENDING", "SUSPENDED"},
		{"STOPPED", true, "STOPPING", "STOPPED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{SuspendDuration: 4 * time.Second, ResumeDuration: 2 * time.Second,
				SuspendedAsStopped: tc.stopped})
			clock := h.withClock()
			id := h.create(west, "p", 1)
			base := "/" + west + "/v1/clusters/" + id
			steps := []struct {
				advance time.Duration
				do      string
				code    int
				status  string
			}{
				{0, "resume", codeWrongStatus, "RUNNING"}, // not suspended
				{0, "suspend", 200, tc.suspending},
				{0, "suspend", codeWrongStatus, tc.suspending}, // already on its way
				{0, "resume", codeWrongStatus, tc.suspending},
				{4*time.Second - time.Nanosecond, "", 0, tc.suspending},
				{time.Nanosecond, "", 0, tc.suspended},
				{0, "suspend", codeWrongStatus, tc.suspended},
				{0, "resume", 200, "RESUMING"},
				{2 * time.Second, "", 0, "RUNNING"},
			}
			for i, s := range steps {
				clock.Add(s.advance)
				if s.do != "" {
					if got := h.code("POST", base+"/"+s.do, ""); got != s.code {
						t.Fatalf("step %d: %s answered %d, want %d", i, s.do, got, s.code)
					}
				}
				if c := h.describe(west, id); c.Status != s.status {
					t.Fatalf("step %d: status %s, want %s", i, c.Status, s.status)
				}
			}
		})
	}
}

func TestResumeNeedsPayment(t *testing.T) {
	h := newHarness(t, Config{ResumeNeedsPayment: true})
	id := h.create(west, "p", 1)
	base := "/" + west + "/v1/clusters/" + id
	if got := h.code("POST", base+"/suspend", ""); got != 200 {
		t.Fatalf("suspend: %d", got)
	}
	if got := h.code("POST", base+"/resume", ""); got != codePaymentRequired {
		t.Fatalf("resume without a payment method: %d, want %d", got, codePaymentRequired)
	}
	if c := h.describe(west, id); c.Status != "SUSPENDED" {
		t.Errorf("refused resume left the cluster %s", c.Status)
	}
}

func TestSuspendOutOfBand(t *testing.T) {
	h := newHarness(t, Config{SuspendedAsStopped: true})
	id := h.create(west, "p", 1)
	h.s.SuspendOutOfBand(west, id)
	if c := h.describe(west, id); c.Status != "STOPPED" {
		t.Errorf("out-of-band suspend: %s, want STOPPED", c.Status)
	}
}
