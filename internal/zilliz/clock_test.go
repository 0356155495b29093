package zilliz

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// realClock lists the tests under internal/ that sleep on the real clock
// outside a synctest bubble, each with why it must: a real process or a
// real connection, whose time no bubble can control. Anything else that
// sleeps is a test that waits for real time it could simulate.
var realClock = map[string]string{
	"mockserver/server_test.go:waitFor":                             "polls a loopback server that logs after the connection ends",
	"mockserver/cmd/zilliz-mock/main_test.go:TestRunServesAndStops": "waits for the zilliz-mock server to start and log",
	"mockserver/clusters_test.go:TestLifecycleRealClock":            "the mock's transitions on the real clock, on purpose",
}

// No test under internal/ sleeps on the real clock outside a synctest bubble,
// except those realClock names; and every name there still does.
func TestNoRealSleepsOutsideABubble(t *testing.T) {
	found := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel("..", path)
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, fn := range realSleeps(f) {
			found[filepath.ToSlash(rel)+":"+fn] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for at := range found {
		if _, ok := realClock[at]; !ok {
			t.Errorf("%s sleeps on the real clock outside a synctest bubble: run it in synctest.Test", at)
		}
	}
	for at := range realClock {
		if !found[at] {
			t.Errorf("%s no longer sleeps outside a bubble: drop it from realClock", at)
		}
	}
}

// The scan tells a sleep in a bubble, or in a helper only bubbles call, from
// one outside.
func TestRealSleepsScan(t *testing.T) {
	const src = `package x

import (
	"testing"
	"testing/synctest"
	tm "time"
)

func TestInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { tm.Sleep(1); helper() })
}

func helper() { tm.Sleep(1) }

func TestOutside(t *testing.T) { tm.Sleep(1) }

func shared() { tm.Sleep(1) }

func TestShared(t *testing.T) {
	shared()
	synctest.Test(t, func(t *testing.T) { shared() })
}

func TestLiteralOutside(t *testing.T) {
	go func() { tm.Sleep(1) }()
}
`
	f, err := parser.ParseFile(token.NewFileSet(), "x_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := realSleeps(f)
	slices.Sort(got)
	if want := []string{"TestLiteralOutside", "TestOutside", "shared"}; !slices.Equal(got, want) {
		t.Errorf("sleeps outside a bubble in %v, want %v", got, want)
	}
}

// realSleeps names the functions of f that call time.Sleep outside a synctest
// bubble. A call is in a bubble when it is inside the function passed to
// synctest.Test, or in a function of f that is called only from bubbles.
func realSleeps(f *ast.File) []string {
	timeName, syncName := "", ""
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		switch p {
		case "time":
			timeName = name
		case "testing/synctest":
			syncName = name
		}
	}
	if timeName == "" {
		return nil
	}
	isCall := func(n ast.Node, pkg, fn string) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		s, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		id, ok := s.X.(*ast.Ident)
		return ok && id.Name == pkg && s.Sel.Name == fn
	}
	// For each function of f: whether it sleeps outside a bubble of its own,
	// and the functions of f it calls, each outside or inside a bubble.
	type use struct {
		sleeps bool
		calls  map[string]bool // callee -> called outside a bubble (at least once)
	}
	uses := map[string]*use{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		u := &use{calls: map[string]bool{}}
		uses[fd.Name.Name] = u
		var walk func(n ast.Node, inBubble bool)
		walk = func(n ast.Node, inBubble bool) {
			ast.Inspect(n, func(n ast.Node) bool {
				if syncName != "" && isCall(n, syncName, "Test") {
					for _, a := range n.(*ast.CallExpr).Args {
						walk(a, true)
					}
					return false
				}
				if isCall(n, timeName, "Sleep") && !inBubble {
					u.sleeps = true
				}
				if c, ok := n.(*ast.CallExpr); ok {
					if id, ok := c.Fun.(*ast.Ident); ok {
						u.calls[id.Name] = u.calls[id.Name] || !inBubble
					}
				}
				return true
			})
		}
		walk(fd.Body, false)
	}
	// A helper is bubbled when every caller calls it from a bubble or is
	// itself bubbled; tests (no callers in f) are not.
	bubbled := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for name := range uses {
			if bubbled[name] {
				continue
			}
			callers, all := 0, true
			for caller, u := range uses {
				outside, ok := u.calls[name]
				if !ok {
					continue
				}
				callers++
				if outside && !bubbled[caller] {
					all = false
				}
			}
			if callers > 0 && all {
				bubbled[name], changed = true, true
			}
		}
	}
	var out []string
	for name, u := range uses {
		if u.sleeps && !bubbled[name] {
			out = append(out, name)
		}
	}
	return out
}
