package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Kinds of workload: the same N resources through three providers.
const (
	kindData        = "terraform_data" // built into Terraform: no plugin process
	kindNoop        = "noop"           // a plugin that does nothing: Terraform plus plugin overhead
	kindNoopCluster = "noop_cluster"   // the no-op plugin's resource with zilliz_cluster's schema: plus the schema's cost
	kindZilliz      = "zilliz"         // the provider under test, against the mock
)

// Mock facts the configuration and the checks depend on.
const (
	projectID = "proj-0a1b2c3d4e5f6a7b8c9d0e" // seeded by the mock
	region    = "aws-us-west-2"
	apiKey    = "test-api-key" // the mock's default key
)

// workdir is one Terraform working directory with N resources of one kind.
type workdir struct {
	Kind string
	Dir  string
	N    int
	env  []string
	tf   string // the terraform binary; "": terraform on PATH
}

// newWorkdir writes main.tf for n resources of kind; zilliz clusters are
// named prefix-INDEX so that checks can tell this run's clusters apart.
func newWorkdir(parent, name, kind string, n int, prefix string, bins *binaries, mock *mockProc) (*workdir, error) {
	dir := filepath.Join(parent, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var cfg string
	switch kind {
	case kindData:
		cfg = fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n}\n", n)
	case kindNoop:
		cfg = fmt.Sprintf("terraform {\n  required_providers {\n    noop = { source = %q }\n  }\n}\n\n"+
			"resource \"noop_thing\" \"r\" {\n  count = %d\n}\n", noopSource, n)
	case kindNoopCluster, kindZilliz:
		local, source := "zilliz", zillizSource
		if kind == kindNoopCluster {
			local, source = "noop", noopSource
		}
		cfg = fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n\n"+
			"resource \"%s_cluster\" \"r\" {\n  count        = %d\n  cluster_name = \"%s-${count.index}\"\n"+
			"  project_id   = %q\n  plan         = \"Standard\"\n  cu_size      = 1\n}\n", local, source, local, n, prefix, projectID)
	default:
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	// Nothing from the caller's Terraform or Zilliz settings may leak in
	// (TF_LOG would slow everything down, TF_CLI_ARGS would change the flags).
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "ZILLIZ_") && !strings.HasPrefix(kv, "BENCH_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+bins.CLIConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	if mock != nil {
		env = append(env, "ZILLIZ_API_KEY="+apiKey, "ZILLIZ_ENDPOINT="+mock.Endpoint(), "ZILLIZ_CLOUD_REGION="+region,
			"ZILLIZ_API_VERSION="+mock.APIVersion)
	}
	return &workdir{Kind: kind, Dir: dir, N: n, env: env}, nil
}

// tfResult is what one terraform command did.
type tfResult struct {
	Wall time.Duration
	// AllCPU is the user+system time of terraform and the processes it waited
	// for (its providers): wait4 reports a process's own and its reaped
	// descendants' usage together.
	AllCPU     time.Duration
	Exit       int      // terraform's exit status (-1: killed)
	Errored    []string // addresses of apply_errored resources
	ErrorDiags []string // summaries of error diagnostics
	Changes    struct{ Add, Change, Remove int }
	Procs      []launchReport // provider processes that ended and reported
	Started    int            // provider processes started
}

// Failed is the number of resources that failed, or 1 when terraform failed
// without naming one.
func (r *tfResult) Failed() int {
	if len(r.Errored) == 0 && r.Exit != 0 && r.Exit != 2 { // 2: plan -detailed-exitcode "changes"
		return 1
	}
	return len(r.Errored)
}

// PeakRSS is the largest peak resident set of the provider processes, in bytes.
func (r *tfResult) PeakRSS() int64 {
	var m int64
	for _, p := range r.Procs {
		m = max(m, p.MaxRSSKB*1024)
	}
	return m
}

// TerraformCPU is terraform's own user+system time, without its providers'.
func (r *tfResult) TerraformCPU() time.Duration { return r.AllCPU - r.CPU() }

// CPU is the provider processes' user+system time.
func (r *tfResult) CPU() time.Duration {
	var t time.Duration
	for _, p := range r.Procs {
		t += time.Duration(p.UserMS+p.SysMS) * time.Millisecond
	}
	return t
}

// launchReport mirrors benchmarks/cmd/peakrss's Report.
type launchReport struct {
	Event    string `json:"event"`
	MaxRSSKB int64  `json:"maxRssKiB"`
	UserMS   int64  `json:"userMs"`
	SysMS    int64  `json:"sysMs"`
}

// run runs `terraform SUBCOMMAND -json ...` in the working directory, bounded
// by timeout. Terraform and its providers run in their own process group (so a
// Ctrl-C at the terminal reaches them only through here): on timeout or
// cancellation the group gets one SIGINT (Terraform's graceful stop), then
// SIGKILL after a grace period, so no provider outlives the benchmark.
func (w *workdir) run(ctx context.Context, timeout time.Duration, phase string, args ...string) (*tfResult, error) {
	stdout, err := os.Create(filepath.Join(w.Dir, phase+".jsonl"))
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(w.Dir, phase+".stderr"))
	if err != nil {
		return nil, err
	}
	defer stderr.Close()
	rssFile := filepath.Join(w.Dir, phase+".rss.jsonl")
	_ = os.Remove(rssFile)

	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tf := w.tf
	if tf == "" {
		tf = "terraform"
	}
	cmd := exec.CommandContext(runCtx, tf, append(args, "-json")...)
	cmd.Dir = w.Dir
	cmd.Env = append(slices.Clone(w.env), "BENCH_PEAKRSS_FILE="+rssFile)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = 30 * time.Second // then exec kills terraform itself
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if runCtx.Err() != nil {
		if cmd.Process != nil { // whatever terraform left in its group (providers)
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("terraform %s timed out after %s (rerun with -keep to keep its logs in %s)", phase, timeout, w.Dir)
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return nil, err // it did not start, or its output could not be written
	}
	res := &tfResult{Wall: wall, Exit: cmd.ProcessState.ExitCode(),
		AllCPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if perr := parseJSONLog(stdout.Name(), res); perr != nil {
		return nil, perr
	}
	if perr := parseLaunchReports(rssFile, res); perr != nil {
		return nil, perr
	}
	return res, nil
}

// parseJSONLog reads terraform's machine-readable UI stream.
func parseJSONLog(path string, res *tfResult) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			Type string `json:"type"`
			Hook struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
			} `json:"hook"`
			Diagnostic struct {
				Severity string `json:"severity"`
				Summary  string `json:"summary"`
				Address  string `json:"address"`
			} `json:"diagnostic"`
			Changes struct {
				Add    int `json:"add"`
				Change int `json:"change"`
				Remove int `json:"remove"`
			} `json:"changes"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue // terraform may print a non-JSON line before it starts the stream
		}
		switch line.Type {
		case "apply_errored":
			res.Errored = append(res.Errored, line.Hook.Resource.Addr)
		case "diagnostic":
			if line.Diagnostic.Severity == "error" {
				res.ErrorDiags = append(res.ErrorDiags, strings.TrimSpace(line.Diagnostic.Address+" "+line.Diagnostic.Summary))
			}
		case "change_summary":
			res.Changes.Add, res.Changes.Change, res.Changes.Remove = line.Changes.Add, line.Changes.Change, line.Changes.Remove
		}
	}
	return sc.Err()
}

func parseLaunchReports(path string, res *tfResult) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // terraform_data: no plugin
	}
	if err != nil {
		return err
	}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r launchReport
		if json.Unmarshal([]byte(l), &r) != nil {
			continue
		}
		switch r.Event {
		case "start":
			res.Started++
		case "exit":
			res.Procs = append(res.Procs, r)
		}
	}
	return nil
}

// stateIDs returns the ids of the resources in the local state file.
func (w *workdir) stateIDs() (map[string]bool, error) {
	b, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	var st struct {
		Resources []struct {
			Instances []struct {
				Attributes struct {
					ID string `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("reading state: %w", err)
	}
	ids := map[string]bool{}
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			ids[in.Attributes.ID] = true
		}
	}
	return ids, nil
}
