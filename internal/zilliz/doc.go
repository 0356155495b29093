// Package zilliz is a client for the Zilliz Cloud control-plane API, v1 or v2
// (Config.APIVersion).
//
// It knows nothing of Terraform: methods take a context, typed options and a
// region, and return typed results or errors that match the sentinel errors of
// this package with errors.Is.
//
// # The wire contract
//
// What follows is the contract this client speaks, as read from Zilliz Cloud's
// public v1 reference (English and Chinese editions) and from responses recorded
// against the live service. Where those sources disagree, the client accepts
// every variant; testdata/golden holds example answers of each kind, decoded by
// golden_test.go. The mock control plane (internal/mockserver) is a second,
// independent reading of the same contract and serves each variant on request.
//
// Hosts. Every call goes to a per-region controller: the China site
// https://controller.api.{region}.cloud.zilliz.com.cn (the default; newer pages
// also show the host without ".cloud") or the global site
// https://controller.api.{region}.zillizcloud.com. A cluster lives in one region,
// and calls about it must go to that region's host; another region's host answers
// 90102. Requests carry "Authorization: Bearer <key>" and "Accept: application/json".
//
// Envelope. Success is {"code": 200, "data": ...}; some reference pages print
// code 0, so both are success. Failure is {"code": <other>, "message": ...}, with
// a request id in a "requestId" field or a "requestid" header. Business errors
// come with HTTP 200; an authentication failure comes with HTTP 401 and a JSON
// body; gateways may answer 429, 502, 503 or 504 with HTML or nothing. The body's
// code decides when there is a parsable envelope, the HTTP status otherwise.
//
// Endpoints (all under /v1):
//
//	DELETE clusters/{id}/drop           {"clusterId", "prompt"}
//	GET    clusters/{id}                the cluster object
//	GET    clusters?pageSize=N&current=P&currentPage=P
//	                                    {"count", "currentPage", "pageSize", "clusters"}
//	POST   clusters/create              {"plan", "clusterName", "cuSize", "cuType", "projectId"}
//	POST   clusters/createServerless    {"plan": "Serverless" or "Free", "clusterName", "projectId"}
//	POST   clusters/{id}/modify         {"cuSize"}
//	POST   clusters/{id}/suspend, resume
//	GET    projects                     createTimeMilli: a number live, a string in the reference
//	GET    clouds, regions?cloudId=ID   a region's URL as "apiBaseUrl" (live) or "domain" (reference)
//
// The list's page parameter is "current" in the English reference and
// "currentPage" in the Chinese one: the client sends both with the same value
// and refuses a page that answers another number, which is what an API that
// ignored the parameter would do. pageSize is 5..100. List entries lack the
// describe-only fields storageSize, snapshotNumber and createProgress. The
// createServerless plan is case-sensitive ("Serverless", "Free"; otherwise 90155).
// The username and password come back only from a create.
//
// Statuses (status.go): RUNNING and SUSPENDED/STOPPED are settled; ABNORMAL and
// FROZEN are failures no wait can outlast; DELETED is gone, though describe still
// answers it for the 30 days a cluster spends in the recycle bin; everything else,
// known or not, is transitional.
//
// Error codes the client branches on (errors.go): 80001 and 80002 (key rejected),
// 80010 and 40013 (a cluster of that name exists: v1's and v2's code), 80020 (no
// such cluster, or no permission on it) and 90102 (not in this region), both
// ErrNotFound, 80021 (not supported for serverless clusters). 90117 (invalid
// domain name) is what an unknown region's host answers. ErrNotFound is an
// answer, not a conclusion: a key of another organization gets 80020 for every
// cluster, so ConfirmGone checks the project list (GET /v1/projects) and the
// region's list before a caller forgets a cluster, and answers a key that cannot
// see the project with a *ScopeError (ErrPermission).
//
// Drop. 200 or 0: accepted, the cluster goes to the recycle bin. 80021: the API
// will not drop this cluster. The reference lists 80021 for serverless and free
// clusters, yet the live service has accepted such drops, so callers must handle
// both outcomes for them. What a drop of a DELETING cluster answers is not
// documented (80020, another code, or success again): Destroy sends none, and
// looks at the cluster after any answer but acceptance and 80021.
//
// Create. A create whose answer is lost may have made its cluster: Create lists
// the region before sending, and after a lost answer adopts only a cluster of
// that name that appeared since, as configured (adopt.go).
//
// Rate limits. v1 documents none; v2 documents 20 requests per second per user
// per endpoint, answered with HTTP 429, with or without Retry-After.
//
// # The v2 dialect
//
// Zilliz marks every v1 operation deprecated. v2 does the same work, and the
// client speaks it behind the same methods (dialect.go, v1.go, v2.go): only
// the wire differs, so waits, list-page lookups, pacing and the recovery of
// lost create and drop answers are the same code under both.
//
// Hosts. One per site: https://api.cloud.zilliz.com (global) and
// https://api.cloud.zilliz.com.cn (China, the ali-* and tc-* regions). An
// endpoint set by the caller is the base URL of every call.
//
// Endpoints (all under /v2): clusters/createDedicated (regionId, cuType
// required: the default is sent when none is chosen), createServerless and
// createFree (regionId); clusters/{id} and its drop, modify, suspend, resume;
// clusters?pageSize=N&currentPage=P&region=R (without region the list spans
// every region, so the client always filters); projects, clouds, regions.
// The region of a cluster travels in bodies and answers, not in the path: a
// describe that answers a cluster of another region than the one asked is
// reported as v1's host would (90102, not in this region).
//
// Answers. Success is code 0. The cluster object says cuType for v1's
// clusterType and adds replica (typed a string, shown a number: both read)
// and deploymentOption. A free cluster has been described with plan
// "Serverless": deploymentOption "Free", or else its in03- id, makes it Free.
// A list whose data is not the documented object fails with an error that
// says so (the reference's schema calls it an array).
//
// Codes (errors.go maps both versions' codes onto the same sentinels; their
// numbers never collide): 21119 with HTTP 401, and 80002, the key rejected;
// 96018 not found; 96021 (free) and 96022 (serverless) the refusal of v1's
// 80021; 96017 and 40013 a taken name; 96014..96016 no permission on the
// cluster (ErrPermission: unlike v1's 80020, never "gone"); 96001 an unknown
// region, like v1's 90117 (ErrRegionUnknown).
package zilliz
