package zilliz

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/listing"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/pacing"
	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz/poll"
)

// Defaults of Config fields left zero.
const (
	DefaultEndpoint       = "https://controller.api.{region}.cloud.zilliz.com.cn"
	GlobalEndpoint        = "https://controller.api.{region}.zillizcloud.com"
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 6
)

// Config configures a Client.
type Config struct {
	// APIKey is sent as a Bearer token. It never appears in errors or logs.
	APIKey string
	// APIVersion is the wire dialect: APIVersionV1 (the default) or APIVersionV2.
	APIVersion string
	// Endpoint is, on v1, a URL template in which {region} is replaced by the
	// region addressed (default DefaultEndpoint); on v2, the base URL of every
	// call (default: the site of the region addressed, see V2SiteOf).
	Endpoint string
	// UserAgent names the caller, e.g. "terraform-provider-zilliz/1.2.3".
	UserAgent string
	// HTTPClient defaults to a client with sane transport timeouts.
	HTTPClient *http.Client
	// RequestTimeout bounds one attempt (connect to last byte); the caller's context bounds the whole call.
	RequestTimeout time.Duration
	// MaxRetries bounds retries of transient failures (5xx, transport errors) per
	// call: 0 sends each request once. DefaultMaxRetries suits most callers.
	// Answers of HTTP 429 are paced separately, and waited out up to 30 times.
	MaxRetries int
	// MaxRate caps requests per second for this client (0: no cap, the client adapts
	// to the server's 429 answers on its own).
	MaxRate float64
	// RetryBaseDelay is the first delay between retries of transient failures (default 250 ms);
	// later ones double, with jitter, up to 8 s.
	RetryBaseDelay time.Duration
	// Logger receives one structured entry per attempt; nil discards them.
	Logger Logger
}

// Logger is where the client reports what it does. Fields never hold secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

// Client talks to the v1 or the v2 API (Config.APIVersion). It is safe for concurrent use; all calls of one
// Client share one pacing budget, so many resources never outrun the API together.
type Client struct {
	apiKey         string
	dialect        dialect
	userAgent      string
	http           *http.Client
	requestTimeout time.Duration
	maxRetries     int
	log            Logger
	pacer          *pacing.Pacer
	polls          *poll.Estimator[*follower]

	backoff time.Duration

	Clusters *Clusters
	Projects *Projects
	Clouds   *Clouds
}

// NewClient validates cfg and returns a Client.
func NewClient(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, fmt.Errorf("%w: an API key is required", ErrInvalidInput)
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = APIVersionV1
	}
	if err := ValidateAPIVersion(cfg.APIVersion); err != nil {
		return nil, err
	}
	if cfg.Endpoint == "" && cfg.APIVersion == APIVersionV1 {
		cfg.Endpoint = DefaultEndpoint
	}
	if cfg.Endpoint != "" {
		if err := ValidateEndpointFor(cfg.APIVersion, cfg.Endpoint); err != nil {
			return nil, err
		}
	}
	d, err := newDialect(cfg.APIVersion, trimBase(cfg.Endpoint))
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("%w: max retries %d must not be negative", ErrInvalidInput, cfg.MaxRetries)
	}
	if cfg.MaxRate < 0 {
		return nil, fmt.Errorf("%w: max rate %v must not be negative", ErrInvalidInput, cfg.MaxRate)
	}
	c := &Client{
		apiKey:         cfg.APIKey,
		dialect:        d,
		userAgent:      cfg.UserAgent,
		http:           cfg.HTTPClient,
		requestTimeout: cfg.RequestTimeout,
		maxRetries:     cfg.MaxRetries,
		log:            cfg.Logger,
		pacer:          pacing.New(cfg.MaxRate),
		polls:          poll.NewEstimator[*follower](),
		backoff:        cfg.RetryBaseDelay,
	}
	if c.backoff <= 0 {
		c.backoff = 250 * time.Millisecond
	}
	if c.http == nil {
		c.http = &http.Client{Transport: newTransport()}
	}
	if c.requestTimeout <= 0 {
		c.requestTimeout = DefaultRequestTimeout
	}
	if c.log == nil {
		c.log = nopLogger{}
	}
	if c.userAgent == "" {
		c.userAgent = "zilliz-go-client"
	}
	c.Clusters = &Clusters{c: c, readers: map[string]*listing.Reader[ClusterSummary]{}}
	c.Projects = &Projects{c: c}
	c.Clouds = &Clouds{c: c}
	return c, nil
}

// baseURL is the endpoint for one region.
func (c *Client) baseURL(region string) (string, error) { return c.dialect.base(region) }

// APIVersion is the wire dialect the client speaks.
func (c *Client) APIVersion() string {
	if _, ok := c.dialect.(v2); ok {
		return APIVersionV2
	}
	return APIVersionV1
}

// newTransport is Go's default transport keeping more idle connections per host:
// Terraform applies many resources in parallel against one regional host, and the
// default of 2 would reopen a connection for nearly every call.
func newTransport() http.RoundTripper {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}
