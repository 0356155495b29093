package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine describes where and on what a benchmark ran: timings mean little
// without it, and the git state says which code the figures belong to.
func machine(ctx context.Context, root, command string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "- machine: %s/%s, %d CPUs (nproc), %s memory, load average at start %s\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memTotal(), loadAvg())
	fmt.Fprintf(&sb, "- go: %s; terraform: %s\n", runtime.Version(), terraformVersion(ctx))
	fmt.Fprintf(&sb, "- commit: %s\n", gitState(ctx, root))
	fmt.Fprintf(&sb, "- command: `%s`\n", command)
	return sb.String()
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(l, "MemTotal: %d kB", &kb); err == nil {
			return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	return "unknown"
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func terraformVersion(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "terraform", "version", "-json").Output()
	if err != nil {
		return "unknown"
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &v) != nil {
		return "unknown"
	}
	return v.Version
}

// gitState is the commit plus, when the tree has changes, a hash of them,
// so that two runs on different uncommitted code are told apart.
func gitState(ctx context.Context, root string) string {
	git := func(args ...string) string {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			return ""
		}
		// Only the end: porcelain's first line may start with a space (" M path").
		return strings.TrimRight(string(out), "\n")
	}
	head := git("rev-parse", "--short=12", "HEAD")
	if head == "" {
		return "unknown"
	}
	// Tracked changes, plus untracked Go sources that end up in the provider or
	// the mock (new test files and the harness itself do not change the figures).
	var changed []string
	for _, l := range strings.Split(git("status", "--porcelain", "--untracked-files=all"), "\n") {
		if len(l) < 4 {
			continue
		}
		path := l[3:]
		untracked := strings.HasPrefix(l, "??")
		if untracked && (!strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.HasPrefix(path, "benchmarks/")) {
			continue
		}
		changed = append(changed, path)
	}
	if len(changed) == 0 {
		return head
	}
	sum := sha256.Sum256([]byte(git("diff", "HEAD")))
	return fmt.Sprintf("%s + uncommitted changes to %d file(s) (tracked diff sha256 %x): %s", head,
		len(changed), sum[:6], strings.Join(changed, ", "))
}

// writeSection replaces (or, with appendRun, extends) the section named name
// of the markdown file at path, leaving every other section as it was, so
// that `make bench` and `make bench-ratelimit` do not erase each other.
func writeSection(path, name, title, body string, appendRun bool) error {
	begin, end := "<!-- BEGIN "+name+" -->", "<!-- END "+name+" -->"
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if len(old) == 0 {
		old = []byte("# Benchmarks\n\nWritten by `make bench` and `make bench-ratelimit` " +
			"(benchmarks/cmd/bench); each keeps to its own section.\n")
	}
	i, j := bytes.Index(old, []byte(begin)), bytes.Index(old, []byte(end))
	var out bytes.Buffer
	switch {
	case i < 0 || j < i: // no section yet: add it at the end
		out.Write(bytes.TrimRight(old, "\n"))
		fmt.Fprintf(&out, "\n\n%s\n## %s\n\n%s%s\n", begin, title, body, end)
	case appendRun:
		out.Write(bytes.TrimRight(old[:j], "\n"))
		fmt.Fprintf(&out, "\n\n%s%s", body, old[j:])
	default:
		out.Write(old[:i])
		fmt.Fprintf(&out, "%s\n## %s\n\n%s%s", begin, title, body, old[j:])
	}
	tmp := path + ".tmp"
	err = os.WriteFile(tmp, out.Bytes(), 0o644)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}
