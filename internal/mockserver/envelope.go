package mockserver

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Envelope codes the mock answers (the wire contract's error codes).
const (
	codeOK             = 200
	codeTokenIllegal   = 80001
	codeTokenInvalid   = 80002
	codeInvalidCUType  = 80005
	codeInvalidCUSize  = 80006
	codeInvalidName    = 80009
	codeInvalidPlan    = 80013
	codeInvalidProject = 80014
	codeNotFound       = 80020
	codeServerless     = 80021
	codeOtherRegion    = 90102
	codeEmptyClusterID = 90103
	codeInvalidDomain  = 90117
	codeNameExists     = 80010
	codeNameExistsV2   = 40013
	codeInvalidSlsPlan = 90155
)

// messages are the texts answered with each code, close to the live service's.
var messages = map[int]string{
	codeTokenIllegal:   "The token is illegal",
	codeTokenInvalid:   "The token is invalid",
	codeInvalidCUType:  "Invalid cuType. Valid values: Performance-optimized, Capacity-optimized, Cost-optimized, Tiered-storage.",
	codeInvalidCUSize:  "Invalid cuSize. The cuSize should be an integer between 1 and 256.",
	codeInvalidName:    "Invalid clusterName. The clusterName should be 1 to 32 characters long.",
	codeInvalidPlan:    "Invalid plan.",
	codeInvalidProject: "Invalid projectId.",
	codeNotFound:       "Cluster not exist or you don't have permission.",
	codeServerless:     "Serverless cluster not support this operation.",
	codeOtherRegion:    "The cluster does not exist in current region.",
	codeEmptyClusterID: "The clusterId parameter is empty in the request path.",
	codeInvalidDomain:  "invalid domain name used",
	codeNameExists:     "Duplicated ClusterName",
	codeNameExistsV2:   "cluster name already exists",
	codeInvalidSlsPlan: "Invalid serverless plan. Valid values: Serverless, Free.",
}

// response is an answer not yet written; the request id is only known when
// writing, and the pipeline needs the status and code for the log.
type response struct {
	status      int
	code        int // envelope code; 0 for a raw body
	message     string
	data        any
	raw         []byte // non-JSON body, used when isRaw
	isRaw       bool
	contentType string
	retryAfter  string
	ok          bool // a success envelope, whatever its code
}

// success is {"code":200,"data":data} with HTTP 200 (the server may answer
// code 0 instead: Config.SuccessCodeZero).
func success(data any) response {
	return response{status: http.StatusOK, code: codeOK, data: data, ok: true}
}

// failure is a business error: HTTP 200 with the code in the envelope.
func failure(code int) response {
	return response{status: http.StatusOK, code: code, message: messages[code]}
}

// rawResponse is a non-JSON answer such as a gateway's HTML error page.
func rawResponse(status int, contentType, body string) response {
	return response{status: status, isRaw: true, raw: []byte(body), contentType: contentType}
}

// notFound is what Go's mux answers for an unknown route.
func notFound() response {
	return rawResponse(http.StatusNotFound, "text/plain; charset=utf-8", "404 page not found\n")
}

// rateLimited is the gateway's 429 page.
func rateLimited(retryAfter int) response {
	r := rawResponse(http.StatusTooManyRequests, "text/html", "<html><body>429 Too Many Requests</body></html>")
	r.retryAfter = strconv.Itoa(retryAfter)
	return r
}

// write sends the response and returns the HTTP status and envelope code sent.
func (r response) write(w http.ResponseWriter, requestID string) (status, code int) {
	h := w.Header()
	h.Set("requestid", requestID) // the live service's header
	if r.retryAfter != "" {
		h.Set("Retry-After", r.retryAfter)
	}
	var body []byte
	if r.isRaw {
		h.Set("Content-Type", r.contentType)
		body = r.raw
	} else {
		h.Set("Content-Type", "application/json")
		var env any
		if r.ok {
			env = struct {
				Code int `json:"code"`
				Data any `json:"data"`
			}{r.code, r.data}
		} else {
			env = struct {
				Code      int    `json:"code"`
				Message   string `json:"message"`
				RequestID string `json:"requestId"`
			}{r.code, r.message, requestID}
		}
		var err error
		if body, err = json.Marshal(env); err != nil {
			// Only the mock's own types are marshaled; failing here is a bug.
			panic(fmt.Sprintf("mockserver: marshal response: %v", err))
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(r.status)
	_, _ = w.Write(body)
	return r.status, r.code
}

// randomHex returns n random lowercase hex digits.
func randomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return hex.EncodeToString(b)[:n]
}

// newRequestID returns a fresh id for the requestid header and envelope.
func newRequestID() string { return randomHex(32) }
