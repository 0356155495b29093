package zilliz

import (
	"errors"
	"fmt"
	"net/http"
)

// Business codes of the v1 API that callers branch on (v2's are in v2.go).
const (
	CodeTokenIllegal          = 80001
	CodeTokenInvalid          = 80002
	CodeClusterNotFound       = 80020
	CodeServerlessUnsupported = 80021
	// A cluster of that name exists: 80010 is v1's code, 40013 v2's (seen on
	// v1 too); the two mean the same.
	CodeClusterNameExists   = 80010
	CodeClusterNameExistsV2 = 40013
	CodeNotInRegion         = 90102
	// CodeInvalidDomain: the host called, which names the region, is not one the
	// API serves: mostly a region typo, or a region of the other site.
	CodeInvalidDomain = 90117
	// CodePaymentRequired: the account needs a payment method (80007). The
	// reference lists it for create and modify; resume, which also needs one, is
	// taken to answer it too.
	CodePaymentRequired = 80007
)

// Sentinel errors, matched with errors.Is against any error a method returns.
var (
	// ErrNotFound: the cluster does not exist, is not in the region asked, or the
	// key cannot see it (80020, 90102; v2: 96018). For Terraform it is gone.
	ErrNotFound = errors.New("zilliz: cluster not found")
	// ErrServerlessUnsupported: the operation is refused for serverless and free
	// clusters (80021; v2: 96021 for free, 96022 for serverless clusters).
	ErrServerlessUnsupported = errors.New("zilliz: operation not supported for serverless clusters")
	// ErrUnauthorized: the API key was rejected (80001, 80002, v2's 21119, or HTTP 401).
	ErrUnauthorized = errors.New("zilliz: API key rejected")
	// ErrNameExists: a cluster with the requested name already exists (80010,
	// 40013; v2: 96017 or 40013).
	ErrNameExists = errors.New("zilliz: cluster name already exists")
	// ErrRegionUnknown: the API does not know the region addressed (90117, an
	// unknown region's host; v2: 96001): a typo, or a region of the other site.
	ErrRegionUnknown = errors.New("zilliz: region unknown to the API")
	// ErrRateLimited: the API answered HTTP 429 (and kept doing so until the retries ran out).
	ErrRateLimited = errors.New("zilliz: rate limited")
	// ErrPermission: the API key cannot see what was asked for. v1 has no code of
	// its own for it (80020 means "not found or no permission"): ConfirmGone tells
	// the two apart and returns a *ScopeError, which matches it. v2 says so itself
	// (96014..96016), and like a *ScopeError that never means gone: the cluster
	// may well exist.
	ErrPermission = errors.New("zilliz: the API key has no permission")
	// ErrPaymentRequired: the account has no payment method, which creating,
	// resizing and resuming need (80007).
	ErrPaymentRequired = errors.New("zilliz: the account needs a payment method")
	// ErrClusterFailed: a wait met ABNORMAL or FROZEN, which no wait outlasts;
	// a *StatusError matches it. The cluster still exists.
	ErrClusterFailed = errors.New("zilliz: cluster is in a failed status")
	// ErrInvalidInput: an argument was refused before any request was sent.
	ErrInvalidInput = errors.New("invalid input")
	// ErrAliveAgain: Destroy found alive a cluster its caller last saw DELETING
	// (restored from the recycle bin, or a stale state), and dropped nothing:
	// the caller planned on a deletion under way, not on a drop.
	ErrAliveAgain = errors.New("zilliz: the cluster is alive again")
	// ErrOutcomeUnknown: a create, drop, suspend or resume may have taken
	// effect, as an attempt's answer was lost, and checking whether it did
	// failed too. A create's cluster may exist, recorded nowhere.
	ErrOutcomeUnknown = errors.New("zilliz: the call may have taken effect")
)

// Error is a failed API call: either a business error from the envelope (Code set)
// or an HTTP failure without a usable envelope (Code 0, HTTPStatus set).
type Error struct {
	Method     string // HTTP method called
	URL        string // scheme, host and path called; never a query with secrets, never the key
	HTTPStatus int
	Code       int    // envelope code; 0 when the body was not an envelope
	Message    string // envelope message, or a description of the unusable body
	RequestID  string
	// InRegion is set on a 90102 the client makes of a v2 describe that found
	// the cluster in another region: the region it is in. Such a cluster is
	// not gone (ConfirmGone).
	InRegion string
}

func (e *Error) Error() string {
	where := e.Method + " " + e.URL
	var what string
	if e.Code != 0 {
		what = fmt.Sprintf("code %d: %s", e.Code, e.Message)
	} else {
		what = fmt.Sprintf("HTTP %d %s: %s", e.HTTPStatus, http.StatusText(e.HTTPStatus), e.Message)
	}
	if e.RequestID != "" {
		what += " (request id " + e.RequestID + ")"
	}
	return where + ": " + what
}

// Is maps codes onto the sentinel errors so callers never compare codes themselves.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Code == CodeClusterNotFound || e.Code == CodeNotInRegion || e.Code == CodeV2ClusterNotFound
	case ErrServerlessUnsupported:
		return e.Code == CodeServerlessUnsupported || e.Code == CodeV2FreeUnsupported ||
			e.Code == CodeV2ServerlessUnsupported
	case ErrUnauthorized:
		// v2 answers a bad key with HTTP 401 and 21119 (some pages say 80002).
		return e.Code == CodeTokenIllegal || e.Code == CodeTokenInvalid || e.Code == CodeV2KeyIllegal ||
			e.HTTPStatus == http.StatusUnauthorized
	case ErrNameExists:
		return e.Code == CodeClusterNameExists || e.Code == CodeClusterNameExistsV2 || e.Code == CodeV2ClusterNameExists
	case ErrPermission:
		return e.Code >= CodeV2NoPermissionFirst && e.Code <= CodeV2NoPermissionLast
	case ErrRegionUnknown:
		return e.Code == CodeInvalidDomain || e.Code == CodeV2InvalidRegion
	case ErrPaymentRequired:
		return e.Code == CodePaymentRequired
	case ErrRateLimited:
		return e.HTTPStatus == http.StatusTooManyRequests
	}
	return false
}

// CodeOf returns the business code carried by err, or 0.
func CodeOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// TransportError is a call that got no HTTP response at all (DNS, TLS, refused or
// dropped connection, per-attempt timeout). It names the host and path it tried.
type TransportError struct {
	Method string
	URL    string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }
