package zilliz

import (
	"context"
	"time"
)

// callOptions are what the client's own machinery (lookups, waits) asks of the
// calls made under a context, without a private twin of each public method.
type callOptions struct {
	// noRetry ends a call at its first transient failure, for callers that have
	// a fallback (a list page's is a describe); 429s are still waited out.
	noRetry bool
	// sent, when set, receives when the call's last attempt went out, past the
	// pacer: the moment the answer describes.
	sent *time.Time
}

type callOptionsKey struct{}

func withCallOptions(ctx context.Context, o *callOptions) context.Context {
	return context.WithValue(ctx, callOptionsKey{}, o)
}

// callOptionsOf returns ctx's options; none is the zero value.
func callOptionsOf(ctx context.Context) *callOptions {
	if o, ok := ctx.Value(callOptionsKey{}).(*callOptions); ok {
		return o
	}
	return &callOptions{}
}

func (o *callOptions) sentAt(t time.Time) {
	if o.sent != nil {
		*o.sent = t
	}
}
