// Package server serves a terraform-plugin-framework provider over Terraform's
// plugin protocol 6, with one change from the framework's own server: a
// request's context is let go of when the request ends.
//
// The framework (v1.19.0) keeps the cancel function of every request's context
// until StopProvider, so that it can cancel them all then, and never drops
// them; each one holds the request's whole context, in which
// terraform-plugin-go has put about 11 KB of loggers and fields. A plan of
// 1,000 clusters sends about 4,000 such requests: the no-op provider the
// benchmark uses as its floor grew to 116 MiB of RSS that way, and the garbage
// collector had to mark the growing heap over and over.
//
// New hands the framework, for each request made once per resource, data
// source, function or ephemeral resource instance, a context that forwards to
// the request's until the request returns and to nothing after: what the
// framework keeps is then a few hundred bytes. The requests Terraform makes a
// few times per process (schemas, provider configuration, stop) go to the
// framework unchanged.
//
// Serve also does what every plugin process of this repository does before it
// serves: it turns off the logs Terraform would not read (silenceUnreadLogs)
// and sets the garbage collector's target (gcPercent). The benchmark's no-op
// provider is served the same way, so that the two differ only in what the
// zilliz provider does.
//
// Optional protocol features are found by interface (tf6server asserts
// tfprotov6.ProviderServerWithListResource and ProviderServerWithActions), so
// the wrapper forwards each one the provider serves: list resources
// (`terraform query`) and actions (`terraform apply -invoke`). Their validate
// and plan requests pass through serve; ListResource and InvokeAction go to
// the framework unchanged, as the streams they return are read after they
// return, and a query or an invocation is made once, not once per instance.
// State stores are not served (the provider has none): a provider that adds
// them must forward them here too.
package server

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// gcPercent is the garbage collector's target while serving, unless GOGC is
// set. A provider's live heap is a few MiB (schemas, the client, the requests
// in flight) while every request allocates and drops about 250 KB, so at Go's
// default of 100 the collector runs after every few MiB of garbage. In a plan
// of 1,000 clusters (-parallelism=10, 150 ms latency) 400 took 0.83 times the
// wall time of 100 (medians of 8 paired runs: 5.29 s against 6.41 s), with the
// provider's peak RSS at 60 MiB instead of 37; 800 was no faster (0.98 times
// 400) and peaked at 95 MiB.
const gcPercent = 400

// Serve serves p under address, as providerserver.Serve does with protocol 6,
// until Terraform ends the process; debugMode starts it in debug mode, for
// debuggers such as delve.
func Serve(address string, p func() provider.Provider, debugMode bool) error {
	if !debugMode { // a debugged provider's logs go to its own stderr, for the developer
		silenceUnreadLogs(address)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, New(p), opts...)
}

// New returns a function that builds p's protocol 6 server, as
// providerserver.NewProtocol6 does, with each instance request's context let
// go of when the request ends.
func New(p func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return Wrap(providerserver.NewProtocol6(p())())
	}
}

// Wrap returns next with each instance request's context let go of when the
// request ends.
func Wrap(next tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	return server{ProviderServer: next}
}

// server forwards every request to the embedded server; the ones made once per
// instance pass through serve.
type server struct {
	tfprotov6.ProviderServer
}

var (
	_ tfprotov6.ListResourceServer = server{}
	_ tfprotov6.ActionServer       = server{}
)

// serve calls next with a context that stops forwarding to ctx once next has
// returned, and is cancelled then.
func serve[Req, Resp any](ctx context.Context, req Req, next func(context.Context, Req) (Resp, error)) (Resp, error) {
	ctx, cancel := context.WithCancel(ctx)
	rc := &requestContext{done: ctx.Done()}
	rc.parent.Store(&ctx)
	defer func() {
		cancel()
		rc.parent.Store(nil)
	}()
	return next(rc, req)
}

// requestContext forwards to its parent until the request ends; after that it
// is done, cancelled and holds no values, and keeps nothing of the request's
// context but its done channel.
type requestContext struct {
	parent atomic.Pointer[context.Context] // nil once the request has ended
	done   <-chan struct{}                 // the parent's
}

func (c *requestContext) Deadline() (time.Time, bool) {
	if p := c.parent.Load(); p != nil {
		return (*p).Deadline()
	}
	return time.Time{}, false
}

func (c *requestContext) Done() <-chan struct{} { return c.done }

func (c *requestContext) Err() error {
	if p := c.parent.Load(); p != nil {
		return (*p).Err()
	}
	return context.Canceled
}

func (c *requestContext) Value(key any) any {
	if p := c.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}

func (s server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serve(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serve(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serve(ctx, req, s.ProviderServer.ReadResource)
}

func (s server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serve(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serve(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serve(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serve(ctx, req, s.ProviderServer.MoveResourceState)
}

func (s server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serve(ctx, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s server) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return serve(ctx, req, s.ProviderServer.GenerateResourceConfig)
}

func (s server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serve(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serve(ctx, req, s.ProviderServer.ReadDataSource)
}

func (s server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return serve(ctx, req, s.ProviderServer.CallFunction)
}

func (s server) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return serve(ctx, req, s.ProviderServer.ValidateEphemeralResourceConfig)
}

func (s server) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return serve(ctx, req, s.ProviderServer.OpenEphemeralResource)
}

func (s server) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return serve(ctx, req, s.ProviderServer.RenewEphemeralResource)
}

func (s server) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return serve(ctx, req, s.ProviderServer.CloseEphemeralResource)
}

// The framework's server serves list resources and actions whatever the
// provider declares (none: empty schemas); a server without them says so.

func (s server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	next, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errUnserved("list resources")
	}
	return serve(ctx, req, next.ValidateListResourceConfig)
}

func (s server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	next, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errUnserved("list resources")
	}
	return next.ListResource(ctx, req)
}

func (s server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	next, ok := s.ProviderServer.(tfprotov6.ActionServer)
	if !ok {
		return nil, errUnserved("actions")
	}
	return serve(ctx, req, next.ValidateActionConfig)
}

func (s server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	next, ok := s.ProviderServer.(tfprotov6.ActionServer)
	if !ok {
		return nil, errUnserved("actions")
	}
	return serve(ctx, req, next.PlanAction)
}

func (s server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	next, ok := s.ProviderServer.(tfprotov6.ActionServer)
	if !ok {
		return nil, errUnserved("actions")
	}
	return next.InvokeAction(ctx, req)
}

func errUnserved(what string) error {
	return fmt.Errorf("this provider server does not serve %s", what)
}
