package provider

// NewWithClientConfig lets the acceptance tests (package provider_test) build
// the provider with a tuned client, without putting the hook in the public API.
var NewWithClientConfig = newWithClientConfig
