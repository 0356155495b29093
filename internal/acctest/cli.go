// Package acctest holds helpers shared by the acceptance tests.
//
// Besides terraform-plugin-testing, whose ExpectError sees only errors, tests need
// to see warnings: CLI runs the real terraform binary with -json against a
// provider served in process (reattach) and returns the diagnostics it printed.
//
// # Which CLI
//
// The suite runs under every CLI the README promises (`make test-matrix`: Terraform
// 1.5.7, the Terraform on PATH, OpenTofu). TF_ACC_TERRAFORM_PATH picks the binary and
// TF_ACC_PROVIDER_HOST the provider's registry host, for resource.Test and CLI alike.
//
// A test that needs a newer CLI than the oldest one (a removed block needs 1.7, an
// import block with for_each 1.7, ...) is gated with terraform-plugin-testing's tfversion
// checks, never skipped by hand, in the same words whichever way it runs the CLI:
//
//	resource.Test(t, resource.TestCase{
//		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
//		...
//	})
//
//	acctest.TerraformVersionChecks(t, tfversion.SkipBelow(tfversion.Version1_7_0)) // first, before NewCLI
//
// The checks compare tfversion's Terraform version numbers with the version the CLI
// reports. OpenTofu reports its own (1.12.6), compared as if it were Terraform's: right
// for what is gated so far (removed blocks and import for_each came in both at 1.7), but
// check OpenTofu's changelog before gating a feature that came later.
package acctest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/server"
)

// providerAddress is the provider's source address as the CLI resolves
// "zilliz-terraform/zilliz": OpenTofu's default registry host differs from Terraform's,
// so the host follows TF_ACC_PROVIDER_HOST, as it does in terraform-plugin-testing.
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/zilliz-terraform/zilliz"
}

// binary is the CLI to run: TF_ACC_TERRAFORM_PATH (terraform-plugin-testing's variable,
// so one setting moves the whole suite, e.g. to OpenTofu), else terraform on PATH.
func binary() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

// Diagnostic is one diagnostic from terraform's -json output.
type Diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// Result is one terraform command's outcome.
type Result struct {
	Diagnostics []Diagnostic
	Stdout      string
	Output      string // stdout, then stderr
	Err         error  // non-nil when terraform exited non-zero
}

// Warnings returns the warning diagnostics.
func (r Result) Warnings() []Diagnostic { return r.bySeverity("warning") }

// Errors returns the error diagnostics.
func (r Result) Errors() []Diagnostic { return r.bySeverity("error") }

func (r Result) bySeverity(s string) []Diagnostic {
	var out []Diagnostic
	for _, d := range r.Diagnostics {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// CLI is a working directory where terraform runs against the provider served in process.
type CLI struct {
	t        *testing.T
	Dir      string
	reattach string
	Env      []string // extra environment, e.g. TF_LOG=trace
}

// NewCLI serves factory's provider in process and prepares an empty working directory.
func NewCLI(t *testing.T, factory func() provider.Provider) *CLI {
	t.Helper()
	if _, err := exec.LookPath(binary()); err != nil {
		t.Fatalf("CLI %q not found: %v", binary(), err)
	}
	addr := providerAddress()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	go func() {
		err := tf6server.Serve(addr, server.New(factory),
			tf6server.WithDebug(ctx, configCh, closeCh), tf6server.WithLoggingSink(t),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
		if err != nil {
			t.Errorf("serving provider: %v", err)
		}
	}()
	rc := <-configCh
	t.Cleanup(func() { cancel(); <-closeCh })

	reattach, err := json.Marshal(map[string]any{addr: map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// An empty CLI configuration: nothing from the machine's own may leak in.
	cliConfig := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &CLI{t: t, Dir: dir, reattach: string(reattach), Env: []string{"TF_CLI_CONFIG_FILE=" + cliConfig}}
}

// Write replaces main.tf.
func (c *CLI) Write(config string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.Dir, "main.tf"), []byte(config), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Run runs terraform with args (add -json to get diagnostics) and parses its output.
func (c *CLI) Run(args ...string) Result {
	c.t.Helper()
	p := c.Start(args...)
	return p.Wait()
}

// Proc is a terraform command running in the background (see Start).
type Proc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan struct{}
	res            Result
}

// Start starts terraform with args in the background; Wait collects its Result.
// Tests use it to interrupt terraform (Signal) while it waits on an operation.
func (c *CLI) Start(args ...string) *Proc {
	c.t.Helper()
	// Killed when the test ends, should it still be running then.
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary(), args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+c.reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	cmd.Env = append(cmd.Env, c.Env...)
	p := &Proc{cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	if err := cmd.Start(); err != nil {
		cancel()
		c.t.Fatalf("starting terraform %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		err := cmd.Wait()
		p.res = parseResult(p.stdout.String(), p.stderr.String(), err)
		close(p.done)
	}()
	c.t.Cleanup(func() {
		cancel() // the test ended first: do not leave terraform behind
		<-p.done
	})
	return p
}

// Signal sends sig (e.g. os.Interrupt) to the terraform process.
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Done is closed when terraform has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Wait waits for terraform to exit and returns its Result.
func (p *Proc) Wait() Result {
	<-p.done
	return p.res
}

func parseResult(stdout, stderr string, err error) Result {
	res := Result{Stdout: stdout, Output: stdout + stderr, Err: err}
	sc := bufio.NewScanner(strings.NewReader(res.Stdout))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			Type       string     `json:"type"`
			Diagnostic Diagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Type == "diagnostic" {
			res.Diagnostics = append(res.Diagnostics, line.Diagnostic)
		}
	}
	return res
}

// MustRun is Run that fails the test when terraform fails.
func (c *CLI) MustRun(args ...string) Result {
	c.t.Helper()
	res := c.Run(args...)
	if res.Err != nil {
		c.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), res.Err, res.Output)
	}
	return res
}

// Init runs terraform init (nothing to download: the provider is reattached).
func (c *CLI) Init() { c.t.Helper(); c.MustRun("init", "-input=false", "-no-color") }
