package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
)

// Bad input is refused at plan or import time with an error that names the
// attribute and the value, and no request reaches the API: not to a wrong path,
// not at all. (Endpoints naming another host could not reach the mock anyway:
// for those rows the error text is what is checked.)

type badInput struct {
	name   string
	config string   // the configuration below the terraform block
	want   []string // what the error diagnostics must contain (summary, detail and snippet)
	env    map[string]string
	planOK bool // a control case: must plan
	errors int  // how many errors, when one mistake must not be reported as others (0: not counted)
}

func resourceWith(e *accEnv, attrs string) string {
	return fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  project_id = %q
%s
}
`, e.projectID, attrs)
}

func providerWith(key, region, endpoint string) string {
	return fmt.Sprintf("provider \"zilliz\" {\n  api_key      = %q\n  cloud_region = %q\n  endpoint     = %q\n}\n", key, region, endpoint)
}

func TestAccBadInput_plan(t *testing.T) {
	e := newMockEnv(t, mockserver.Config{})
	pb := e.providerBlock()
	dedicated := func(extra string) string {
		return pb + resourceWith(e, `  cluster_name = "ok-name"
  plan         = "Standard"
`+extra)
	}
	long := strings.Repeat("n", 33)
	cjk32, cjk33 := strings.Repeat("集", 32), strings.Repeat("集", 33)
	cases := []badInput{
		{name: "name over 32 characters", config: pb + resourceWith(e, fmt.Sprintf("  cluster_name = %q\n  plan = \"Standard\"\n  cu_size = 1\n", long)),
			want: []string{"cluster_name", "between 1 and 32", "33"}},
		{name: "name of 33 CJK characters", config: pb + resourceWith(e, fmt.Sprintf("  cluster_name = %q\n  plan = \"Standard\"\n  cu_size = 1\n", cjk33)),
			want: []string{"cluster_name", "between 1 and 32", "33"}},
		{name: "control: name of 32 CJK characters (96 bytes) plans", config: pb + resourceWith(e, fmt.Sprintf("  cluster_name = %q\n  plan = \"Standard\"\n  cu_size = 1\n", cjk32)),
			planOK: true},
		{name: "empty name", config: pb + resourceWith(e, "  cluster_name = \"\"\n  plan = \"Standard\"\n  cu_size = 1\n"),
			want: []string{"cluster_name", "between 1 and 32", "got: 0"}},
		{name: "cu_size 0", config: dedicated("  cu_size = 0\n"), want: []string{"cu_size", "between 1 and 256", "got: 0"}},
		{name: "cu_size 257", config: dedicated("  cu_size = 257\n"), want: []string{"cu_size", "between 1 and 256", "got: 257"}},
		{name: "cu_size -1", config: dedicated("  cu_size = -1\n"), want: []string{"cu_size", "got: -1"}},
		{name: "dedicated plan without cu_size", config: dedicated(""), want: []string{"cu_size required", `"Standard"`}},
		{name: "cu_size 1.5", config: dedicated("  cu_size = 1.5\n"), want: []string{"cu_size", "1.5", "whole number"}},
		{name: "timeouts.create 0s", config: dedicated("  cu_size = 1\n  timeouts {\n    create = \"0s\"\n  }\n"),
			want: []string{"Invalid timeout", "timeouts.create", `"0s"`, "positive duration"}},
		{name: "timeouts.delete negative", config: dedicated("  cu_size = 1\n  timeouts {\n    delete = \"-5m\"\n  }\n"),
			want: []string{"Invalid timeout", "timeouts.delete", `"-5m"`, "positive duration"}},
		{name: "control: timeouts.update 1s plans", config: dedicated("  cu_size = 1\n  timeouts {\n    update = \"1s\"\n  }\n"),
			planOK: true},
		{name: "cu_size on Serverless", config: pb + resourceWith(e, "  cluster_name = \"ok\"\n  plan = \"Serverless\"\n  cu_size = 2\n"),
			want: []string{"cu_size not allowed", "cu_size is 2", `"Serverless"`}},
		{name: "cu_type on Free", config: pb + resourceWith(e, "  cluster_name = \"ok\"\n  plan = \"Free\"\n  cu_type = \"Cost-optimized\"\n"),
			want: []string{"cu_type not allowed", `"Cost-optimized"`, `"Free"`}},
		{name: "unknown plan", config: pb + resourceWith(e, "  cluster_name = \"ok\"\n  plan = \"Premium\"\n  cu_size = 1\n"),
			want: []string{"plan", "Premium", "Standard"}},
		{name: "plan in the wrong case", config: pb + resourceWith(e, "  cluster_name = \"ok\"\n  plan = \"standard\"\n  cu_size = 1\n"),
			want: []string{"plan", "standard"}},
		{name: "unknown cu_type", config: dedicated("  cu_size = 1\n  cu_type = \"Memory-optimized\"\n"),
			want: []string{"cu_type", "Memory-optimized", "Performance-optimized"}},
		{name: "malformed project_id", config: pb + `
resource "zilliz_cluster" "test" {
  cluster_name = "ok"
  project_id   = "project/../1"
  plan         = "Standard"
  cu_size      = 1
}
`, want: []string{"project_id", "proj-", "project/../1"}},
	}
	for _, r := range []string{"../aws-us-west-2", "aws-us-west-2/..", "aws-us-west-2?x=1", "aws-us-west-2#f", "aws%2fus", "aws us", "AWS-US-WEST-2", "aws-ü", ""} {
		cases = append(cases, badInput{name: fmt.Sprintf("region_id %q", r),
			config: dedicated(fmt.Sprintf("  cu_size = 1\n  region_id = %q\n", r)), want: []string{"region_id", "Invalid region id", fmt.Sprintf("%q", r)}})
	}
	for _, id := range []string{"in01-abc/drop", "..", "in01-abc?x", "in01-abc#x", "in01-%2e%2e", "in01 abc", "in01-ünï", ""} {
		cases = append(cases, badInput{name: fmt.Sprintf("data source id %q", id),
			config: pb + fmt.Sprintf("data \"zilliz_cluster\" \"x\" {\n  id = %q\n}\n", id), want: []string{"id", "Invalid cluster id", fmt.Sprintf("%q", id)}})
	}
	for _, tc := range []struct{ name, endpoint, says string }{
		{"endpoint not a URL", "not a url {region}", "not an absolute https:// URL"},
		{"endpoint not a URL, without {region}", "not a url", "not an absolute https:// URL"},
		{"endpoint without scheme", "controller.api.{region}.zillizcloud.com", "not an absolute https:// URL"},
		// The mock's own address, so that a request it let through would show.
		{"endpoint without {region}", strings.TrimSuffix(e.endpoint, "/{region}"), "must contain the {region} placeholder"},
		{"endpoint plain http to a non-loopback host", "http://controller.api.{region}.zillizcloud.com", "plain http"},
		{"endpoint plain http to a private address", "http://10.1.2.3/{region}", "plain http"},
		{"endpoint with credentials", "https://user:secret@controller.api.{region}.zillizcloud.com", "credentials"},
	} {
		cases = append(cases, badInput{name: tc.name, config: providerWith(mockserver.DefaultAPIKey, e.region, tc.endpoint) + resourceWith(e, `  cluster_name = "ok"
  plan = "Standard"
  cu_size = 1
`), want: []string{"endpoint", tc.says, fmt.Sprintf("%q", tc.endpoint)}})
	}
	cases = append(cases,
		badInput{name: "ZILLIZ_ENDPOINT plain http", env: map[string]string{"ZILLIZ_ENDPOINT": "http://controller.api.{region}.zillizcloud.com"},
			config: fmt.Sprintf("provider \"zilliz\" {\n  api_key = %q\n  cloud_region = %q\n}\n", mockserver.DefaultAPIKey, e.region) +
				resourceWith(e, "  cluster_name = \"ok\"\n  plan = \"Standard\"\n  cu_size = 1\n"),
			want: []string{"ZILLIZ_ENDPOINT", "plain http"}},
		badInput{name: "cloud_region with a path", config: providerWith(mockserver.DefaultAPIKey, "aws-us-west-2/../x", e.endpoint) +
			resourceWith(e, "  cluster_name = \"ok\"\n  plan = \"Standard\"\n  cu_size = 1\n"),
			want: []string{"cloud_region", "Invalid region id", `"aws-us-west-2/../x"`}},
	)

	planRefused(t, e, cases)
}

// planRefused plans each case, in one working directory, with its environment,
// and checks that it is refused as checkRefused says (or plans, for a control).
func planRefused(t *testing.T, e *accEnv, cases []badInput) {
	t.Helper()
	c := e.cli(t, "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			e.mock.ResetLog()
			c.Write(terraformBlock + tc.config)
			r := c.Run("plan", "-input=false", "-json")
			checkRefused(t, e, r, tc.planOK, tc.want)
			if n := len(r.Errors()); tc.errors > 0 && n != tc.errors {
				t.Errorf("%d errors, want %d:\n%s", n, tc.errors, errorText(r))
			}
			if et := errorText(r); strings.Contains(et, "always an error in the provider") {
				t.Errorf("bad input answered with an error that blames the provider:\n%s", et)
			}
		})
	}
}

// checkRefused asserts a plan or import failed naming everything in want, and
// that the mock saw no request at all.
func checkRefused(t *testing.T, e *accEnv, r acctest.Result, wantOK bool, want []string) {
	t.Helper()
	if wantOK {
		if r.Err != nil {
			t.Fatalf("refused a valid input:\n%s", errorText(r))
		}
		return
	}
	if r.Err == nil || len(r.Errors()) == 0 {
		t.Fatalf("accepted bad input:\n%s", r.Output)
	}
	// The diagnostics with their snippets (the attribute's line), as -json prints them.
	var diags strings.Builder
	for _, line := range strings.Split(r.Stdout, "\n") {
		if strings.Contains(line, `"type":"diagnostic"`) {
			diags.WriteString(line + "\n")
		}
	}
	text := errorText(r) + diags.String()
	for _, w := range want {
		if !strings.Contains(text, w) && !strings.Contains(text, jsonEscaped(w)) {
			t.Errorf("error does not name %q:\n%s", w, errorText(r))
		}
	}
	if reqs := e.mock.Requests(); len(reqs) != 0 {
		for i := range reqs {
			t.Errorf("bad input still sent %s %s", reqs[i].Method, reqs[i].Path)
		}
	}
}

func jsonEscaped(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%q", s), `"`), `"`)
}

// Malformed import ids, through `terraform import` and through an import block.
func TestAccBadInput_importIDs(t *testing.T) {
	t.Parallel()
	e := newMockEnv(t, mockserver.Config{})
	c := e.cli(t, dedicatedConfig(e, clusterName(), 1, ""))
	ids := []string{
		"", " ", "in01 abc", "in01-abc ", "in01-abc?x=1", "in01-abc#frag", "in01-%2e%2e", "in01-abc%2Fdrop", "..", "../in01-abc",
		"aws-us-west-2/..", "aws-us-west-2/../in01-abc", "in01-abc/", "/in01-abc", "aws-us-west-2/in01-abc/drop", "a/b/c",
		"in01-ünïcode", "集群", "AWS-US-WEST-2/in01-abc", "aws-us-west-2//in01-abc", "in01-abc\t",
	}
	for _, id := range ids {
		t.Run(fmt.Sprintf("import %q", id), func(t *testing.T) {
			e.mock.ResetLog()
			r := c.Run("import", "-input=false", "-no-color", res, id)
			checkRefusedText(t, e, r, []string{"Invalid import id", fmt.Sprintf("%q", id)})
		})
	}
	for _, id := range []string{"../in01-abc", "in01-abc?x=1", "aws-us-west-2/in01-abc/drop"} {
		t.Run(fmt.Sprintf("import block %q", id), func(t *testing.T) {
			e.mock.ResetLog()
			e.rewrite(c, dedicatedConfig(e, clusterName(), 1, "")+fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", res, id))
			r := c.Run("plan", "-input=false", "-json")
			checkRefused(t, e, r, false, []string{"Invalid import id", fmt.Sprintf("%q", id)})
		})
	}
	if st := readState(t, c); len(st) != 0 {
		t.Errorf("a refused import left %+v in state", st)
	}
}

// checkRefusedText is checkRefused for commands without -json (terraform import has none).
func checkRefusedText(t *testing.T, e *accEnv, r acctest.Result, want []string) {
	t.Helper()
	if r.Err == nil {
		t.Fatalf("accepted bad input:\n%s", r.Output)
	}
	flat := strings.Join(strings.Fields(r.Output), " ")
	for _, w := range want {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("error does not name %q:\n%s", w, r.Output)
		}
	}
	reqs := e.mock.Requests()
	for i := range reqs {
		t.Errorf("bad input still sent %s %s", reqs[i].Method, reqs[i].Path)
	}
}
