package zilliz

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestErrorSentinels(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		is   []error
		code int
	}{
		{&Error{HTTPStatus: 200, Code: 80020}, []error{ErrNotFound}, 80020},
		{&Error{HTTPStatus: 200, Code: 90102}, []error{ErrNotFound}, 90102},
		{&Error{HTTPStatus: 200, Code: 80021}, []error{ErrServerlessUnsupported}, 80021},
		{&Error{HTTPStatus: 200, Code: 80001}, []error{ErrUnauthorized}, 80001},
		{&Error{HTTPStatus: 200, Code: 80002}, []error{ErrUnauthorized}, 80002},
		{&Error{HTTPStatus: 401}, []error{ErrUnauthorized}, 0},
		{&Error{HTTPStatus: 200, Code: 40013}, []error{ErrNameExists}, 40013},
		{&Error{HTTPStatus: 429}, []error{ErrRateLimited}, 0},
		{&Error{HTTPStatus: 200, Code: 90103}, nil, 90103},
		{&Error{HTTPStatus: 503}, nil, 0},
	} {
		all := []error{ErrNotFound, ErrServerlessUnsupported, ErrUnauthorized, ErrNameExists, ErrRateLimited, ErrInvalidInput}
		wrapped := fmt.Errorf("deleting: %w", tc.err)
		for _, s := range all {
			want := false
			for _, w := range tc.is {
				want = want || errors.Is(w, s)
			}
			if got := errors.Is(wrapped, s); got != want {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", tc.err, s, got, want)
			}
		}
		if got := CodeOf(wrapped); got != tc.code {
			t.Errorf("CodeOf(%v) = %d, want %d", tc.err, got, tc.code)
		}
		if got := IsNotFound(wrapped); got != (tc.code == 80020 || tc.code == 90102) {
			t.Errorf("IsNotFound(%v) = %v", tc.err, got)
		}
	}
	if CodeOf(errors.New("plain")) != 0 || CodeOf(nil) != 0 {
		t.Error("CodeOf of a non-API error is not 0")
	}
	te := fmt.Errorf("x: %w", &TransportError{Method: "GET", URL: "https://h/p", Err: io.ErrUnexpectedEOF})
	if !errors.Is(te, io.ErrUnexpectedEOF) || errors.Is(te, ErrNotFound) {
		t.Errorf("TransportError does not unwrap to its cause: %v", te)
	}
	if msg := te.Error(); !strings.Contains(msg, "GET https://h/p") {
		t.Errorf("TransportError %q does not name the call", msg)
	}
}

func TestErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{Method: "DELETE", URL: "https://h/v1/clusters/in01-a/drop", HTTPStatus: 200, Code: 80020, Message: "gone", RequestID: "r1"},
			"DELETE https://h/v1/clusters/in01-a/drop: code 80020: gone (request id r1)"},
		{&Error{Method: "GET", URL: "https://h/v1/clusters/in01-a", HTTPStatus: 502, Message: "empty response body"},
			"GET https://h/v1/clusters/in01-a: HTTP 502 Bad Gateway: empty response body"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}
