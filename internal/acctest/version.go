package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// cliVersion asks the CLI its version once per test binary: TF_ACC_TERRAFORM_PATH,
// and so the CLI, is fixed for the whole run. It reads `version -json` as
// terraform-plugin-testing does; OpenTofu answers with the same terraform_version key.
// The CLI configuration is empty: OpenTofu prints a warning about a missing one on
// stdout, before the JSON.
var cliVersion = sync.OnceValues(func() (*version.Version, error) {
	cmd := exec.Command(binary(), "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", binary(), err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w\n%s", binary(), err, out)
	}
	return version.NewVersion(v.TerraformVersion)
})

// Version is the version of the CLI that the tests run.
func Version(t *testing.T) *version.Version {
	t.Helper()
	v, err := cliVersion()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TerraformVersionChecks is resource.TestCase's TerraformVersionChecks for tests that
// drive the CLI through CLI: it runs the same tfversion checks against the same CLI,
// and skips or fails t as resource.Test would. Call it first, before NewCLI.
func TerraformVersionChecks(t *testing.T, checks ...tfversion.TerraformVersionCheck) {
	t.Helper()
	v := Version(t)
	for _, check := range checks {
		var resp tfversion.CheckTerraformVersionResponse
		check.CheckTerraformVersion(context.Background(), tfversion.CheckTerraformVersionRequest{TerraformVersion: v}, &resp)
		if resp.Error != nil {
			t.Fatal(resp.Error)
		}
		if resp.Skip != "" {
			t.Skip(resp.Skip)
		}
	}
}
