package provider

import (
	"context"
	"testing"
	"time"
)

// A wait's end is read from the operation's context alone: a stop is an
// interruption, the operation's deadline a timeout, and a live context means
// the wait failed on its own, even when its error reads "deadline exceeded"
// (a single request's timeout).
func TestWaitEndOf(t *testing.T) {
	t.Parallel()
	live := context.Background()
	stopped, stop := context.WithCancel(live)
	stop()
	expired, cancel := context.WithDeadline(live, time.Now().Add(-time.Second))
	defer cancel()
	stoppedWithin, cancel2 := context.WithTimeout(stopped, time.Hour)
	defer cancel2()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want waitEnd
	}{
		{"live", live, waitNotEnded},
		{"stopped", stopped, waitInterrupted},
		{"deadline passed", expired, waitTimedOut},
		{"stopped within its timeout", stoppedWithin, waitInterrupted},
		{"detached from a stopped one (the final look)", context.WithoutCancel(stopped), waitNotEnded},
	} {
		if got := waitEndOf(tc.ctx); got != tc.want {
			t.Errorf("%s: waitEndOf = %d, want %d", tc.name, got, tc.want)
		}
	}
}
