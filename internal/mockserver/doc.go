// Package mockserver is a stateful, in-memory fake of the Zilliz Cloud v1
// control plane, written from the v1 wire contract alone (DESIGN.md describes
// it, and internal/zilliz's package documentation lists its details).
//
// It deliberately does not import internal/zilliz: the client and the mock
// are two independent readings of the same contract, so a wire mistake in
// one shows up as a failing test against the other.
//
// Every API route lives under a region path prefix ("/{region}/v1/...") so
// that one loopback listener can stand in for every per-region controller
// host; the provider's endpoint template for it is "http://HOST:PORT/{region}".
// Cluster status is derived lazily from timestamps (no goroutines), faults
// and rate limits are injected per request, and every API request is logged
// so tests can assert exactly what the provider sent. Test-only controls are
// reachable both as Go methods and over HTTP under /_admin/.
package mockserver
