package zilliz

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

var running = ClusterSummary{ID: "in01-abc", Name: "c1", Status: StatusRunning, RegionID: testRegion, ProjectID: "proj-1"}

// Every transient answer is retried once and the call then succeeds.
func TestRetriesTransientFailures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(t *testing.T, w http.ResponseWriter, r *http.Request)
	}{
		{"500 HTML", func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
			writeRaw(w, 500, "text/html", "<html>500</html>")
		}},
		{"502 HTML", func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
			writeRaw(w, 502, "text/html", "<html>Bad Gateway</html>")
		}},
		{"503 empty", func(_ *testing.T, w http.ResponseWriter, _ *http.Request) { writeRaw(w, 503, "", "") }},
		{"504 empty", func(_ *testing.T, w http.ResponseWriter, _ *http.Request) { writeRaw(w, 504, "", "") }},
		{"429 without Retry-After", func(_ *testing.T, w http.ResponseWriter, _ *http.Request) { writeRaw(w, 429, "", "") }},
		{"dropped connection", func(t *testing.T, w http.ResponseWriter, _ *http.Request) { hangUp() }},
		{"success envelope under 503", func(_ *testing.T, w http.ResponseWriter, _ *http.Request) {
			writeEnvelope(w, 503, 200, "", running)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, log := server(t, func(n int, w http.ResponseWriter, r *http.Request) {
					if n == 1 {
						tc.fault(t, w, r)
						return
					}
					ok(w, running)
				})
				c := newTestClient(t, srv)
				got, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc")
				if err != nil {
					t.Fatalf("Describe: %v", err)
				}
				if got.Status != StatusRunning {
					t.Errorf("status %q", got.Status)
				}
				if n := len(log.all()); n != 2 {
					t.Errorf("%d requests, want 2 (one retry)", n)
				}
			})
		})
	}
}

// A 429's Retry-After is waited out before the retry.
func TestRetry429HonoursRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, log := server(t, func(n int, w http.ResponseWriter, _ *http.Request) {
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				writeRaw(w, 429, "text/html", "<html>429 Too Many Requests</html>")
				return
			}
			ok(w, running)
		})
		c := newTestClient(t, srv)
		if _, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc"); err != nil {
			t.Fatal(err)
		}
		reqs := log.all()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		if gap := reqs[1].at.Sub(reqs[0].at); gap < 950*time.Millisecond || gap > 3*time.Second {
			t.Errorf("retry came %s after the 429, want about the 1s of Retry-After", gap)
		}
	})
}

// A per-attempt timeout is a transient failure: the slow attempt is abandoned and retried.
func TestRetryAfterPerAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, log := server(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				return
			}
			ok(w, running)
		})
		c := newTestClient(t, srv, func(c *Config) { c.RequestTimeout = 100 * time.Millisecond })
		start := time.Now()
		if _, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc"); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("took %s: the slow attempt was not abandoned at the 100ms request timeout", took)
		}
		if n := len(log.all()); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})
}

// Business codes are answers, not failures of transport: never retried.
func TestNoRetryOnBusinessCodesOrPermanentAnswers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(w http.ResponseWriter)
	}{
		{"80020", func(w http.ResponseWriter) { writeEnvelope(w, 200, 80020, "gone", nil) }},
		{"80001 under 401", func(w http.ResponseWriter) { writeEnvelope(w, 401, 80001, "The token is illegal", nil) }},
		{"unknown code 99999", func(w http.ResponseWriter) { writeEnvelope(w, 200, 99999, "new", nil) }},
		{"business code under 503", func(w http.ResponseWriter) { writeEnvelope(w, 503, 80021, "serverless", nil) }},
		{"HTML at 200", func(w http.ResponseWriter) { writeRaw(w, 200, "text/html", "<html>portal</html>") }},
		{"empty at 200", func(w http.ResponseWriter) { writeRaw(w, 200, "", "") }},
		{"HTML at 403", func(w http.ResponseWriter) { writeRaw(w, 403, "text/html", "<html>denied</html>") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, log := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) { tc.write(w) })
				c := newTestClient(t, srv)
				err := c.Clusters.Drop(context.Background(), testRegion, "in01-abc")
				if err == nil {
					t.Fatal("Drop succeeded")
				}
				if n := len(log.all()); n != 1 {
					t.Errorf("%d requests, want exactly 1: %v", n, err)
				}
			})
		})
	}
}

// Retries end, and the error names what was called but never the key.
func TestRetriesAreBounded(t *testing.T) {
	t.Run("MaxRetries 0 sends once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			srv, log := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				writeRaw(w, 503, "text/html", "<html>down</html>")
			})
			c := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 0 })
			if _, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc"); err == nil {
				t.Fatal("Describe succeeded")
			}
			if n := len(log.all()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	})
	t.Run("5xx", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			srv, log := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				writeRaw(w, 503, "text/html", "<html>down</html>")
			})
			logger := &recordingLogger{}
			c := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 3; c.Logger = logger })
			_, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc")
			if err == nil {
				t.Fatal("Describe succeeded")
			}
			if n := len(log.all()); n != 4 {
				t.Errorf("%d requests, want 4 (1 + MaxRetries)", n)
			}
			u, _ := url.Parse(srv.URL)
			checkErrorText(t, err, "GET", u.Host, "/"+testRegion+"/v1/clusters/in01-abc", "HTTP 503", "giving up after 4 attempts")
			var e *Error
			if !errors.As(err, &e) || e.HTTPStatus != 503 {
				t.Errorf("error %v does not carry HTTP 503", err)
			}
			if strings.Contains(logger.text(), testKey) {
				t.Errorf("the logs contain the API key:\n%s", logger.text())
			}
			if !strings.Contains(logger.text(), "attempt") {
				t.Errorf("the logs do not record attempts:\n%s", logger.text())
			}
		})
	})
	t.Run("connection refused", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := l.Addr().String()
			_ = l.Close()
			var tries atomic.Int32
			c, err := NewClient(Config{
				APIKey: testKey, Endpoint: "http://" + addr + "/{region}", RetryBaseDelay: time.Millisecond, MaxRetries: 2,
				HTTPClient: &http.Client{Transport: countingTransport{&tries, http.DefaultTransport}},
			})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Clusters.Drop(context.Background(), testRegion, "in01-abc")
			if err == nil {
				t.Fatal("Drop succeeded")
			}
			if n := tries.Load(); n != 3 {
				t.Errorf("%d attempts, want 3 (1 + MaxRetries)", n)
			}
			checkErrorText(t, err, "DELETE", addr, "/"+testRegion+"/v1/clusters/in01-abc/drop", "connection refused")
			var te *TransportError
			if !errors.As(err, &te) {
				t.Errorf("error %T is not a *TransportError", err)
			}
		})
	})
	t.Run("DNS failure names the host", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c, err := NewClient(Config{APIKey: testKey, Endpoint: "https://controller.api.{region}.invalid", RetryBaseDelay: time.Millisecond, MaxRetries: 1})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Clusters.Describe(context.Background(), testRegion, "in01-abc")
			checkErrorText(t, err, "GET", "controller.api."+testRegion+".invalid", "/v1/clusters/in01-abc")
		})
	})
}

// A host that does not exist is not retried: it will not appear.
func TestNoRetryOnUnknownHost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var tries atomic.Int32
		host := "controller.api." + testRegion + ".example.invalid"
		notFound := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
			tries.Add(1)
			return nil, &net.OpError{Op: "dial", Net: "tcp",
				Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}}
		c, err := NewClient(Config{APIKey: testKey, Endpoint: "https://controller.api.{region}.example.invalid",
			RetryBaseDelay: time.Millisecond, HTTPClient: &http.Client{Transport: notFound}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Clusters.Describe(context.Background(), testRegion, "in01-abc")
		if n := tries.Load(); n != 1 {
			t.Errorf("%d attempts at a host that does not exist, want 1", n)
		}
		checkErrorText(t, err, "GET", host, "no such host")
	})
}

func checkErrorText(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not contain %q", msg, w)
		}
	}
	if strings.Contains(msg, testKey) {
		t.Errorf("error %q contains the API key", msg)
	}
}

type countingTransport struct {
	n    *atomic.Int32
	next http.RoundTripper
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// The client sends the key as a Bearer token, names itself, asks for JSON, and
// escapes ids and regions into the path it was given.
func TestRequestHeadersAndPath(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, log := server(t, func(_ int, w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/modify") {
				ok(w, map[string]string{"clusterId": "in01-abc"})
				return
			}
			ok(w, running)
		})
		c := newTestClient(t, srv)
		if _, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc"); err != nil {
			t.Fatal(err)
		}
		if err := c.Clusters.Modify(context.Background(), "gcp-us-west1", "in01-abc", 4); err != nil {
			t.Fatal(err)
		}
		reqs := log.all()
		if len(reqs) != 2 {
			t.Fatalf("%d requests", len(reqs))
		}
		get, post := reqs[0], reqs[1]
		for _, r := range reqs {
			if got := r.header.Get("Authorization"); got != "Bearer "+testKey {
				t.Errorf("Authorization %q", got)
			}
			if got := r.header.Get("User-Agent"); got != "terraform-provider-zilliz/test" {
				t.Errorf("User-Agent %q", got)
			}
			if got := r.header.Get("Accept"); got != "application/json" {
				t.Errorf("Accept %q", got)
			}
		}
		if get.method != "GET" || get.rawPath != "/"+testRegion+"/v1/clusters/in01-abc" || get.body != "" {
			t.Errorf("describe sent %s %s body %q", get.method, get.rawPath, get.body)
		}
		if get.header.Get("Content-Type") != "" {
			t.Errorf("a GET without body sent Content-Type %q", get.header.Get("Content-Type"))
		}
		if post.method != "POST" || post.rawPath != "/gcp-us-west1/v1/clusters/in01-abc/modify" || post.body != `{"cuSize":4}` {
			t.Errorf("modify sent %s %s body %q", post.method, post.rawPath, post.body)
		}
		if post.header.Get("Content-Type") != "application/json" {
			t.Errorf("modify Content-Type %q", post.header.Get("Content-Type"))
		}
	})
}

// Ids and regions that could address another path are refused before any request.
func TestUnsafeIDsAndRegionsSendNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, log := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) { ok(w, running) })
		c := newTestClient(t, srv)
		ctx := context.Background()
		ids := []string{"", "in01-abc/drop", "../in01-abc", "..", "in01-abc?x=1", "in01-abc#f", "in01-%2e%2e", "in01 abc", "in01-ünï", "in01-abc\n", "-in01", "in01--abc", strings.Repeat("a", 65)}
		for _, id := range ids {
			for name, call := range map[string]func() error{
				"describe": func() error { _, err := c.Clusters.Describe(ctx, testRegion, id); return err },
				"drop":     func() error { return c.Clusters.Drop(ctx, testRegion, id) },
				"modify":   func() error { return c.Clusters.Modify(ctx, testRegion, id, 2) },
			} {
				err := call()
				if !errors.Is(err, ErrInvalidInput) {
					t.Errorf("%s(%q) = %v, want ErrInvalidInput", name, id, err)
				}
			}
		}
		for _, region := range []string{"", "aws-us-west-2/..", "..", "AWS-US", "aws us", "aws-us-west-2?x", "aws-us-west-2#", "aws%2f", "aws-ü"} {
			if _, err := c.Clusters.Describe(ctx, region, "in01-abc"); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("Describe in region %q = %v, want ErrInvalidInput", region, err)
			}
			if _, err := c.Clusters.Create(ctx, region, ClusterCreateOptions{Name: "x", ProjectID: "proj-1", Plan: PlanStandard, CUSize: 1}); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("Create in region %q = %v, want ErrInvalidInput", region, err)
			}
		}
		if n := len(log.all()); n != 0 {
			t.Errorf("%d requests were sent for invalid ids or regions: %+v", n, log.all())
		}
	})
}

// Cancelling the context ends every kind of wait at once.
func TestContextCancellationStopsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler func(n int, w http.ResponseWriter, r *http.Request)
		tune    func(*Config)
		call    func(ctx context.Context, c *Client) error
		inErr   string        // the error also says this
		grace   time.Duration // how long past the cancel the call may take
	}{
		{
			name:    "backoff between 5xx retries",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) { writeRaw(w, 503, "", "") },
			tune:    func(c *Config) { c.RetryBaseDelay = time.Minute },
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Clusters.Describe(ctx, testRegion, "in01-abc")
				return err
			},
		},
		{
			name: "Retry-After of a 429",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "120")
				writeRaw(w, 429, "", "")
			},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Clusters.Describe(ctx, testRegion, "in01-abc")
				return err
			},
		},
		{
			name: "request in flight",
			handler: func(_ int, _ http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(time.Minute):
				}
			},
			tune: func(c *Config) { c.RequestTimeout = time.Minute },
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Clusters.Describe(ctx, testRegion, "in01-abc")
				return err
			},
		},
		{
			// A drop once sent is given interruptGrace to be answered, no more.
			name: "drop in flight",
			handler: func(_ int, _ http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(time.Minute):
				}
			},
			tune:  func(c *Config) { c.RequestTimeout = time.Minute },
			grace: interruptGrace,
			call:  func(ctx context.Context, c *Client) error { return c.Clusters.Drop(ctx, testRegion, "in01-abc") },
		},
		{
			name: "polling for RUNNING",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				c := running
				c.Status = "CREATING"
				ok(w, c)
			},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Clusters.Wait(ctx, testRegion, "in01-abc", UntilCreated)
				return err
			},
			inErr: "CREATING", // the last status seen
		},
		{
			name: "polling for DELETED",
			handler: func(_ int, w http.ResponseWriter, _ *http.Request) {
				c := running
				c.Status = StatusDeleting
				ok(w, c)
			},
			call: func(ctx context.Context, c *Client) error {
				_, err := c.Clusters.Wait(ctx, testRegion, "in01-abc", UntilDeleted)
				return err
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, log := server(t, tc.handler)
				tune := func(*Config) {}
				if tc.tune != nil {
					tune = tc.tune
				}
				c := newTestClient(t, srv, tune)
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(400*time.Millisecond, cancel)
				start := time.Now()
				err := tc.call(ctx, c)
				took := time.Since(start)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("error %v does not wrap context.Canceled", err)
				}
				if err != nil && !strings.Contains(err.Error(), tc.inErr) {
					t.Errorf("error %q does not say %q", err, tc.inErr)
				}
				if took > 1500*time.Millisecond+tc.grace {
					t.Errorf("returned %s after the start, %s after the cancel", took, took-400*time.Millisecond)
				}
				n := len(log.all())
				time.Sleep(200 * time.Millisecond)
				if m := len(log.all()); m != n {
					t.Errorf("%d requests were sent after the call returned", m-n)
				}
			})
		})
	}
}

// A successful call's log entry carries what a failed one does: the HTTP
// status and the request id, so that a support request can name the call.
func TestSuccessLogCarriesStatusAndRequestID(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv, _ := server(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("requestid", "live-42")
			ok(w, ClusterSummary{ID: "in01-abc", Status: StatusRunning})
		})
		logger := &recordingLogger{}
		c := newTestClient(t, srv, func(c *Config) { c.Logger = logger })
		if _, err := c.Clusters.Describe(context.Background(), testRegion, "in01-abc"); err != nil {
			t.Fatal(err)
		}
		got := logger.text()
		if !strings.Contains(got, "zilliz API call succeeded") || !strings.Contains(got, `"http_status":200`) ||
			!strings.Contains(got, `"request_id":"live-42"`) {
			t.Errorf("success log lacks the status or the request id:\n%s", got)
		}
	})
}
