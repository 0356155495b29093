package zilliz

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// tuned names the client's tuned constants, by package directory below
// internal/zilliz. Each cites in its comment (its own, or its const block's)
// the BENCHMARKS.md row that chose it, or says that no row tells it apart.
var tuned = map[string][]string{
	".": {"maxThrottleRetries", "interruptGrace"},
	"pacing": {"minRate", "maxRate", "startWindow", "openWindow", "slowStartStall", "rateWindow", "episodeGap",
		"episodeGapCalls", "measureSpan", "measureMin", "estShrink", "cutGap", "underShare", "cutWhen", "climbFast",
		"climbBack", "probeCalls", "probeGrow", "maxTogether"},
	"listing": {"MaxAge", "RoundHold", "listPause", "WaitShare", "lineHold"},
	"poll":    {"First", "Growth", "Cap", "ScoutGrowth", "estimatorWindow"},
}

// citation is how a comment names a row: BENCHMARKS.md "<heading>" row
// "<row>", the row being the start of a line in the section under the
// first heading that contains <heading>.
var citation = regexp.MustCompile(`BENCHMARKS\.md "([^"]+)" row "([^"]+)"((?: and row "[^"]+")*)`)

var andRow = regexp.MustCompile(`and row "([^"]+)"`)

// untold is what a constant's comment says when no row can tell it apart.
const untold = "No BENCHMARKS.md row tells"

// Every tuned constant cites a BENCHMARKS.md row or says none tells it apart,
// and every citation in the client's code names a row that exists.
func TestTunedConstantsCiteBenchmarkRows(t *testing.T) {
	bench, err := os.ReadFile("../../BENCHMARKS.md")
	if err != nil {
		t.Fatal(err)
	}
	for dir, names := range tuned {
		comments := constComments(t, dir)
		for _, name := range names {
			c, ok := comments[name]
			switch {
			case !ok:
				t.Errorf("%s: no constant %s", dir, name)
			case !citation.MatchString(c) && !strings.Contains(c, untold):
				t.Errorf("%s: %s cites no BENCHMARKS.md row, nor says %q", dir, name, untold)
			}
			for _, err := range checkCitations(string(bench), c) {
				t.Errorf("%s: %s: %v", dir, name, err)
			}
		}
	}
	// Citations anywhere else in the client's code must hold too.
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, err := range checkCitations(string(bench), commentText(string(src))) {
			t.Errorf("%s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A citation of a section or row that BENCHMARKS.md lacks fails.
func TestMadeUpCitationsFail(t *testing.T) {
	const bench = "# B\n\n## Runs\n\n### Run of day 1\n\n| rate | wall |\n| 5/s | 40 s |\n\n### Run of day 2\n\n| 9/s | 1 s |\n"
	for c, ok := range map[string]bool{
		`BENCHMARKS.md "Run of day 1" row "| 5/s |"`:                  true,
		`BENCHMARKS.md "Run of day 1" row "| 5/s |" and row "| rate"`: true,
		`BENCHMARKS.md "Run of day 1" row "| 9/s |"`:                  false, // another section's row
		`BENCHMARKS.md "Run of day 3" row "| 5/s |"`:                  false, // no such section
		`BENCHMARKS.md "Run of day 1" row "| 5/s |" and row "| 7/s"`:  false,
		`BENCHMARKS.md "Runs" row "| 9/s |"`:                          true, // a subsection is in its section
	} {
		if errs := checkCitations(bench, c); (len(errs) == 0) != ok {
			t.Errorf("%s: errors %v, want ok=%t", c, errs, ok)
		}
	}
}

// checkCitations checks each citation in text against bench.
func checkCitations(bench, text string) []error {
	var errs []error
	for _, m := range citation.FindAllStringSubmatch(text, -1) {
		rows := []string{m[2]}
		for _, r := range andRow.FindAllStringSubmatch(m[3], -1) {
			rows = append(rows, r[1])
		}
		section, ok := sectionOf(bench, m[1])
		if !ok {
			errs = append(errs, fmt.Errorf("BENCHMARKS.md has no heading containing %q", m[1]))
			continue
		}
		for _, row := range rows {
			if !strings.Contains("\n"+section, "\n"+row) {
				errs = append(errs, fmt.Errorf("BENCHMARKS.md section %q has no row starting %q", m[1], row))
			}
		}
	}
	return errs
}

// sectionOf is the text under the first heading of bench that contains
// heading, up to the next heading of its level or above.
func sectionOf(bench, heading string) (string, bool) {
	lines := strings.Split(bench, "\n")
	for i, l := range lines {
		level := len(l) - len(strings.TrimLeft(l, "#"))
		if level == 0 || !strings.Contains(l, heading) {
			continue
		}
		end := len(lines)
		for j := i + 1; j < len(lines); j++ {
			if lv := len(lines[j]) - len(strings.TrimLeft(lines[j], "#")); lv > 0 && lv <= level {
				end = j
				break
			}
		}
		return strings.Join(lines[i+1:end], "\n"), true
	}
	return "", false
}

// constComments maps each constant of the package in dir to its comments
// (its own, and its const block's), on one line.
func constComments(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				v := s.(*ast.ValueSpec)
				text := g.Doc.Text() + " " + v.Doc.Text() + " " + v.Comment.Text()
				for _, n := range v.Names {
					out[n.Name] = oneLine(text)
				}
			}
		}
	}
	return out
}

// commentText is the text of every // comment of src, on one line.
func commentText(src string) string {
	var b strings.Builder
	for _, l := range strings.Split(src, "\n") {
		if i := strings.Index(l, "// "); i >= 0 {
			b.WriteString(l[i+3:] + " ")
		}
	}
	return oneLine(b.String())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
