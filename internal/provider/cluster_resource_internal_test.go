package provider

import (
	"testing"
	"time"
)

func TestShortDuration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{10 * time.Second, "10s"},
		{90 * time.Second, "1m30s"},
		{20 * time.Minute, "20m"},
		{30 * time.Minute, "30m"},
		{2 * time.Hour, "2h"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + 30*time.Second, "1h0m30s"},
		{1500 * time.Millisecond, "1.5s"},
	} {
		got := shortDuration(tc.d)
		if got != tc.want {
			t.Errorf("shortDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
		// What the docs show must be what a timeouts block accepts, meaning the same.
		if back, err := time.ParseDuration(got); err != nil || back != tc.d {
			t.Errorf("shortDuration(%v) = %q, which parses back as %v (%v)", tc.d, got, back, err)
		}
	}
}
