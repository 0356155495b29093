package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/acctest"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/mockserver"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// Helpers of the reliability tests (faults, lost answers, soak, cancellation,
// secrets, bad input). All of them are mock-only.

// newMockEnvTuned is newMockEnv with the client configuration adjusted after
// fastClient (e.g. a short RequestTimeout), and a tap on the mock that keeps
// the bodies of create answers, where the only copy of each password travels.
func newMockEnvTuned(t *testing.T, cfg mockserver.Config, tune func(*zilliz.Config)) (*accEnv, *tap) {
	t.Helper()
	e := newMockEnv(t, cfg)
	tp := &tap{h: e.mock} // in front of the same mock, on a server of its own
	srv := httptest.NewServer(tp)
	t.Cleanup(srv.Close)
	e.endpoint = mockEndpoint(srv.URL+"/{region}", e.apiVersion)
	e.factory = provider.NewWithClientConfig("acctest", func(c *zilliz.Config) {
		fastClient(c)
		if tune != nil {
			tune(c)
		}
	})
	return e, tp
}

// tap passes requests to the mock and keeps what create answered.
type tap struct {
	h         http.Handler
	mu        sync.Mutex
	passwords []string
}

func (tp *tap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tw := &teeWriter{ResponseWriter: w}
	tp.h.ServeHTTP(tw, r)
	if !strings.Contains(r.URL.Path, "/v1/clusters/create") && !strings.Contains(r.URL.Path, "/v2/clusters/create") {
		return
	}
	var env struct {
		Data struct {
			Password string `json:"password"`
		} `json:"data"`
	}
	if json.Unmarshal(tw.buf.Bytes(), &env) == nil && env.Data.Password != "" {
		tp.mu.Lock()
		tp.passwords = append(tp.passwords, env.Data.Password)
		tp.mu.Unlock()
	}
}

// Passwords returns every password the mock handed out, including answers the client never got.
func (tp *tap) Passwords() []string {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return append([]string(nil), tp.passwords...)
}

type teeWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.buf.Write(b)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (the mock hijacks it to drop it).
func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// stateInstance is one zilliz_cluster instance of the local state file.
type stateInstance struct {
	Address string
	Status  string // "tainted" or ""
	Attrs   map[string]any
}

func (s stateInstance) str(name string) string {
	v, _ := s.Attrs[name].(string)
	return v
}

// readState reads terraform.tfstate of the working directory, without running terraform.
func readState(t *testing.T, c *acctest.CLI) []stateInstance {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(c.Dir, "terraform.tfstate"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				IndexKey   any            `json:"index_key"`
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("state file: %v", err)
	}
	var out []stateInstance
	for _, r := range st.Resources {
		if r.Mode != "managed" || r.Type != "zilliz_cluster" {
			continue
		}
		for _, in := range r.Instances {
			addr := r.Type + "." + r.Name
			if in.IndexKey != nil {
				addr += fmt.Sprintf("[%v]", in.IndexKey)
			}
			out = append(out, stateInstance{Address: addr, Status: in.Status, Attrs: in.Attributes})
		}
	}
	return out
}

// stateMatchesMock compares the clusters in state with the clusters that exist in the
// mock (any status but DELETED) in the env's region: the same ids, each once, with the
// same cu_size. It returns "" when they match, else what differs.
func stateMatchesMock(t *testing.T, e *accEnv, c *acctest.CLI) string {
	t.Helper()
	inState := map[string]stateInstance{}
	var problems []string
	for _, in := range readState(t, c) {
		id := in.str("id")
		if _, dup := inState[id]; dup {
			problems = append(problems, "cluster "+id+" is in state twice")
		}
		inState[id] = in
	}
	exists := map[string]*mockserver.Cluster{}
	clusters := e.mock.Clusters(e.region)
	for i := range clusters {
		if cl := &clusters[i]; cl.Status != "DELETED" {
			exists[cl.ClusterID] = cl
		}
	}
	for id, cl := range exists {
		in, ok := inState[id]
		if !ok {
			problems = append(problems, fmt.Sprintf("cluster %s (%s) exists but is not in state: orphaned", id, cl.Status))
			continue
		}
		if cu, _ := in.Attrs["cu_size"].(float64); int(cu) != cl.CUSize { // missing or null: 0
			problems = append(problems, fmt.Sprintf("cluster %s: cu_size %v in state, %d in the mock", id, cu, cl.CUSize))
		}
	}
	for id, in := range inState {
		if _, ok := exists[id]; !ok {
			problems = append(problems, fmt.Sprintf("%s holds cluster %s, which does not exist", in.Address, id))
		}
	}
	sort.Strings(problems)
	return strings.Join(problems, "; ")
}

// requireStateMatchesMock fails the test when state and mock disagree.
func requireStateMatchesMock(t *testing.T, e *accEnv, c *acctest.CLI) {
	t.Helper()
	if p := stateMatchesMock(t, e, c); p != "" {
		t.Fatalf("state does not match the mock: %s", p)
	}
}

// errorText joins the error diagnostics, for matching.
func errorText(r acctest.Result) string {
	var b strings.Builder
	for _, d := range r.Errors() {
		b.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

// faultsAnswered counts logged requests the mock answered with a fault: anything
// but HTTP 200 (the mock answers business codes at 200), or nothing at all.
func faultsAnswered(reqs []mockserver.Request) map[string]int {
	out := map[string]int{}
	for i := range reqs {
		switch r := &reqs[i]; r.HTTPStatus {
		case http.StatusOK:
		case 0:
			out["no answer (dropped connection)"]++
		default:
			out[fmt.Sprintf("HTTP %d", r.HTTPStatus)]++
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// rewrite replaces the configuration of a working directory made by e.cli.
func (e *accEnv) rewrite(c *acctest.CLI, config string) { c.Write(e.withProvider(config)) }
