package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// binaries are what one benchmark run builds into its temporary directory.
type binaries struct {
	Mock      string // zilliz-mock
	Providers string // dev_overrides directory: launchers plus the real binaries as *.real
	CLIConfig string // TF_CLI_CONFIG_FILE with dev_overrides for both providers
}

// Source addresses the dev_overrides map; both binaries sit in one directory.
const (
	zillizSource = "zilliz-terraform/zilliz"
	noopSource   = "zilliz-terraform/noop"
)

// build compiles the provider, the no-op provider, the launcher and the mock
// in one `go build` (so the compiles share one cache pass) from the module
// root, and lays them out for dev_overrides.
func build(ctx context.Context, root, tmp string) (*binaries, error) {
	out := filepath.Join(tmp, "build")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	goBin := os.Getenv("GO")
	if goBin == "" {
		goBin = "go"
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out+string(filepath.Separator),
		".", "./benchmarks/noop", "./benchmarks/cmd/peakrss", "./internal/mockserver/cmd/zilliz-mock")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build: %w", err)
	}
	b := &binaries{
		Mock:      filepath.Join(out, "zilliz-mock"),
		Providers: filepath.Join(tmp, "providers"),
		CLIConfig: filepath.Join(tmp, "cli.tfrc"),
	}
	if err := os.MkdirAll(b.Providers, 0o755); err != nil {
		return nil, err
	}
	// The launcher answers to terraform-provider-NAME and runs NAME.real beside it.
	for name, bin := range map[string]string{
		"terraform-provider-zilliz": filepath.Join(out, "terraform-provider-zilliz"),
		"terraform-provider-noop":   filepath.Join(out, "noop"),
	} {
		dst := filepath.Join(b.Providers, name)
		if err := os.Rename(bin, dst+".real"); err != nil {
			return nil, err
		}
		if err := os.Link(filepath.Join(out, "peakrss"), dst); err != nil {
			return nil, err
		}
	}
	// Only dev_overrides and no installation source at all: nothing can be
	// downloaded, and neither working directory needs `terraform init`
	// (terraform_data is built in, the other two are overridden).
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    %q = %q\n  }\n}\n",
		zillizSource, b.Providers, noopSource, b.Providers)
	return b, os.WriteFile(b.CLIConfig, []byte(cfg), 0o600)
}
