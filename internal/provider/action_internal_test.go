package provider

import (
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

// An action that waits says so every progressEvery, with the time waited, and
// says nothing more once the wait is over.
func TestWaitWithProgress(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var got []string
		send := func(e action.InvokeProgressEvent) { got = append(got, e.Message) }
		want := errors.New("the wait's own error")
		err := waitWithProgress(send, "cluster in01-x to be deleted", func() error {
			time.Sleep(25 * time.Second)
			return want
		})
		if !errors.Is(err, want) {
			t.Errorf("error %v, want the wait's", err)
		}
		time.Sleep(time.Minute) // nothing may come after the wait ended
		wantMsgs := []string{
			"Still waiting for cluster in01-x to be deleted (10s so far)",
			"Still waiting for cluster in01-x to be deleted (20s so far)",
		}
		if !slices.Equal(got, wantMsgs) {
			t.Errorf("progress %q, want %q", got, wantMsgs)
		}
	})
}
