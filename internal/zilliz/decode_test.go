package zilliz

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDecode is the classification table: what each kind of answer becomes,
// and whether the client retries it.
func TestDecode(t *testing.T) {
	const where = "https://controller.api.aws-us-west-2.zillizcloud.com/v1/clusters/in01-abc"
	html := "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"
	for _, tc := range []struct {
		name      string
		status    int
		ctype     string
		header    map[string]string
		body      string
		ok        bool   // a success
		wantData  string // success: the payload
		code      int    // failure: the business code (0: none)
		msg       string // failure: substring of the message
		requestID string
		transient bool
		is        []error
		isNot     []error
	}{
		{name: "success", status: 200, body: `{"code":200,"data":{"clusterId":"in01-abc"}}`, ok: true, wantData: `{"clusterId":"in01-abc"}`},
		{name: "success with string code", status: 200, body: `{"code":"200","data":[1,2]}`, ok: true, wantData: `[1,2]`},
		{name: "success without data", status: 200, body: `{"code":200}`, ok: true, wantData: ``},
		{name: "success at HTTP 201", status: 201, body: `{"code":200,"data":true}`, ok: true, wantData: `true`},
		{
			name: "business code at HTTP 200", status: 200, body: `{"code":80020,"message":"Cluster not exist or you don't have permission.","requestId":"req-1"}`,
			code: 80020, msg: "Cluster not exist", requestID: "req-1", is: []error{ErrNotFound}, isNot: []error{ErrRateLimited, ErrUnauthorized},
		},
		{name: "90102 not in region", status: 200, body: `{"code":90102,"message":"not in current region"}`, code: 90102, is: []error{ErrNotFound}},
		{name: "80021 serverless", status: 200, body: `{"code":80021,"message":"Serverless cluster not support this operation."}`, code: 80021, is: []error{ErrServerlessUnsupported}, isNot: []error{ErrNotFound}},
		{name: "40013 name exists", status: 200, body: `{"code":40013,"message":"exists"}`, code: 40013, is: []error{ErrNameExists}},
		{name: "string business code", status: 200, body: `{"code":"80020","message":"gone"}`, code: 80020, is: []error{ErrNotFound}},
		{name: "unknown business code at HTTP 200", status: 200, body: `{"code":99999,"message":"something new"}`, code: 99999, msg: "something new"},
		{name: "business code under HTTP 503 is still a business error", status: 503, body: `{"code":80020,"message":"gone"}`, code: 80020, is: []error{ErrNotFound}},
		{
			name: "401 with a JSON code", status: 401, body: `{"code":80001,"message":"The token is illegal"}`,
			code: 80001, msg: "token is illegal", is: []error{ErrUnauthorized}, isNot: []error{ErrRateLimited},
		},
		{name: "401 with HTML", status: 401, ctype: "text/html", body: "<html>401</html>", msg: "not a JSON envelope", is: []error{ErrUnauthorized}},
		{
			name: "429 HTML", status: 429, ctype: "text/html", body: "<html>429 Too Many Requests</html>", header: map[string]string{"Retry-After": "3"},
			msg: "not a JSON envelope", transient: true, is: []error{ErrRateLimited},
		},
		{name: "429 empty", status: 429, body: "", msg: "empty response body", transient: true, is: []error{ErrRateLimited}},
		{name: "429 with a JSON code", status: 429, body: `{"code":429,"message":"slow down"}`, code: 429, transient: true, is: []error{ErrRateLimited}},
		{name: "500 HTML", status: 500, ctype: "text/html", body: "<html>500</html>", msg: "text/html", transient: true},
		{name: "502 HTML", status: 502, ctype: "text/html; charset=utf-8", body: html, msg: "not a JSON envelope", transient: true},
		{name: "503 empty", status: 503, body: "", msg: "empty response body", transient: true},
		{name: "503 whitespace", status: 503, body: " \n\t", msg: "empty response body", transient: true},
		{name: "504 HTML", status: 504, ctype: "text/html", body: "<html>504 Gateway Time-out</html>", transient: true},
		{name: "504 empty", status: 504, body: "", msg: "empty response body", transient: true},
		{name: "408 empty", status: 408, body: "", transient: true},
		{name: "non-JSON at HTTP 200 is permanent", status: 200, ctype: "text/html", body: html, msg: "not a JSON envelope"},
		{name: "empty at HTTP 200 is permanent", status: 200, body: "", msg: "empty response body"},
		{name: "non-JSON at HTTP 403 is permanent", status: 403, ctype: "text/html", body: "<html>Forbidden</html>", msg: "not a JSON envelope"},
		{name: "non-JSON at HTTP 404 is permanent", status: 404, body: "404 page not found", msg: "no content type"},
		{name: "JSON without code", status: 200, body: `{"message":"hello","data":{}}`, msg: "not a JSON envelope"},
		{name: "JSON null", status: 200, body: `null`, msg: "not a JSON envelope"},
		{name: "JSON array", status: 200, body: `[{"code":200}]`, msg: "not a JSON envelope"},
		{name: "code not an integer", status: 200, body: `{"code":200.5,"data":{}}`, msg: "not a JSON envelope"},
		{name: "code out of range", status: 200, body: `{"code":99999999999999999999,"message":"x"}`, msg: "not a JSON envelope"},
		{name: "success code 0", status: 200, body: `{"code":0,"data":{"clusterId":"in01-abc"}}`, ok: true, wantData: `{"clusterId":"in01-abc"}`},
		{name: "success code 0 as a string", status: 200, body: `{"code":"0","data":[]}`, ok: true, wantData: `[]`},
		{name: "success code 0 under HTTP 503", status: 503, body: `{"code":0,"data":{}}`, msg: "success envelope", transient: true},
		{name: "request id from the live requestid header", status: 200, header: map[string]string{"requestid": "live-7"}, body: `{"code":80020,"message":"gone"}`, code: 80020, requestID: "live-7", is: []error{ErrNotFound}},
		{name: "80010 name exists (v1)", status: 200, body: `{"code":80010,"message":"Duplicated ClusterName"}`, code: 80010, is: []error{ErrNameExists}, isNot: []error{ErrNotFound}},
		{name: "success envelope under HTTP 503", status: 503, body: `{"code":200,"data":{}}`, msg: "success envelope", transient: true},
		{name: "success envelope under HTTP 400", status: 400, body: `{"code":200,"data":{}}`, msg: "success envelope"},
		{name: "success envelope under HTTP 401", status: 401, body: `{"code":200,"data":{}}`, is: []error{ErrUnauthorized}},
		{name: "request id from header", status: 200, header: map[string]string{"X-Request-Id": "hdr-9"}, body: `{"code":80002,"message":"The token is invalid"}`, code: 80002, requestID: "hdr-9", is: []error{ErrUnauthorized}},
		{name: "request id from body wins", status: 200, header: map[string]string{"X-Request-Id": "hdr-9"}, body: `{"code":80002,"message":"x","requestId":"body-1"}`, code: 80002, requestID: "body-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.ctype != "" {
				h.Set("Content-Type", tc.ctype)
			}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			data, err := decode("GET", where, tc.status, h, []byte(tc.body))
			if tc.ok {
				if err != nil {
					t.Fatalf("Decode = error %v, want data %s", err, tc.wantData)
				}
				if string(data) != tc.wantData {
					t.Fatalf("data = %s, want %s", data, tc.wantData)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decode succeeded with data %s, want an error", data)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if e.Code != tc.code || e.HTTPStatus != tc.status {
				t.Errorf("code %d, HTTP %d; want code %d, HTTP %d", e.Code, e.HTTPStatus, tc.code, tc.status)
			}
			if !strings.Contains(e.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", e.Message, tc.msg)
			}
			if tc.requestID != "" && e.RequestID != tc.requestID {
				t.Errorf("request id %q, want %q", e.RequestID, tc.requestID)
			}
			if got := isTransient(err); got != tc.transient {
				t.Errorf("isTransient = %v, want %v", got, tc.transient)
			}
			for _, s := range tc.is {
				if !errors.Is(err, s) {
					t.Errorf("errors.Is(%v) = false, want true", s)
				}
			}
			for _, s := range tc.isNot {
				if errors.Is(err, s) {
					t.Errorf("errors.Is(%v) = true, want false", s)
				}
			}
			// What the user reads names the call and what went wrong.
			if msg := err.Error(); !strings.HasPrefix(msg, "GET "+where+": ") {
				t.Errorf("error %q does not start with the method and URL", msg)
			}
		})
	}
}

// Error text is bounded and valid UTF-8 whatever the server sends: diagnostics
// travel over gRPC, which refuses strings that are not UTF-8.
func TestDecodeErrorTextBoundedAndUTF8(t *testing.T) {
	long := "a" + strings.Repeat("é", 2000) // two bytes each: a cut at byte 300 splits one
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=\xff\xfe"+strings.Repeat("x", 100))
	h.Set("X-Request-Id", "id-\xff")
	for _, body := range []string{`{"code":80020,"message":"` + long + `"}`, "<html>\xff\xfe</html>"} {
		_, err := decode("GET", "https://h/p", 200, h, []byte(body))
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		if !utf8.ValidString(msg) {
			t.Errorf("error text is not valid UTF-8: %q", msg)
		}
		if len(msg) > 1000 {
			t.Errorf("error text is %d bytes long", len(msg))
		}
		var e *Error
		if errors.As(err, &e) && len(e.Message) > 300+len("...") {
			t.Errorf("the server's message is kept whole: %d bytes", len(e.Message))
		}
	}
}

func TestIsTransientAndMayHaveBeenProcessed(t *testing.T) {
	for _, tc := range []struct {
		name      string
		err       error
		transient bool
		processed bool
	}{
		{"transport error", &TransportError{Method: "GET", URL: "u", Err: errors.New("EOF")}, true, true},
		{"503", &Error{HTTPStatus: 503}, true, true},
		{"429", &Error{HTTPStatus: 429}, true, false},
		{"business code", &Error{HTTPStatus: 200, Code: 80020}, false, true},
		{"business code under 503", &Error{HTTPStatus: 503, Code: 80020}, false, true},
		{"400 without code", &Error{HTTPStatus: 400}, false, true},
		{"HTTP 200 without envelope", &Error{HTTPStatus: 200}, false, true},
		{"certificate refused", &TransportError{Method: "POST", URL: "u", Err: &url.Error{Op: "Post", URL: "u",
			Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := isTransient(tc.err); got != tc.transient {
				t.Errorf("isTransient = %v, want %v", got, tc.transient)
			}
			if got := mayHaveBeenProcessed(tc.err); got != tc.processed {
				t.Errorf("mayHaveBeenProcessed = %v, want %v", got, tc.processed)
			}
		})
	}
}
