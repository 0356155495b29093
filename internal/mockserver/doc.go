// Package mockserver is a stateful, in-memory fake of the Zilliz Cloud
// control plane, written from the wire contract alone (DESIGN.md describes
// it, and internal/zilliz's package documentation lists its details). It
// speaks both API versions over one store of clusters: what one creates, the
// other reads and drops.
//
// It deliberately does not import internal/zilliz: the client and the mock
// are two independent readings of the same contract, so a wire mistake in
// one shows up as a failing test against the other.
//
// Every v1 route lives under a region path prefix ("/{region}/v1/...") so
// that one loopback listener can stand in for every per-region controller
// host; the provider's endpoint template for it is "http://HOST:PORT/{region}".
// v2 routes live under "/v2/..." at the root, the provider's v2 endpoint: v2.go
// finds the region a request is about (the body's regionId, the list's region
// filter, the cluster's own), runs v1's handler there and answers in v2's
// words and codes. Config's V2 fields pick among the variants the v2 sources
// disagree on.
//
// Cluster status is derived lazily from timestamps (no goroutines), faults
// and rate limits are injected per request, and every API request is logged,
// with its dialect, so tests can assert exactly what the provider sent.
// Test-only controls are reachable both as Go methods and over HTTP under /_admin/.
package mockserver
