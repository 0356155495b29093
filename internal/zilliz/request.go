package zilliz

import (
	"bytes"
	"context"
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

// MaxThrottleRetries bounds how many HTTP 429 answers one call waits out. The pacer
// keeps 429s rare, so reaching it means the API refuses us persistently.
const MaxThrottleRetries = 30

// maxBody bounds what is read of a response: the largest v1 payload is a page of clusters.
const maxBody = 8 << 20

// call is one logical API call, which may take several attempts.
type call struct {
	method string
	region string
	path   string // escaped path below the region's base URL, e.g. "/v1/clusters/in01-x"
	query  url.Values
	body   any
	// recover, when set, marks a call that must not be resent blindly: after a
	// failure that the server may have acted on, it runs before resending, and
	// returning true ends the call as done (the earlier attempt did the work).
	recover func(ctx context.Context) (bool, error)
}

// outcome tells a caller how its call went beyond the error.
type outcome struct {
	attempts  int
	recovered bool // recover reported that an earlier attempt did the work
}

// do performs c with retries and decodes the payload of a success into out.
func (c *Client) do(ctx context.Context, cl call, out any) (outcome, error) {
	var res outcome
	opts := callOptionsOf(ctx)
	base, err := c.baseURL(cl.region)
	if err != nil {
		return res, err
	}
	u := base + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	where := redactURL(u)
	var payload []byte
	if cl.body != nil {
		if payload, err = json.Marshal(cl.body); err != nil {
			return res, fmt.Errorf("%s %s: encoding request: %w", cl.method, where, err)
		}
	}

	transient, throttled := 0, 0
	for {
		res.attempts++
		if err := c.pacer.wait(ctx); err != nil {
			return res, fmt.Errorf("%s %s: %w", cl.method, where, err)
		}
		start := time.Now()
		opts.sentAt(start)
		data, retryAfter, err := c.attempt(ctx, cl.method, u, where, payload)
		c.pacer.answered()
		fields := map[string]any{
			"method": cl.method, "path": pathOf(u), "attempt": res.attempts,
			"elapsed_ms": time.Since(start).Milliseconds(),
		}
		var apiErr *Error
		if errors.As(err, &apiErr) {
			fields["http_status"], fields["code"], fields["request_id"] = apiErr.HTTPStatus, apiErr.Code, apiErr.RequestID
		}
		if !errors.Is(err, ErrRateLimited) && (apiErr != nil || err == nil) {
			c.pacer.succeeded(time.Now()) // the server answered: its rate was not exceeded
		}
		if err == nil {
			c.log.Debug(ctx, "zilliz API call succeeded", fields)
			if out != nil && len(data) > 0 && string(data) != "null" {
				if err := json.Unmarshal(data, out); err != nil {
					return res, fmt.Errorf("%s %s: decoding response data: %w", cl.method, where, err)
				}
			}
			return res, nil
		}
		fields["error"] = err.Error()
		if ctx.Err() != nil {
			return res, fmt.Errorf("%s %s: %w", cl.method, where, ctx.Err())
		}

		var wait time.Duration
		switch {
		case errors.Is(err, ErrRateLimited):
			throttled++
			c.pacer.throttled(time.Now())
			if throttled > MaxThrottleRetries {
				return res, fmt.Errorf("giving up after %d answers of HTTP 429: %w", throttled, err)
			}
			// This request waits what the server asked; the pacer slows all the
			// others. Requests throttled together come back together, but they
			// then queue in the pacer, which spaces them: the jitter is small, as
			// every extra moment idles a budget Retry-After (whole seconds)
			// already overstates.
			wait = retryAfter + rand.N(retryAfter/10+1)
			if retryAfter == 0 {
				wait = c.backoffFor(min(throttled, 4))
			}
			c.log.Debug(ctx, "zilliz API call throttled; retrying", fields)
			if serr := sleep(ctx, wait); serr != nil {
				return res, fmt.Errorf("%w while retrying after: %w", serr, err)
			}
			continue
		case isTransient(err):
			transient++
			if transient > c.maxRetries || opts.noRetry {
				return res, fmt.Errorf("giving up after %d attempts: %w", res.attempts, err)
			}
			wait = max(retryAfter, c.backoffFor(transient))
		default:
			c.log.Debug(ctx, "zilliz API call failed", fields)
			return res, err
		}
		c.log.Warn(ctx, "zilliz API call failed transiently; retrying", fields)
		if serr := sleep(ctx, wait); serr != nil {
			return res, fmt.Errorf("%w while retrying after: %w", serr, err)
		}
		if cl.recover != nil && mayHaveBeenProcessed(err) {
			done, rerr := cl.recover(ctx)
			if rerr != nil {
				return res, fmt.Errorf("%w; checking whether the failed call took effect also failed: %w", err, rerr)
			}
			if done {
				res.recovered = true
				return res, nil
			}
		}
	}
}

// attempt sends one request and classifies the answer.
func (c *Client) attempt(ctx context.Context, method, u, where string, payload []byte) (json.RawMessage, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, 0, fmt.Errorf("%s %s: %w", method, where, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, &TransportError{Method: method, URL: where, Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, 0, &TransportError{Method: method, URL: where, Err: fmt.Errorf("reading response: %w", unwrapURLError(err))}
	}
	data, err := Decode(method, where, resp.StatusCode, resp.Header, raw)
	return data, retryAfterOf(resp.Header), err
}

// Decode classifies one HTTP answer: the payload of a success envelope, a business
// Error from a failure envelope (whatever the HTTP status), or an Error carrying
// the HTTP status when the body is not an envelope (gateways answer HTML or nothing).
func Decode(method, where string, status int, header http.Header, raw []byte) (json.RawMessage, error) {
	var env struct {
		Code      *flexInt        `json:"code"`
		Message   string          `json:"message"`
		RequestID string          `json:"requestId"`
		Data      json.RawMessage `json:"data"`
	}
	requestID := truncate(header.Get("X-Request-Id"), 100)
	if err := json.Unmarshal(raw, &env); err != nil || env.Code == nil {
		return nil, &Error{Method: method, URL: where, HTTPStatus: status, RequestID: requestID,
			Message: describeBody(header.Get("Content-Type"), raw)}
	}
	if env.RequestID != "" {
		requestID = truncate(env.RequestID, 100)
	}
	if int(*env.Code) == http.StatusOK && status < 300 {
		return env.Data, nil
	}
	code := int(*env.Code)
	msg := truncate(env.Message, 300)
	if code == http.StatusOK { // success code under an error status: trust the status
		code, msg = 0, "HTTP error status with a success envelope"
	}
	if code == 0 && msg == "" {
		msg = "envelope without an error code"
	}
	return nil, &Error{Method: method, URL: where, HTTPStatus: status, Code: code, Message: msg, RequestID: requestID}
}

// flexInt accepts a JSON number or a numeric string: the docs print code as "integer".
type flexInt int

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
	v, err := strconv.ParseInt(string(n), 10, 32)
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
// the connection was never made.
func mayHaveBeenProcessed(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
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
