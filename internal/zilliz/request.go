package zilliz

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxThrottleRetries bounds how many HTTP 429 answers one call waits out. The pacer
// keeps 429s rare, so reaching it means the API refuses us persistently. No
// BENCHMARKS.md row tells this value apart: no call of any run met more than a
// few 429s.
const maxThrottleRetries = 30

// maxBody bounds what is read of a response: the largest v1 payload is a page of clusters.
const maxBody = 8 << 20

// call is one logical API call, which may take several attempts.
type call struct {
	method string
	region string
	path   string // escaped path below the region's base URL, e.g. "/v1/clusters/in01-x"
	query  url.Values
	body   any
	// once ends the call at its first transient failure instead of retrying it,
	// for callers that have a fallback (a list page's is a describe); 429s are
	// still waited out.
	once bool
	// recover, when set, marks a call that must not be resent blindly: after a
	// failure that the server may have acted on, it runs before resending, and
	// returning true ends the call as done (the earlier attempt did the work).
	recover func(ctx context.Context) (bool, error)
	// changes names the cluster a write (any method but GET) changes. do reads
	// it once the API has answered, or failed to (an unanswered write may still
	// have been made), and records the change (Clusters.changed), so that no read
	// of that cluster is served from a listing that started before. A create's
	// names the cluster its answer, or the recovery of a lost one, showed; ""
	// records nothing. do refuses a write without it: freshness rests on this
	// one path, not on each method remembering.
	changes func() string
}

// errUnnamedWrite is a write whose call does not name what it changes.
var errUnnamedWrite = errors.New("a write must name the cluster it changes (call.changes)")

// changesOnly is the changes of a write to one known cluster.
func changesOnly(id string) func() string { return func() string { return id } }

// outcome tells a caller how its call went beyond the error.
type outcome struct {
	attempts  int
	recovered bool      // recover reported that an earlier attempt did the work
	sent      time.Time // when the last attempt went out, past the pacer: the moment its answer describes
}

// request is a call made ready to send.
type request struct {
	method  string
	url     string
	where   string // method and URL as errors and logs show them: no query, no key
	payload []byte
}

// answer is what one attempt got back.
type answer struct {
	data       json.RawMessage
	status     int // HTTP status; 0 when no response came
	requestID  string
	retryAfter time.Duration
	err        error
}

// retryBudget counts one call's retries of each kind.
type retryBudget struct{ transient, throttled int }

// do performs cl, retrying what is worth retrying, and decodes the payload of a
// success into out. Each step is a method below: prepare, send, retryDelay,
// recovered, lastCheck.
func (c *Client) do(ctx context.Context, cl call, out any) (outcome, error) {
	var res outcome
	if cl.method != http.MethodGet {
		if cl.changes == nil {
			return res, fmt.Errorf("%s %s: %w", cl.method, cl.path, errUnnamedWrite)
		}
		defer func() { c.Clusters.changed(cl.region, cl.changes()) }()
	}
	r, err := c.prepare(cl)
	if err != nil {
		return res, err
	}
	sendCtx := ctx
	if cl.recover != nil {
		var cancel context.CancelFunc
		sendCtx, cancel = withGrace(ctx)
		defer cancel()
	}
	var budget retryBudget
	unsure := false // an attempt may have taken effect without its answer coming back
	check := func(err error) error { return lastCheck(sendCtx, cl, &res, unsure, err) }
	for {
		res.attempts++
		if err := c.pacer.Wait(ctx); err != nil {
			return res, check(fmt.Errorf("%s: %w", r.where, err))
		}
		res.sent = time.Now()
		a := c.send(sendCtx, r, res.attempts)
		if a.err == nil {
			return res, r.decodeInto(a.data, out)
		}
		unsure = unsure || (isTransient(a.err) && mayHaveBeenProcessed(a.err))
		if ctx.Err() != nil {
			return res, check(fmt.Errorf("%s: %w", r.where, ctx.Err()))
		}
		wait, err := c.retryDelay(ctx, r, cl, &budget, a)
		if err != nil {
			return res, check(err)
		}
		if serr := sleep(ctx, wait); serr != nil {
			return res, check(fmt.Errorf("%w while retrying after: %w", serr, a.err))
		}
		// The check runs within the grace too: an interrupt during it must
		// not end it before it tells whether the cluster was made.
		if done, err := recovered(sendCtx, cl, a.err); done || err != nil {
			res.recovered = done
			return res, err
		}
	}
}

// lastCheck runs cl's recover once more before a call that must not be resent
// blindly ends in err after an attempt that may have taken effect unanswered
// (unsure): the last attempt's answer was lost, the caller's context ended, or
// a resend was refused because the first attempt did the work (a create's
// name is then taken by its own cluster). Without it, a create could leave a
// cluster no state records. ctx is the call's graced context (withGrace).
func lastCheck(ctx context.Context, cl call, res *outcome, unsure bool, err error) error {
	if cl.recover == nil || !unsure {
		return err
	}
	done, rerr := runRecover(ctx, cl, err)
	switch {
	case done:
		res.recovered = true
		return nil
	case rerr != nil:
		return rerr
	}
	return err
}

// prepare builds the URL of cl in its region and encodes its body.
func (c *Client) prepare(cl call) (*request, error) {
	base, err := c.baseURL(cl.region)
	if err != nil {
		return nil, err
	}
	r := &request{method: cl.method, url: base + cl.path}
	if len(cl.query) > 0 {
		r.url += "?" + cl.query.Encode()
	}
	r.where = cl.method + " " + redactURL(r.url)
	if cl.body != nil {
		if r.payload, err = json.Marshal(cl.body); err != nil {
			return nil, fmt.Errorf("%s: encoding request: %w", r.where, err)
		}
	}
	return r, nil
}

// send makes one attempt, tells the pacer how it went, and logs it.
func (c *Client) send(ctx context.Context, r *request, attempt int) answer {
	start := time.Now()
	a := c.attempt(ctx, r)
	c.pacer.Answered(a.status)
	fields := map[string]any{
		"method": r.method, "path": pathOf(r.url), "attempt": attempt,
		"elapsed_ms": time.Since(start).Milliseconds(), "http_status": a.status, "request_id": a.requestID,
	}
	var apiErr *Error
	switch {
	case a.err == nil:
		c.log.Debug(ctx, "zilliz API call succeeded", fields)
	case errors.As(a.err, &apiErr):
		fields["code"], fields["error"] = apiErr.Code, a.err.Error()
		c.log.Debug(ctx, "zilliz API call failed", fields)
	default:
		fields["error"] = a.err.Error()
		c.log.Debug(ctx, "zilliz API call failed", fields)
	}
	return a
}

// interruptGrace is how long a create or drop already sent may still take to
// be answered once its caller's context ends: an interrupt then would leave its
// effect unknown, and a create's answer is the only record of the cluster it
// made. Well inside the 5 s within which an interrupted terraform returns
// (interruptBudget, TestAccCancel_interruptDuringWaits). No BENCHMARKS.md row
// tells this value apart: no benchmark interrupts a run.
const interruptGrace = 3 * time.Second

// withGrace is ctx for a call that must not be resent blindly (recover set):
// its sends, and the check of one whose answer was lost (lastCheck), are given
// interruptGrace past the end of ctx, so an answer that comes meanwhile is
// returned even if ctx ended. The grace is one span for both: an interrupt
// ends the call within it.
func withGrace(ctx context.Context) (context.Context, context.CancelFunc) {
	graced, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(interruptGrace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-graced.Done():
		}
	})
	return graced, func() { stop(); cancel() }
}

// decodeInto decodes a success's payload into out (nil: not wanted).
func (r *request) decodeInto(data json.RawMessage, out any) error {
	if out == nil || len(data) == 0 || string(data) == "null" {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: decoding response data: %w", r.where, err)
	}
	return nil
}

// retryDelay decides what follows a failed attempt: how long to wait before the
// next one, or the error that ends the call.
//
// A 429 waits what the server asked (Retry-After), while the pacer slows every
// other request: requests throttled together come back together and queue in the
// pacer, which spaces them, so the jitter is small (every extra moment idles a
// budget that Retry-After's whole seconds already overstate). Other transient
// failures back off exponentially. Anything else is final.
func (c *Client) retryDelay(ctx context.Context, r *request, cl call, b *retryBudget, a answer) (time.Duration, error) {
	fields := map[string]any{"method": r.method, "path": pathOf(r.url), "error": a.err.Error()}
	switch {
	case errors.Is(a.err, ErrRateLimited):
		b.throttled++
		c.pacer.Throttled(time.Now())
		if b.throttled > maxThrottleRetries {
			return 0, fmt.Errorf("giving up after %d answers of HTTP 429: %w", b.throttled, a.err)
		}
		c.log.Debug(ctx, "zilliz API call throttled; retrying", fields)
		if a.retryAfter == 0 {
			return c.backoffFor(min(b.throttled, 4)), nil
		}
		return a.retryAfter + rand.N(a.retryAfter/10+1), nil
	case isTransient(a.err):
		b.transient++
		if b.transient > c.maxRetries || cl.once {
			return 0, fmt.Errorf("giving up after %d attempts: %w", b.transient+b.throttled, a.err)
		}
		c.log.Warn(ctx, "zilliz API call failed transiently; retrying", fields)
		return max(a.retryAfter, c.backoffFor(b.transient)), nil
	}
	return 0, a.err
}

// recovered runs cl's recover, when it has one, after a failure the API may have
// acted on: true means an earlier attempt did the work and the call is done.
func recovered(ctx context.Context, cl call, err error) (bool, error) {
	if cl.recover == nil || !mayHaveBeenProcessed(err) {
		return false, nil
	}
	return runRecover(ctx, cl, err)
}

// runRecover runs cl's recover after err; its failure is reported with err.
func runRecover(ctx context.Context, cl call, err error) (bool, error) {
	done, rerr := cl.recover(ctx)
	var ae *AdoptionError
	switch {
	case errors.As(rerr, &ae): // the check worked, and found what it cannot resolve
		return false, fmt.Errorf("%w; %w", err, rerr)
	case rerr != nil:
		return false, fmt.Errorf("%w; checking whether the failed call took effect also failed: %w (%w)", err, rerr, ErrOutcomeUnknown)
	}
	return done, nil
}

// attempt sends one request and classifies the answer.
func (c *Client) attempt(ctx context.Context, r *request) answer {
	ctx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()
	var body io.Reader
	if r.payload != nil {
		body = bytes.NewReader(r.payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return answer{err: fmt.Errorf("%s: %w", r.where, err)}
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if r.payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{err: &TransportError{Method: r.method, URL: redactURL(r.url), Err: unwrapURLError(err)}}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return answer{err: &TransportError{Method: r.method, URL: redactURL(r.url),
			Err: fmt.Errorf("reading response: %w", unwrapURLError(err))}}
	}
	data, err := decode(r.method, redactURL(r.url), resp.StatusCode, resp.Header, raw)
	a := answer{data: data, status: resp.StatusCode, requestID: truncate(requestIDOf(resp.Header), 100),
		retryAfter: retryAfterOf(resp.Header), err: err}
	var e *Error
	if errors.As(err, &e) && e.RequestID != "" {
		a.requestID = e.RequestID
	}
	return a
}

// decode classifies one HTTP answer: the payload of a success envelope, a business
// Error from a failure envelope (whatever the HTTP status), or an Error carrying
// the HTTP status when the body is not an envelope (gateways answer HTML or nothing).
func decode(method, where string, status int, header http.Header, raw []byte) (json.RawMessage, error) {
	var env struct {
		Code      *flexInt        `json:"code"`
		Message   string          `json:"message"`
		RequestID string          `json:"requestId"`
		Data      json.RawMessage `json:"data"`
	}
	requestID := truncate(requestIDOf(header), 100)
	if err := json.Unmarshal(raw, &env); err != nil || env.Code == nil {
		return nil, &Error{Method: method, URL: where, HTTPStatus: status, RequestID: requestID,
			Message: describeBody(header.Get("Content-Type"), raw)}
	}
	if env.RequestID != "" {
		requestID = truncate(env.RequestID, 100)
	}
	code := int(*env.Code)
	if isSuccessCode(code) && status < 300 {
		return env.Data, nil
	}
	msg := truncate(env.Message, 300)
	if isSuccessCode(code) { // success code under an error status: trust the status
		code, msg = 0, "HTTP error status with a success envelope"
	}
	return nil, &Error{Method: method, URL: where, HTTPStatus: status, Code: code, Message: msg, RequestID: requestID}
}

// isSuccessCode: the live v1 API answers 200; several pages of its reference say 0.
func isSuccessCode(code int) bool { return code == http.StatusOK || code == 0 }

// requestIDOf reads the request id the live API sends as a "requestid" header
// (Header.Get is case-insensitive), or the X-Request-Id gateways commonly add.
// An id in the envelope's body wins over both.
func requestIDOf(h http.Header) string {
	if id := h.Get("requestid"); id != "" {
		return id
	}
	return h.Get("X-Request-Id")
}

// flexInt accepts a JSON number or a numeric string: the reference prints some
// numbers as strings (the envelope's code, a project's createTimeMilli).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	var n json.Number
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		n = json.Number(s)
	} else if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		return err
	}
	*f = flexInt(v)
	return nil
}

func describeBody(contentType string, raw []byte) string {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "empty response body"
	}
	if contentType == "" {
		contentType = "no content type"
	}
	return fmt.Sprintf("response body is not a JSON envelope (%s, %d bytes)", truncate(contentType, 60), len(raw))
}

// truncate bounds s to n bytes, cutting on a rune boundary and replacing invalid
// UTF-8: error text becomes a Terraform diagnostic, and gRPC refuses invalid UTF-8.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// isTransient reports failures worth retrying: no answer at all, or an HTTP
// failure without a business code that gateways and overload produce.
func isTransient(err error) bool {
	// A host the resolver says does not exist will not appear within a
	// retry's delay: mostly a region id or endpoint typo. Its error names the host.
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false
	}
	// Nor will a certificate the host presents become valid: a wrong endpoint,
	// or a proxy that intercepts TLS.
	var cert *tls.CertificateVerificationError
	if errors.As(err, &cert) {
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return true
	}
	if errors.Is(err, ErrRateLimited) {
		return true
	}
	var e *Error
	if errors.As(err, &e) && e.Code == 0 {
		switch e.HTTPStatus {
		case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests,
			http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable,
			http.StatusGatewayTimeout:
			return true
		}
	}
	return false
}

// mayHaveBeenProcessed is false only when the request surely never reached the API:
// the connection was never made, or TLS refused the host before the request went.
func mayHaveBeenProcessed(err error) bool {
	var op *net.OpError
	var cert *tls.CertificateVerificationError
	if errors.As(err, &op) && op.Op == "dial" || errors.As(err, &cert) {
		return false // the connection was never made, or refused in its handshake
	}
	return !errors.Is(err, ErrRateLimited)
}

// backoffFor is exponential with equal jitter: half fixed, half random, capped at 8 s.
func (c *Client) backoffFor(n int) time.Duration {
	d := min(c.backoff<<min(n-1, 10), 8*time.Second)
	return d/2 + rand.N(d/2+1)
}

func retryAfterOf(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, 5*time.Minute)
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(time.Until(t), 0), 5*time.Minute)
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// unwrapURLError drops *url.Error's copy of the URL: the caller names it once.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redactURL keeps scheme, host and path: what a user needs to see what was called.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.EscapedPath()
}
