package provider_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// The fault matrix: every operation of zilliz_cluster against every kind of fault
// a gateway or the API produces, injected once on the operation's own request.
//
// Which faults are transient is the client's rule (isTransient in internal/zilliz):
// no answer at all (dropped connection, a per-attempt timeout) and HTTP 408, 425,
// 429, 500, 502, 503 and 504 without a business code are retried; everything that
// arrives with a business code, and a body that is not an envelope under any other
// HTTP status (200 and 4xx included), is permanent. The mock answers a Body fault
// with HTTP 500 unless told otherwise, so every row names its status.
//
// Transient rows must succeed after exactly one retry; permanent rows must fail
// without a retry, with an error that names what happened; in every cell the state
// afterwards holds exactly the clusters that exist in the mock, with their cu_size,
// and the mock never holds more than the one cluster of the row.

// matrixRequestTimeout is the client's per-attempt timeout in these tests, and slowAnswer
// a latency beyond it.
const (
	matrixRequestTimeout = time.Second
	slowAnswer           = 3 * time.Second
)

type faultCase struct {
	name      string
	fault     mockserver.Fault // Route is set per operation
	transient bool
	says      string // what the error of a permanent fault must contain
}

var faultCases = []faultCase{
	{name: "HTTP 429 + Retry-After: 1 (HTML body)", fault: mockserver.Fault{HTTPStatus: 429, RetryAfter: "1"}, transient: true},
	{name: "HTTP 500 (HTML body)", fault: mockserver.Fault{HTTPStatus: 500}, transient: true},
	{name: "HTTP 502 (HTML body)", fault: mockserver.Fault{HTTPStatus: 502}, transient: true},
	{name: "HTTP 503 (HTML body)", fault: mockserver.Fault{HTTPStatus: 503}, transient: true},
	{name: "HTTP 504 (HTML body)", fault: mockserver.Fault{HTTPStatus: 504}, transient: true},
	{name: "HTTP 502, empty body", fault: mockserver.Fault{HTTPStatus: 502, Body: ptr("")}, transient: true},
	{name: "dropped connection", fault: mockserver.Fault{DropConnection: true}, transient: true},
	{name: fmt.Sprintf("answer slower than the request timeout (%s > %s)", slowAnswer, matrixRequestTimeout),
		fault: mockserver.Fault{Latency: slowAnswer}, transient: true},
	{name: "non-JSON body, HTTP 200", fault: mockserver.Fault{HTTPStatus: 200, Body: ptr("<html><body>Scheduled maintenance</body></html>")},
		says: "HTTP 200 OK: response body is not a JSON envelope (text/html"},
	{name: "empty body, HTTP 200", fault: mockserver.Fault{HTTPStatus: 200, Body: ptr("")}, says: "HTTP 200 OK: empty response body"},
	{name: "non-JSON body, HTTP 403", fault: mockserver.Fault{HTTPStatus: 403, Body: ptr("<html>Forbidden</html>")},
		says: "HTTP 403 Forbidden: response body is not a JSON envelope"},
	{name: "HTTP 200 with unknown code 99999", fault: mockserver.Fault{HTTPStatus: 200, Code: 99999, Message: "unexpected internal state"},
		says: "code 99999: unexpected internal state"},
}

type matrixOp struct {
	name    string // column
	route   string // the request the fault hits
	summary string // error summary of a permanent failure
}

var matrixOps = []matrixOp{
	{"create", mockserver.RouteCreate, "Unable to create cluster"},
	{"read (refresh)", mockserver.RouteDescribe, "Unable to read cluster"},
	{"update", mockserver.RouteModify, "Unable to modify cluster"},
	{"delete", mockserver.RouteDrop, "Unable to drop cluster"},
}

func TestAccFaultMatrix(t *testing.T) {
	t.Parallel()
	if realCloud() {
		t.Skip("mock-only test")
	}
	var mu sync.Mutex
	results := map[string]map[string]string{}
	t.Run("fault", func(t *testing.T) {
		for _, fc := range faultCases {
			t.Run(fc.name, func(t *testing.T) {
				t.Parallel()
				cells := runFaultRow(t, fc)
				mu.Lock()
				results[fc.name] = cells
				mu.Unlock()
			})
		}
	})
	table := formatMatrix(results)
	t.Log("fault matrix:\n" + table)
	if p := os.Getenv("MATRIX_OUT"); p != "" {
		if err := os.WriteFile(p, []byte(table), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// runFaultRow applies, refreshes, updates and destroys one cluster, with fc injected
// once on each operation's request, and returns the outcome per operation.
func runFaultRow(t *testing.T, fc faultCase) map[string]string {
	e, _ := newMockEnvTuned(t, mockserver.Config{}, func(c *zilliz.Config) { c.RequestTimeout = matrixRequestTimeout })
	name := clusterName()
	c := e.cli(t, dedicatedConfig(e, name, 1, ""))
	cells := map[string]string{}

	do := func(op matrixOp, args ...string) bool {
		t.Helper()
		e.mock.ResetLog()
		f := fc.fault
		f.Route = op.route
		e.mock.InjectFault(f)
		start := time.Now()
		r := c.Run(append(args, "-auto-approve", "-input=false", "-json")...)
		took := time.Since(start)
		e.mock.ClearFaults()
		var hits []mockserver.Request
		reqs := e.mock.Requests()
		for i := range reqs {
			if reqs[i].Route == op.route {
				hits = append(hits, reqs[i])
			}
		}
		lookups := e.mock.Count(mockserver.RouteList)

		var cell string
		ok := r.Err == nil
		if fc.transient {
			cell = "ok"
			if !ok {
				cell = "FAILED"
				t.Errorf("%s: transient fault not survived:\n%s", op.name, errorText(r))
			}
			if len(hits) != 2 {
				t.Errorf("%s: %d %s requests, want 2 (one retry)", op.name, len(hits), op.route)
			}
			if f.RetryAfter != "" && len(hits) >= 2 {
				if gap := hits[1].Time.Sub(hits[0].Time); gap < 900*time.Millisecond {
					t.Errorf("%s: retried %s after a 429 with Retry-After: 1", op.name, gap)
				}
			}
		} else {
			cell = "error"
			if ok {
				cell = "SUCCEEDED"
				t.Errorf("%s: succeeded despite a permanent fault", op.name)
			} else if et := errorText(r); !strings.Contains(et, op.summary) || !strings.Contains(et, fc.says) {
				t.Errorf("%s: error does not say %q / %q:\n%s", op.name, op.summary, fc.says, et)
			}
			if len(hits) != 1 {
				t.Errorf("%s: %d %s requests, want 1 (no retry of a permanent failure)", op.name, len(hits), op.route)
			}
		}
		cell += fmt.Sprintf(" (%s x%d", op.route, len(hits))
		if op.route == mockserver.RouteCreate && lookups > 1 { // the listing every create makes first is not counted
			cell += fmt.Sprintf(", %d lookup", lookups-1)
		}
		cell += fmt.Sprintf(") %.1fs", took.Seconds())
		if p := stateMatchesMock(t, e, c); p != "" {
			t.Errorf("%s: state does not match the mock: %s", op.name, p)
			cell += " STATE!=MOCK"
		}
		cells[op.name] = cell
		return ok
	}

	if !do(matrixOps[0], "apply") {
		c.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	}
	do(matrixOps[1], "apply", "-refresh-only")
	e.rewrite(c, dedicatedConfig(e, name, 2, ""))
	do(matrixOps[2], "apply")
	if !do(matrixOps[3], "destroy") {
		c.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	}
	requireStateMatchesMock(t, e, c)
	if all := e.mock.Clusters(e.region); len(all) != 1 || all[0].Status != "DELETED" {
		t.Errorf("mock holds %+v at the end, want exactly one DELETED cluster", all)
	}
	return cells
}

func formatMatrix(results map[string]map[string]string) string {
	var b strings.Builder
	cols := []string{"fault", "class"}
	for _, op := range matrixOps {
		cols = append(cols, op.name)
	}
	rows := [][]string{cols}
	var notes []string
	for i := range faultCases {
		fc := &faultCases[i]
		class := "transient"
		if !fc.transient {
			class = "permanent"
			notes = append(notes, fmt.Sprintf("  %-44s error names: %q", fc.name, fc.says))
		}
		row := []string{fc.name, class}
		for _, op := range matrixOps {
			cell := results[fc.name][op.name]
			if cell == "" {
				cell = "(not run)"
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	width := make([]int, len(cols))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	line := func(r []string) {
		b.WriteString("|")
		for i, c := range r {
			fmt.Fprintf(&b, " %-*s |", width[i], c)
		}
		b.WriteString("\n")
	}
	line(rows[0])
	sep := make([]string, len(cols))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range rows[1:] {
		line(r)
	}
	sort.Strings(notes)
	b.WriteString("\nEach fault is injected once on the operation's own request (create, describe, modify, drop).\n")
	b.WriteString("ok: the apply/destroy succeeded after one retry; error: it failed at once, without a retry.\n")
	b.WriteString("(route xN): requests the route received; lookup: the search by name before a create is resent\n")
	b.WriteString("(besides the listing every create makes before it is sent);\n")
	b.WriteString("then the wall time of the terraform command (apply, apply -refresh-only, apply, destroy).\n")
	b.WriteString("Every cell was checked: state = mock afterwards (same cluster ids, same cu_size, none orphaned),\n")
	b.WriteString("and no row ever left a second cluster in the mock.\n")
	b.WriteString("Permanent faults:\n" + strings.Join(notes, "\n") + "\n")
	return b.String()
}

// The never-lose, never-adopt rows: faults that do not fail a request but
// mislead whoever believes them. In every row, after each terraform run, the
// state must hold every cluster of ours that is not DELETED in the mock (none
// lost or forgotten early) and nothing that is not ours (none adopted), and no
// cluster may be dropped twice. The detailed behaviour of each row has its own
// test (named in the row).
func TestAccFaultMatrix_neverLoseNeverAdopt(t *testing.T) {
	t.Parallel()
	if realCloud() {
		t.Skip("mock-only test")
	}
	type row struct {
		name, test string
		cfg        mockserver.Config
		wantOK     bool // the run must succeed (else it must fail, keeping what exists)
		// run misleads the mock and runs terraform; theirs are clusters that are not ours.
		run func(t *testing.T, e *accEnv, c *acctest.CLI, ours mockserver.Cluster) (outcome string, theirs []string)
	}
	staleDrop := func(t *testing.T, e *accEnv, c *acctest.CLI, ours mockserver.Cluster) (string, []string) {
		e.mock.SetStatusFor(e.region, ours.ClusterID, "DELETING", time.Second, "DELETED")
		e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, ClusterID: ours.ClusterID,
			HTTPStatus: 200, Body: ptr(describeBody(t, ours))})
		return outcomeOf(c.Run("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")), nil
	}
	rows := []row{
		{name: "lost create answer while a same-named cluster exists", test: "TestAccLostResponse_createWhileNameHeld",
			run: func(t *testing.T, e *accEnv, c *acctest.CLI, ours mockserver.Cluster) (string, []string) {
				name := clusterName()
				theirs := e.mock.AddCluster(mockserver.Cluster{ClusterName: name, RegionID: e.region, CUSize: 1})
				e.rewrite(c, dedicatedConfig(e, ours.ClusterName, 1, "")+
					strings.Replace(dedicatedConfig(e, name, 1, ""), `"test"`, `"second"`, 1))
				e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteCreate, LoseResponse: true})
				return outcomeOf(c.Run("apply", "-auto-approve", "-input=false", "-json")), []string{theirs.ClusterID}
			}},
		{name: "drop of a DELETING cluster answered 80020", test: "TestAccClusterResource_dropOfDeletingCluster", run: staleDrop, wantOK: true},
		{name: "drop of a DELETING cluster answered 0 (accepted again)", test: "TestAccClusterResource_dropOfDeletingCluster",
			cfg: mockserver.Config{DropDeletingCode: 200}, run: staleDrop, wantOK: true},
		{name: "drop of a DELETING cluster answered 80000", test: "TestAccClusterResource_dropOfDeletingCluster",
			cfg: mockserver.Config{DropDeletingCode: 80000}, run: staleDrop, wantOK: true},
		{name: "80020 on every refresh call (describe)", test: "TestAccClusterResource_refreshNotFoundContradicted",
			run: func(t *testing.T, e *accEnv, c *acctest.CLI, _ mockserver.Cluster) (string, []string) {
				e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, Code: 80020, Times: -1})
				out := outcomeOf(c.Run("apply", "-refresh-only", "-auto-approve", "-input=false", "-json"))
				return out + "; " + outcomeOf(c.Run("destroy", "-auto-approve", "-input=false", "-json")), nil
			}},
		{name: "80020 on every call (key of another project)", test: "TestAccClusterResource_refreshOutOfKeyScope",
			run: func(t *testing.T, e *accEnv, c *acctest.CLI, _ mockserver.Cluster) (string, []string) {
				e.mock.HideProjects(e.projectID)
				defer e.mock.HideProjects()
				out := outcomeOf(c.Run("apply", "-refresh-only", "-auto-approve", "-input=false", "-json"))
				return out + "; " + outcomeOf(c.Run("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")), nil
			}},
		{name: "30 x 502 during a wait", test: "TestAccClusterResource_waitOutlastsTransientFailures",
			cfg: mockserver.Config{DeleteDuration: 2 * time.Second}, wantOK: true,
			run: func(t *testing.T, e *accEnv, c *acctest.CLI, ours mockserver.Cluster) (string, []string) {
				e.mock.InjectFault(mockserver.Fault{Route: mockserver.RouteDescribe, ClusterID: ours.ClusterID,
					HTTPStatus: 502, Body: ptr(""), Times: 30})
				return outcomeOf(c.Run("destroy", "-refresh=false", "-auto-approve", "-input=false", "-json")), nil
			}},
	}
	var mu sync.Mutex
	lines := []string{"| row | outcome | lost | adopted | drops | detailed in |", "| --- | --- | --- | --- | --- | --- |"}
	results := map[string]string{}
	t.Run("row", func(t *testing.T) {
		for _, r := range rows {
			t.Run(r.name, func(t *testing.T) {
				t.Parallel()
				e := newMockEnv(t, r.cfg)
				c, ours := e.applied(t, dedicatedConfig(e, clusterName(), 1, ""))
				outcome, theirs := r.run(t, e, c, ours)
				lost, adopted := lostAndAdopted(t, e, c, theirs)
				drops := e.mock.Count(mockserver.RouteDrop)
				if len(lost) > 0 || len(adopted) > 0 {
					t.Errorf("lost %v, adopted %v", lost, adopted)
				}
				if drops > 1 {
					t.Errorf("%d drops of one cluster", drops)
				}
				if ok := outcome == "ok"; ok != r.wantOK {
					t.Errorf("outcome %q, want success %v", outcome, r.wantOK)
				}
				mu.Lock()
				results[r.name] = fmt.Sprintf("| %s | %s | %d | %d | %d | %s |", r.name, outcome, len(lost), len(adopted), drops, r.test)
				mu.Unlock()
			})
		}
	})
	for _, r := range rows {
		lines = append(lines, results[r.name])
	}
	table := "never lose, never adopt:\n" + strings.Join(lines, "\n") + "\n"
	t.Log(table)
	if p := os.Getenv("MATRIX_OUT"); p != "" { // after the fault matrix's table, when make fault-matrix runs both
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = f.WriteString("\n" + table)
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			t.Error(err)
		}
	}
}

// outcomeOf is a terraform run as a matrix cell: ok, or the summaries of its errors.
func outcomeOf(r acctest.Result) string {
	if r.Err == nil {
		return "ok"
	}
	var s []string
	for _, d := range r.Errors() {
		if !slices.Contains(s, d.Summary) {
			s = append(s, d.Summary)
		}
	}
	return "error: " + strings.Join(s, ", ")
}

// lostAndAdopted compares the state with the mock: lost are clusters of ours
// (not in theirs) that are not DELETED but not in state; adopted are clusters
// in state that are theirs.
func lostAndAdopted(t *testing.T, e *accEnv, c *acctest.CLI, theirs []string) (lost, adopted []string) {
	t.Helper()
	inState := map[string]bool{}
	for _, in := range readState(t, c) {
		id := in.str("id")
		inState[id] = true
		if slices.Contains(theirs, id) {
			adopted = append(adopted, id)
		}
	}
	e.mock.HideProjects()
	all := e.mock.Clusters(e.region)
	for i := range all {
		if cl := &all[i]; cl.Status != "DELETED" && !inState[cl.ClusterID] && !slices.Contains(theirs, cl.ClusterID) {
			lost = append(lost, cl.ClusterID+" ("+cl.Status+")")
		}
	}
	return lost, adopted
}
