package server_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/provider"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/server"
)

type ctxKey struct{}

// payload stands for what terraform-plugin-go puts in a request's context.
type payload [64 << 10]byte

// requestCtx is a cancelled-at-end request context, as gRPC gives a handler,
// carrying a payload; the weak pointer tells whether anything still holds it.
func requestCtx() (context.Context, context.CancelFunc, weak.Pointer[payload]) {
	p := new(payload)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, p))
	return ctx, cancel, weak.Make(p)
}

// retained reports whether the payload is still reachable after a collection.
func retained(w weak.Pointer[payload]) bool {
	runtime.GC()
	return w.Value() != nil
}

// keeper is a downstream server that, like the framework, keeps every
// request's context; it records what the context looked like during the call.
type keeper struct {
	tfprotov6.ProviderServer
	kept                []context.Context
	sawValue, sawErrNil bool
}

func (k *keeper) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	k.kept = append(k.kept, ctx)
	k.sawValue = ctx.Value(ctxKey{}) != nil
	k.sawErrNil = ctx.Err() == nil
	return &tfprotov6.ReadResourceResponse{}, nil
}

func TestRequestContextLetGoOfAfterTheRequest(t *testing.T) {
	for _, tt := range []struct {
		name    string
		wrap    bool
		wantRef bool
	}{
		{"unwrapped, a server that keeps contexts keeps the request's", false, true},
		{"wrapped, the request's context is let go of", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := &keeper{}
			var s tfprotov6.ProviderServer = k
			if tt.wrap {
				s = server.Wrap(k)
			}
			ctx, cancel, w := requestCtx()
			if _, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
				t.Fatal(err)
			}
			cancel() // gRPC cancels a handler's context when it returns
			if !k.sawValue || !k.sawErrNil {
				t.Errorf("during the request: value seen %v, Err nil %v; want both", k.sawValue, k.sawErrNil)
			}
			if got := retained(w); got != tt.wantRef {
				t.Errorf("request context retained after the request = %v, want %v", got, tt.wantRef)
			}
			runtime.KeepAlive(k.kept)
		})
	}
}

func TestRequestContextAfterTheRequest(t *testing.T) {
	k := &keeper{}
	ctx, cancel, _ := requestCtx()
	defer cancel()
	if _, err := server.Wrap(k).ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	got := k.kept[0]
	select {
	case <-got.Done():
	default:
		t.Error("Done is open after the request returned")
	}
	if !errors.Is(got.Err(), context.Canceled) {
		t.Errorf("Err = %v, want context.Canceled", got.Err())
	}
	if got.Value(ctxKey{}) != nil {
		t.Error("Value still answers after the request returned")
	}
	if _, ok := got.Deadline(); ok {
		t.Error("Deadline still set after the request returned")
	}
}

// stopper sees its context cancelled while the request runs.
type stopper struct {
	tfprotov6.ProviderServer
	cancel func()
	err    error
}

func (s *stopper) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.cancel()
	<-ctx.Done()
	s.err = ctx.Err()
	return &tfprotov6.ReadResourceResponse{}, nil
}

func TestRequestCancelReachesTheProvider(t *testing.T) {
	ctx, cancel, _ := requestCtx()
	s := &stopper{cancel: cancel}
	if _, err := server.Wrap(s).ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(s.err, context.Canceled) {
		t.Errorf("Err during a cancelled request = %v, want context.Canceled", s.err)
	}
}

// The same through the framework's own server, serving this provider: the
// reason the package exists, and the check that tells when it can go (the
// first case fails once the framework lets go of contexts itself).
func TestFrameworkServerKeepsRequestContexts(t *testing.T) {
	for _, tt := range []struct {
		name    string
		server  func() tfprotov6.ProviderServer
		wantRef bool
	}{
		{"providerserver.NewProtocol6", providerserver.NewProtocol6(provider.New("test")()), true},
		{"server.New", server.New(provider.New("test")), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.server()
			schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				t.Fatal(err)
			}
			typ := schemas.ResourceSchemas["zilliz_cluster"].ValueType()
			cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel, w := requestCtx()
			if _, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "zilliz_cluster", Config: &cfg}); err != nil {
				t.Fatal(err)
			}
			cancel()
			if got := retained(w); got != tt.wantRef {
				t.Errorf("request context retained after the request = %v, want %v", got, tt.wantRef)
			}
			runtime.KeepAlive(s)
		})
	}
}
