// Command peakrss stands in for a provider binary and reports the real
// provider's peak resident memory and CPU time.
//
// The benchmark puts a copy of it where dev_overrides look for
// terraform-provider-NAME, with the real binary beside it as
// terraform-provider-NAME.real. It runs the real binary with the same
// arguments, environment and standard streams (so the go-plugin handshake
// line reaches Terraform untouched), waits for it and appends one JSON line
// with the child's rusage to $BENCH_PEAKRSS_FILE.
//
// Why a launcher rather than polling /proc/PID/status for VmHWM: Terraform
// starts a provider several times per command (schema, plan, apply), some of
// them for a fraction of a second, so a poller can miss whole processes and
// always misses the growth after its last sample; wait4's rusage is the
// kernel's exact high-water mark of each process, taken when it ends.
// A "start" line is written too, so the benchmark can tell a process whose
// report was lost (the launcher killed before its child ended) from one that
// never ran.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

// Report is one line of $BENCH_PEAKRSS_FILE.
type Report struct {
	Event    string `json:"event"` // "start" or "exit"
	Name     string `json:"name"`  // terraform-provider-NAME
	PID      int    `json:"pid"`   // the real provider's pid
	MaxRSSKB int64  `json:"maxRssKiB,omitempty"`
	UserMS   int64  `json:"userMs,omitempty"`
	SysMS    int64  `json:"sysMs,omitempty"`
	WallMS   int64  `json:"wallMs,omitempty"`
	Exit     int    `json:"exit"`
}

func main() { os.Exit(run()) }

func run() int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		return 1
	}
	name := filepath.Base(self)
	// No cancellation: the launcher lives exactly as long as its child.
	cmd := exec.CommandContext(context.Background(), self+".real", os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// If this launcher is killed, the provider must not outlive it. Pdeathsig
	// follows the OS thread that started the child, so pin this goroutine to it.
	runtime.LockOSThread()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	// Terraform signals its whole process group on Ctrl-C; the provider gets
	// the signal itself and decides what to do, the launcher just waits.
	signal.Ignore(os.Interrupt)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		return 1
	}
	report(Report{Event: "start", Name: name, PID: cmd.Process.Pid})
	_ = cmd.Wait() // the exit status is in ProcessState either way
	st := cmd.ProcessState
	r := Report{Event: "exit", Name: name, PID: cmd.Process.Pid, Exit: st.ExitCode(),
		WallMS: time.Since(start).Milliseconds()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		r.MaxRSSKB = ru.Maxrss // KiB on Linux
		r.UserMS = time.Duration(ru.Utime.Nano()).Milliseconds()
		r.SysMS = time.Duration(ru.Stime.Nano()).Milliseconds()
	}
	report(r)
	if r.Exit < 0 { // killed by a signal
		return 1
	}
	return r.Exit
}

// report appends one line; O_APPEND keeps lines from concurrent launchers whole.
func report(r Report) {
	path := os.Getenv("BENCH_PEAKRSS_FILE")
	if path == "" {
		return
	}
	b, err := json.Marshal(r)
	if err != nil {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		return
	}
	defer f.Close()
	_, _ = f.Write(append(b, '\n'))
}
