// Command zilliz-mock serves the Zilliz Cloud control-plane fake
// (internal/mockserver) on a loopback port, for the demo, benchmarks and
// manual runs against the provider.
//
// Usage:
//
//	zilliz-mock [-addr 127.0.0.1:0] [-addr-file FILE] [-api-key KEY]
//	            [-create-duration D] [-modify-duration D] [-delete-duration D]
//	            [-latency D] [-page-size N] [-rate R] [-burst N]
//	            [-endpoint-rate R] [-endpoint-burst N]
//	            [-fault-rate F] [-fault-seed N]
//	            [-suspend-duration D] [-resume-duration D] [-suspended-as-stopped]
//	            [-resume-needs-payment] [-v2-free-plan PLAN] [-v2-replica-as-string]
//
// One listener serves both API versions over the same clusters: v1 under
// /{region}/v1/, v2 under /v2/. It prints one line once listening and stops
// cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "zilliz-mock:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("zilliz-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg mockserver.Config
	addr := fs.String("addr", "127.0.0.1:0", "listen address; loopback only (port 0 picks a free port)")
	addrFile := fs.String("addr-file", "", "write the base URL (http://HOST:PORT) to this file once listening")
	fs.StringVar(&cfg.APIKey, "api-key", mockserver.DefaultAPIKey, "accepted API key")
	fs.DurationVar(&cfg.CreateDuration, "create-duration", 0, "time from CREATING to RUNNING")
	fs.DurationVar(&cfg.ModifyDuration, "modify-duration", 0, "time from MODIFYING to RUNNING")
	fs.DurationVar(&cfg.DeleteDuration, "delete-duration", 0, "time from DELETING to DELETED")
	fs.DurationVar(&cfg.Latency, "latency", 0, "latency added to every API request")
	fs.IntVar(&cfg.PageSize, "page-size", 10, "default page size of the cluster list")
	fs.Float64Var(&cfg.RateLimit, "rate", 0, "rate limit in requests per second (0: unlimited)")
	fs.IntVar(&cfg.RateBurst, "burst", 0, "rate limit burst (0: max(1, rate))")
	fs.Float64Var(&cfg.EndpointRateLimit, "endpoint-rate", 0, "rate limit per endpoint (route) in requests per second, on top of -rate (0: unlimited)")
	fs.IntVar(&cfg.EndpointRateBurst, "endpoint-burst", 0, "per-endpoint rate limit burst (0: max(1, endpoint-rate))")
	fs.Float64Var(&cfg.RandomFaultRate, "fault-rate", 0, "share (0..1) of API requests answered with a random transient fault")
	fs.Int64Var(&cfg.RandomFaultSeed, "fault-seed", 1, "seed of the random faults")
	fs.StringVar(&cfg.PageParam, "page-param", "", `list page parameter read: "current", "currentPage", or "" for either`)
	fs.BoolVar(&cfg.SuccessCodeZero, "success-code-zero", false, "answer successes with code 0 instead of 200")
	fs.IntVar(&cfg.NameExistsCode, "name-exists-code", 80010, "code answered for a taken cluster name (80010 or 40013; v2 answers 96017 unless 40013)")
	fs.BoolVar(&cfg.AcceptServerlessDrop, "accept-serverless-drop", false, "drop Serverless and Free clusters instead of refusing with 80021")
	fs.IntVar(&cfg.DropDeletingCode, "drop-deleting-code", 0, "code answered for a drop of a DELETING cluster (0: 80020; 200: accepted again)")
	fs.DurationVar(&cfg.SuspendDuration, "suspend-duration", 0, "time from SUSPENDING to SUSPENDED")
	fs.DurationVar(&cfg.ResumeDuration, "resume-duration", 0, "time from RESUMING to RUNNING")
	fs.BoolVar(&cfg.SuspendedAsStopped, "suspended-as-stopped", false, "name the suspend states STOPPING and STOPPED")
	fs.BoolVar(&cfg.ResumeNeedsPayment, "resume-needs-payment", false, "refuse every resume with 80007 (no payment method)")
	fs.StringVar(&cfg.V2FreePlan, "v2-free-plan", "Free", `plan v2 answers show for a Free cluster: "Free" or "Serverless" (as live)`)
	fs.BoolVar(&cfg.V2ReplicaAsString, "v2-replica-as-string", false, "send v2's replica as a string instead of a number")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	if *addrFile != "" {
		if err := writeFileAtomic(*addrFile, base); err != nil {
			ln.Close()
			return err
		}
	}
	srv := &http.Server{Handler: mockserver.New(cfg), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "zilliz-mock listening on %s (endpoint template %s/{region}; api_version v2: endpoint %s)\n", base, base, base)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Give in-flight requests (e.g. ones sleeping in injected latency) a
	// moment, then cut them off.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	return nil
}

// checkLoopback refuses addresses reachable from other machines: the mock
// speaks plain HTTP and accepts a well-known test key.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing -addr %q: the mock has no TLS and accepts a fixed test key, so it listens on loopback only (127.0.0.1, ::1 or localhost)", addr)
}

// writeFileAtomic writes through a temporary file and a rename, so a script
// polling for the file never reads it half written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".zilliz-mock-addr-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
