package mockserver

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultAPIKey is the Bearer key accepted when Config.APIKey is empty.
const DefaultAPIKey = "test-api-key"

// DefaultProjectID is the seeded project named "Default Project".
const DefaultProjectID = "proj-0a1b2c3d4e5f6a7b8c9d0e"

// SecondProjectID is the seeded project named "Analytics".
const SecondProjectID = "proj-9f8e7d6c5b4a39281706ab"

// maxBody caps how much of a request body is read, so a runaway client
// cannot make the mock buffer without bound.
const maxBody = 1 << 20

// Config sets up a Server. The zero value is a usable, instant, unlimited mock.
type Config struct {
	APIKey          string        // accepted Bearer key; "" means DefaultAPIKey
	CreateDuration  time.Duration // CREATING -> RUNNING
	ModifyDuration  time.Duration // MODIFYING -> RUNNING
	DeleteDuration  time.Duration // DELETING -> DELETED
	Latency         time.Duration // added to every API request (not admin), honoring the request context
	PageSize        int           // default page size of GET /v1/clusters when the query omits it; 0 means 10
	RateLimit       float64       // requests/second over all API calls of one key; 0 = unlimited
	RateBurst       int           // token bucket burst; 0 means max(1, int(RateLimit))
	RandomFaultRate float64       // 0..1: share of API requests answered with a transient fault before doing any work
	RandomFaultSeed int64         // fixed seed for the above (reproducible)

	// Where the contract's sources disagree, these pick the variant served, so
	// that tests can prove the client accepts each.

	// PageParam is the list's page parameter the mock reads: "current" (the
	// English reference), "currentPage" (the Chinese one), or "" for either,
	// current first. A page parameter it does not read leaves the page at 1.
	PageParam string
	// SuccessCodeZero answers successes with code 0, as several reference pages
	// print them, instead of the live service's 200.
	SuccessCodeZero bool
	// NameExistsCode answers a taken cluster name: 80010 (v1, the default) or 40013 (v2).
	NameExistsCode int
	// AcceptServerlessDrop drops Serverless and Free clusters like dedicated
	// ones (a live recording shows one accepted) instead of refusing with 80021.
	AcceptServerlessDrop bool
	// Outcomes sets the status an operation ends in, by operation ("create",
	// "modify", "delete"), instead of RUNNING or DELETED: e.g. {"create":
	// "ABNORMAL"}. SetOutcome changes it later.
	Outcomes        map[string]string
	SuspendDuration time.Duration // SUSPENDING -> SUSPENDED
	ResumeDuration  time.Duration // RESUMING -> RUNNING
	// SuspendedAsStopped names the suspend states STOPPING and STOPPED, as some
	// live answers do, instead of SUSPENDING and SUSPENDED.
	SuspendedAsStopped bool
	// ResumeNeedsPayment makes resume answer 80007 (no payment method on the account).
	ResumeNeedsPayment bool
	// EndpointRateLimit is requests/second of one key on one route (the v2 API
	// documents 20 per user per endpoint), on top of RateLimit; 0 = unlimited.
	EndpointRateLimit float64
	EndpointRateBurst int // 0 means max(1, int(EndpointRateLimit))
	// DropDeletingCode is what a drop of a cluster already DELETING answers, which
	// the live service does not document: 0 means 80020 (not found), 200 accepts
	// it again (the deletion goes on as before), any other value is that code.
	DropDeletingCode int

	// The v2 dialect (served under /v2/, over the same clusters) has its own
	// variants. NameExistsCode also picks v2's answer to a taken name: 40013
	// (live) when it is 40013, 96017 (the reference) otherwise.

	// V2FreePlan is the plan v2 answers show for a Free cluster: "Free" (the
	// reference's example; "" means it) or "Serverless" (a live recording).
	V2FreePlan string
	// V2NoDeploymentOption leaves deploymentOption out of v2 cluster objects,
	// so that a client cannot lean on it.
	V2NoDeploymentOption bool
	// V2ReplicaAsString sends replica as a string (the reference's type)
	// instead of a number (its example).
	V2ReplicaAsString bool
	// V2ListDataArray answers the v2 list's data as a bare array of entries,
	// as the reference's schema (not its examples) types it.
	V2ListDataArray bool
}

// Server is the fake control plane. It implements http.Handler and is safe
// for concurrent use.
type Server struct {
	apiKey   string
	latency  time.Duration
	pageSize int
	// now is the clock; tests in this package replace it to step time
	// instead of sleeping.
	now func() time.Time

	// One mutex guards all state: the mock is small and contention is not a
	// concern, and a single lock makes every operation trivially atomic.
	mu         sync.Mutex
	createDur  time.Duration
	modifyDur  time.Duration
	deleteDur  time.Duration
	clusters   map[string]*record // by cluster id (ids are unique across regions)
	order      []string           // cluster ids in creation order
	projects   map[string]project
	faults     []*pendingFault
	randomRate float64
	rnd        *rand.Rand
	limit      limiter
	perRoute   limiter // keyed by key and route
	log        []Request

	pageParam            string
	successCode          int
	nameExistsCode       int
	acceptServerlessDrop bool
	outcomes             map[string]string
	power                powerConfig
	dropDeletingCode     int
	// hidden holds the projects the key cannot see (HideProjects): their
	// clusters answer 80020 and are left out of lists, as for a key of another
	// organization.
	hidden map[string]bool
	v2     v2Config
}

// New returns a Server seeded with the two projects DefaultProjectID and
// SecondProjectID and no clusters.
func New(cfg Config) *Server {
	s := &Server{
		apiKey:     cfg.APIKey,
		latency:    cfg.Latency,
		pageSize:   cfg.PageSize,
		now:        time.Now,
		createDur:  cfg.CreateDuration,
		modifyDur:  cfg.ModifyDuration,
		deleteDur:  cfg.DeleteDuration,
		clusters:   map[string]*record{},
		projects:   map[string]project{},
		randomRate: cfg.RandomFaultRate,
		rnd:        rand.New(rand.NewPCG(uint64(cfg.RandomFaultSeed), 0x5eed)),
	}
	if s.apiKey == "" {
		s.apiKey = DefaultAPIKey
	}
	s.pageParam, s.acceptServerlessDrop = cfg.PageParam, cfg.AcceptServerlessDrop
	s.successCode = codeOK
	if cfg.SuccessCodeZero {
		s.successCode = 0
	}
	s.dropDeletingCode = cfg.DropDeletingCode
	s.nameExistsCode = cfg.NameExistsCode
	if s.nameExistsCode == 0 {
		s.nameExistsCode = codeNameExists
	}
	s.outcomes = map[string]string{}
	for op, status := range cfg.Outcomes {
		s.outcomes[op] = status
	}
	if s.pageSize <= 0 {
		s.pageSize = 10
	}
	s.pageSize = min(s.pageSize, maxPageSize)
	s.limit.set(cfg.RateLimit, cfg.RateBurst)
	s.power = newPowerConfig(cfg)
	s.perRoute.set(cfg.EndpointRateLimit, cfg.EndpointRateBurst)
	s.v2 = newV2Config(cfg)
	// Fixed creation times keep the projects endpoint's output stable.
	s.projects[DefaultProjectID] = project{name: "Default Project", createTimeMilli: 1700000000000}
	s.projects[SecondProjectID] = project{name: "Analytics", createTimeMilli: 1710000000000}
	return s
}

// SetDurations changes the lifecycle durations for operations started from
// now on; transitions already under way keep their deadlines.
func (s *Server) SetDurations(create, modify, drop time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.createDur, s.modifyDur, s.deleteDur = create, modify, drop
}

// Operations whose end status Outcomes and SetOutcome can change.
const (
	OpCreate = "create"
	OpModify = "modify"
	OpDelete = "delete"
)

// SetOutcome makes operations op started from now on end in status; "" restores
// the normal end (RUNNING, or DELETED for a delete).
func (s *Server) SetOutcome(op, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outcomes[op] = status
}

// endStatus is the status operation op ends in. Caller holds s.mu.
func (s *Server) endStatus(op, normal string) string {
	if v := s.outcomes[op]; v != "" {
		return v
	}
	return normal
}

// ServeHTTP answers admin requests under /_admin/, v1 API requests under
// /{region}/v1/ and v2 API requests under /v2/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.EscapedPath(), adminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	s.serveAPI(w, r)
}

// call is one API request on its way through the pipeline.
type call struct {
	r         *http.Request
	req       Request // the log entry, completed when the answer is known
	rt        route
	body      []byte
	requestID string
}

// serveAPI runs the pipeline in the order the contract's gateway implies:
// latency, routing, auth, rate limit, faults, then the work itself.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil { // nil for requests built by hand and passed to ServeHTTP
		body, _ = io.ReadAll(io.LimitReader(r.Body, maxBody))
	}
	path := r.URL.EscapedPath()
	rt := parseRoute(r.Method, path)
	c := &call{
		r:    r,
		rt:   rt,
		body: body,
		req: Request{
			APIVersion:    rt.version,
			Method:        r.Method,
			Path:          path,
			Route:         rt.name,
			Region:        rt.region,
			ClusterID:     rt.clusterID,
			Authorization: r.Header.Get("Authorization"),
			UserAgent:     r.UserAgent(),
			Query:         r.URL.RawQuery,
			Body:          string(body),
			Time:          s.now(),
		},
		requestID: newRequestID(),
	}

	if !sleep(r.Context(), s.latency) {
		s.record(c.req) // the client gave up: nothing was answered
		return
	}
	if rt.name == routeUnknown {
		s.answer(w, c, notFound())
		return
	}
	if resp, ok := s.authenticate(r.Header.Get("Authorization")); !ok {
		if rt.version == apiV2 {
			resp = v2Unauthorized()
		}
		s.answer(w, c, resp)
		return
	}
	s.mu.Lock()
	allowed, retryAfter := s.perRoute.allow(s.apiKey+" "+rt.name, s.now())
	if allowed {
		allowed, retryAfter = s.limit.allow(s.apiKey, s.now())
	}
	s.mu.Unlock()
	if !allowed {
		s.answer(w, c, rateLimited(retryAfter))
		return
	}

	if f, ok := s.takeFault(rt.name, rt.clusterID); ok {
		if !sleep(r.Context(), f.Latency) {
			s.record(c.req)
			return
		}
		switch {
		case f.DropConnection:
			s.record(c.req)
			dropConnection(w)
			return
		case f.LoseResponse:
			s.work(c)
			s.record(c.req)
			dropConnection(w)
			return
		case !f.latencyOnly():
			s.answer(w, c, faultResponse(f))
			return
		}
	}
	resp := s.work(c)
	if resp.ok {
		resp.code = s.successCode
		if rt.version == apiV2 {
			resp.code = 0 // v2's only success code
		}
	}
	s.answer(w, c, resp)
}

// work performs the request's operation and returns the API's answer.
func (s *Server) work(c *call) response {
	if c.rt.version == apiV2 {
		return s.workV2(c)
	}
	if !knownRegion(c.rt.region) {
		return failure(codeInvalidDomain)
	}
	if c.rt.hasID && c.rt.clusterID == "" {
		return failure(codeEmptyClusterID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dispatch(c)
}

// dispatch runs the handler of c's route, in c's region. Caller holds s.mu.
func (s *Server) dispatch(c *call) response {
	switch c.rt.name {
	case RouteCreate:
		return s.handleCreate(c)
	case RouteCreateServerless:
		return s.handleCreateServerless(c)
	case RouteDescribe:
		return s.handleDescribe(c)
	case RouteList:
		return s.handleList(c)
	case RouteModify:
		return s.handleModify(c)
	case RouteDrop:
		return s.handleDrop(c)
	case RouteSuspend, RouteResume:
		return s.handleSuspendResume(c)
	case RouteProjects:
		return s.handleProjects()
	case RouteClouds:
		return handleClouds()
	case RouteRegions:
		return handleRegions(c)
	}
	return notFound()
}

// answer writes resp and logs the request with what was answered.
func (s *Server) answer(w http.ResponseWriter, c *call, resp response) {
	status, code := resp.write(w, c.requestID)
	c.req.HTTPStatus, c.req.Code = status, code
	s.record(c.req)
}

// sleep waits d or until ctx ends, reporting whether the full wait elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the client's connection without an answer, which is
// what a crashed gateway or a network cut looks like to the client.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2, recorders): net/http aborts the stream
		// on this sentinel panic without logging a stack trace.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
