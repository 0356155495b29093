package acctest_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
)

// The gate runs tfversion's checks against the CLI of the run: a check the CLI
// passes lets the test go on, one it fails skips it.
func TestAccTerraformVersionChecks(t *testing.T) {
	v := acctest.Version(t)
	if v.LessThan(tfversion.Version1_5_0) {
		t.Errorf("CLI version %s is below the oldest the README promises, 1.5", v)
	}
	t.Logf("CLI version %s", v)

	ran := func(name string, checks ...tfversion.TerraformVersionCheck) (ran bool) {
		t.Run(name, func(t *testing.T) {
			acctest.TerraformVersionChecks(t, checks...)
			ran = true
		})
		return ran
	}
	seg := v.Segments()
	above := version.Must(version.NewVersion(fmt.Sprintf("%d.%d.0", seg[0], seg[1]+1)))

	if !ran("at", tfversion.SkipBelow(v.Core())) {
		t.Errorf("SkipBelow(%s) skipped CLI %s", v.Core(), v)
	}
	if ran("above", tfversion.SkipBelow(above)) {
		t.Errorf("SkipBelow(%s) let CLI %s run", above, v)
	}
	if ran("second", tfversion.SkipBelow(tfversion.Version1_5_0), tfversion.SkipAbove(tfversion.Version1_0_0)) {
		t.Errorf("the second of two checks did not skip CLI %s", v)
	}
}
