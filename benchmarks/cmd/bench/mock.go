package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// mockProc is a zilliz-mock command on a loopback port. It runs in its own
// process group so that a Ctrl-C aimed at the benchmark reaches it only
// through stop, in order.
type mockProc struct {
	cancel context.CancelFunc
	done   chan struct{}
	Base   string // http://127.0.0.1:PORT
	http   *http.Client
	// APIVersion is the dialect the provider speaks to this mock: "v1" or "v2"
	// (the mock serves both).
	APIVersion string
}

// startMock starts the run's mock binary, for the run's API version.
func (b *bench) startMock(ctx context.Context, dir string, args ...string) (*mockProc, error) {
	m, err := startMock(ctx, b.bins.Mock, dir, args...)
	if m != nil {
		m.APIVersion = b.apiVersion
	}
	return m, err
}

// startMock starts bin with args and waits (bounded) for its address file.
func startMock(ctx context.Context, bin, dir string, args ...string) (*mockProc, error) {
	addrFile := filepath.Join(dir, "mock.addr")
	_ = os.Remove(addrFile) // a previous mock's address must not be read as this one's
	logf, err := os.Create(filepath.Join(dir, "mock.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child holds its own descriptor
	// Not ctx: on Ctrl-C the mock must stay up until terraform has stopped,
	// and the caller's deferred stop ends it.
	procCtx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(procCtx, bin, append([]string{"-addr", "127.0.0.1:0", "-addr-file", addrFile}, args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// The mock shuts down gracefully on SIGTERM; exec kills it 10 s later if not.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	m := &mockProc{cancel: cancel, done: make(chan struct{}), http: &http.Client{Timeout: 60 * time.Second}}
	go func() { _ = cmd.Wait(); close(m.done) }()
	deadline := time.After(30 * time.Second)
	for {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			m.Base = strings.TrimSpace(string(b))
			return m, nil
		}
		select {
		case <-m.done:
			cancel()
			return nil, fmt.Errorf("zilliz-mock exited before listening (see %s)", logf.Name())
		case <-deadline:
			m.stop()
			return nil, fmt.Errorf("zilliz-mock did not write %s within 30s", addrFile)
		case <-ctx.Done():
			m.stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop ends the mock (SIGTERM, then SIGKILL after 10 s) and waits for it.
// Safe to call more than once, and on nil.
func (m *mockProc) stop() {
	if m == nil {
		return
	}
	m.cancel()
	<-m.done
}

// Endpoint is the provider's endpoint for this mock: v1's {region} template,
// or v2's base URL (the mock's root).
func (m *mockProc) Endpoint() string {
	if m.APIVersion == apiV2 {
		return m.Base
	}
	return m.Base + "/{region}"
}

// API versions the provider can speak (the -api-version flag).
const (
	apiV1 = "v1"
	apiV2 = "v2"
)

// loggedRequest is the part of the mock's request log the benchmark reads.
type loggedRequest struct {
	APIVersion string    `json:"apiVersion"`
	Method     string    `json:"method"`
	Route      string    `json:"route"`
	ClusterID  string    `json:"clusterId"`
	HTTPStatus int       `json:"httpStatus"`
	Code       int       `json:"code"`
	Body       string    `json:"body"` // create requests: the cluster name
	Time       time.Time `json:"time"` // arrival, before the mock's latency
}

// mockCluster is the part of a cluster the benchmark reads.
type mockCluster struct {
	ClusterID   string `json:"clusterId"`
	ClusterName string `json:"clusterName"`
	Status      string `json:"status"`
}

func (m *mockProc) admin(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.Base+"/_admin/"+path, body)
	if err != nil {
		return err
	}
	resp, err := m.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s /_admin/%s: %s: %s", method, path, resp.Status, bytes.TrimSpace(b))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}

func (m *mockProc) requests(ctx context.Context) ([]loggedRequest, error) {
	var out []loggedRequest
	err := m.admin(ctx, http.MethodGet, "requests", nil, &out)
	return out, err
}

func (m *mockProc) resetLog(ctx context.Context) error {
	return m.admin(ctx, http.MethodPost, "reset-log", nil, nil)
}

func (m *mockProc) clusters(ctx context.Context, region string) ([]mockCluster, error) {
	var out []mockCluster
	err := m.admin(ctx, http.MethodGet, "clusters/"+region, nil, &out)
	return out, err
}

func (m *mockProc) setDurations(ctx context.Context, create, modify, del time.Duration) error {
	return m.admin(ctx, http.MethodPut, "durations", map[string]string{
		"create": create.String(), "modify": modify.String(), "delete": del.String(),
	}, nil)
}
