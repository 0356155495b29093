package mockserver

import "net/http/httptest"

// TB is the part of testing.TB that NewTestServer uses. Asking for no more keeps
// the testing package out of this library's non-test code.
type TB interface {
	Helper()
	Cleanup(func())
}

// NewTestServer starts New(cfg) on a loopback httptest server, closes it
// when the test ends, and returns the server and the provider endpoint
// template for it: "http://127.0.0.1:PORT/{region}".
func NewTestServer(t TB, cfg Config) (*Server, string) {
	t.Helper()
	s := New(cfg)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts.URL + "/{region}"
}
