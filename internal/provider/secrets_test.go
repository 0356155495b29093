package provider_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// With TF_LOG=trace, neither the API key nor any cluster password may appear in what
// terraform prints or in any log (terraform's own, and the provider's: served in
// process, it logs to the test sink, sent to a file here), on success and on every
// kind of failure. Passwords are taken from the mock's create answers as they left it.
func TestAccSecrets_notInOutputOrLogs(t *testing.T) {
	logDir := t.TempDir()
	providerLog := filepath.Join(logDir, "provider.log")
	terraformLog := filepath.Join(logDir, "terraform.log")
	// Read when the provider is served (e.cli), so set first. Not parallel: process env.
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_LOG_PATH", providerLog)

	e, tp := newMockEnvTuned(t, mockserver.Config{}, nil)
	name := clusterName()
	config := func(cu int, slow bool) string {
		s := fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  count        = 2
  cluster_name = "%s-${count.index}"
  project_id   = %q
  plan         = "Standard"
  cu_size      = %d
}
`, name, e.projectID, cu)
		if slow {
			s += fmt.Sprintf(`
resource "zilliz_cluster" "slow" {
  cluster_name = "%s-slow"
  project_id   = %q
  plan         = "Standard"
  cu_size      = 1
  timeouts {
    create = "1s"
  }
}
`, name, e.projectID)
		}
		return s
	}
	c := e.cli(t, config(1, false))
	c.Env = append(c.Env, "TF_LOG=trace", "TF_LOG_PATH="+terraformLog)

	var outputs []string
	var states strings.Builder // every state written, to prove the passwords were there
	run := func(wantOK bool, args ...string) acctest.Result {
		t.Helper()
		r := c.Run(args...)
		outputs = append(outputs, fmt.Sprintf("terraform %s:\n%s", strings.Join(args, " "), r.Output))
		states.WriteString(readFiles(t, filepath.Join(c.Dir, "terraform.tfstate")))
		if wantOK && r.Err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, r.Err, r.Output)
		}
		if !wantOK && r.Err == nil {
			t.Fatalf("terraform %v succeeded, want a failure", args)
		}
		return r
	}

	// Success paths.
	run(true, "apply", "-auto-approve", "-input=false", "-no-color")
	run(true, "plan", "-input=false", "-no-color")
	run(true, "apply", "-refresh-only", "-auto-approve", "-input=false", "-json")
	run(true, "show", "-no-color")
	run(true, "state", "show", "-no-color", res+"[0]")
	e.rewrite(c, config(2, false))
	run(true, "apply", "-auto-approve", "-input=false", "-json")

	// A create that succeeds and then times out: a warning, its password in state.
	e.mock.SetDurations(10*time.Minute, 0, 0)
	e.rewrite(c, config(2, true))
	run(true, "apply", "-auto-approve", "-input=false", "-no-color")
	for _, cl := range e.mock.Clusters(e.region) { // it comes up: later runs need not wait for it
		if cl.Status == "CREATING" {
			e.mock.SetStatus(e.region, cl.ClusterID, "RUNNING")
		}
	}

	// Error paths.
	e.mock.SetDurations(0, 0, 0)
	// A refused modify (80001 under HTTP 401), then an unknown code on every describe.
	e.rewrite(c, config(3, true))
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteModify, HTTPStatus: 401, Code: 80001, Message: "The token is illegal", Times: -1})
	run(false, "apply", "-auto-approve", "-input=false", "-json")
	e.mock.ClearFaults()
	// Reads come from list pages or describes, whichever takes fewer calls: fail both.
	for _, route := range []string{mockserver.RouteDescribe, mockserver.RouteList} {
		e.mock.InjectFault(mockserver.Fault{Route: route, Code: 99999, Message: "internal", Times: -1})
	}
	run(false, "plan", "-input=false", "-no-color")
	e.mock.ClearFaults()
	// A drop refused with an unknown code.
	e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDrop, Code: 99999, Message: "internal", Times: -1})
	run(false, "destroy", "-auto-approve", "-input=false", "-no-color")
	e.mock.ClearFaults()

	// A wrong key (80002), and an endpoint nobody listens on (transport errors, retried).
	const wrongKey = "sekret-wrong-key-4e1b2c" //nolint:gosec // a test fixture
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := l.Addr().String()
	_ = l.Close()
	for _, pb := range []string{
		fmt.Sprintf("provider \"zilliz\" {\n  api_key = %q\n  cloud_region = %q\n  endpoint = %q\n  api_version = %q\n}\n", wrongKey, e.region, e.endpoint, e.apiVersion),
		fmt.Sprintf("provider \"zilliz\" {\n  api_key = %q\n  cloud_region = %q\n  endpoint = %q\n}\n", mockserver.DefaultAPIKey, e.region, "http://"+deadAddr+"/{region}"),
	} {
		c.Write(terraformBlock + pb + config(2, true))
		r := run(false, "plan", "-input=false", "-no-color")
		if strings.Contains(pb, deadAddr) && !strings.Contains(r.Output, deadAddr) {
			t.Errorf("the transport error does not name the host it could not reach:\n%s", r.Output)
		}
	}
	e.rewrite(c, config(2, true))
	run(true, "destroy", "-auto-approve", "-input=false", "-no-color")
	requireStateMatchesMock(t, e, c)

	// Not vacuous: the passwords existed, reached the state, and the logs were written.
	passwords := tp.Passwords()
	if len(passwords) < 3 {
		t.Errorf("the mock handed out %d passwords, want at least 3", len(passwords))
	}
	for _, pw := range passwords {
		if !strings.Contains(states.String(), pw) {
			t.Errorf("password %.4s... never reached the state: the test would prove nothing", pw)
		}
	}
	provider, terraform := readFiles(t, providerLog), readFiles(t, terraformLog)
	if !strings.Contains(provider, "zilliz API call") {
		t.Errorf("the provider log holds none of the client's entries (%d bytes): the test would prove nothing", len(provider))
	}
	if !strings.Contains(terraform, "[TRACE]") {
		t.Errorf("terraform's log holds no trace entries (%d bytes)", len(terraform))
	}

	secrets := map[string]string{"API key": mockserver.DefaultAPIKey, "wrong API key": wrongKey}
	for i, pw := range passwords {
		secrets[fmt.Sprintf("password %d", i+1)] = pw
	}
	sources := map[string]string{"provider log": provider, "terraform log": terraform}
	for i, o := range outputs {
		sources[fmt.Sprintf("output %d", i+1)] = o
	}
	for what, secret := range secrets {
		for where, text := range sources {
			if i := strings.Index(text, secret); i >= 0 {
				t.Errorf("%s found in %s: ...%s...", what, where, text[max(0, i-200):min(len(text), i+len(secret)+50)])
			}
		}
	}
	t.Logf("scanned %d terraform outputs, %d bytes of terraform trace log, %d bytes of provider trace log for %d secrets",
		len(outputs), len(terraform), len(provider), len(secrets))
}

func readFiles(t *testing.T, paths ...string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		b.Write(raw)
	}
	return b.String()
}
