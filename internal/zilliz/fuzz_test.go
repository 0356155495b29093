package zilliz

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds the response classifier arbitrary answers. Whatever arrives,
// Decode must not panic, must classify it the same way twice, must only report
// success for a success envelope under a success status, and must produce error
// text that is bounded and valid UTF-8 (it becomes a Terraform diagnostic).
// Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Add(200, "application/json", "", []byte(`{"code":200,"data":{"clusterId":"in01-abc"}}`))
	f.Add(200, "application/json", "req-1", []byte(`{"code":80020,"message":"Cluster not exist"}`))
	f.Add(401, "application/json", "", []byte(`{"code":80001,"message":"The token is illegal"}`))
	f.Add(502, "text/html", "", []byte("<html><body>502 Bad Gateway</body></html>"))
	f.Add(503, "", "", []byte(""))
	f.Add(200, "application/json", "", []byte(`{"code":"200","data":null}`))
	f.Add(503, "application/json", "", []byte(`{"code":200,"data":{}}`))
	f.Fuzz(func(t *testing.T, status int, contentType, requestID string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("X-Request-Id", requestID)
		const where = "https://controller.api.aws-us-west-2.zillizcloud.com/v1/clusters/in01-abc"
		data, err := decode("GET", where, status, h, body)
		data2, err2 := decode("GET", where, status, h, body)
		if (err == nil) != (err2 == nil) || string(data) != string(data2) {
			t.Fatalf("Decode is not deterministic: %v / %v", err, err2)
		}
		if err == nil {
			if status >= 300 {
				t.Fatalf("success under HTTP %d", status)
			}
			var env struct {
				Code json.RawMessage `json:"code"`
			}
			var code flexInt
			if json.Unmarshal(body, &env) != nil || code.UnmarshalJSON(env.Code) != nil || (code != 200 && code != 0) {
				t.Fatalf("success for a body without code 0 or 200: %q", body)
			}
			if len(data) > 0 && !json.Valid(data) {
				t.Fatalf("success payload is not JSON: %q", data)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %T is not an *Error", err)
		}
		if e.Method != "GET" || e.URL != where || e.HTTPStatus != status {
			t.Fatalf("error lost the call: %+v", e)
		}
		if e.Code == http.StatusOK {
			t.Fatalf("an error carries the success code: %+v", e)
		}
		if e.Code == 0 && e.Message == "" {
			t.Fatalf("an error without code has no message")
		}
		msg := err.Error()
		if !utf8.ValidString(msg) {
			t.Fatalf("error text is not valid UTF-8: %q", msg)
		}
		if len(msg) > len(where)+600 {
			t.Fatalf("error text is %d bytes long", len(msg))
		}
		if isTransient(err) && e.Code != 0 && e.HTTPStatus != http.StatusTooManyRequests {
			t.Fatalf("business code %d classified transient", e.Code)
		}
	})
}
