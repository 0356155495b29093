package provider

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

// actionBase is what every cluster action shares: the provider's client and
// default region, the cluster_id, region_id and timeout arguments, and
// progress messages while it waits.
type actionBase struct{ data *providerData }

func (a *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataOf(req.ProviderData, &resp.Diagnostics)
}

// clusterActionAttributes are the arguments every cluster action takes; what
// names the timeout's default and what it waits for.
func clusterActionAttributes(waitsFor string, timeout time.Duration) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"cluster_id": schema.StringAttribute{
			MarkdownDescription: "Id of the cluster, such as `in01-3e5ad8adc38c3b8`.",
			Required:            true,
			Validators:          []validator.String{clusterIDValidator},
		},
		"region_id": schema.StringAttribute{
			MarkdownDescription: "Region of the cluster, such as `aws-us-west-2`. Defaults to the provider's `cloud_region`.",
			Optional:            true,
			Validators:          []validator.String{regionIDValidator},
		},
		"timeout": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("How long to wait for the cluster to be %s, such as `\"45m\"`; default `%s`. "+
				"The action fails once it has waited that long (the operation the API accepted goes on).",
				waitsFor, shortDuration(timeout)),
			Optional:   true,
			Validators: []validator.String{durationValidator{}},
		},
	}
}

// clusterTarget is the cluster an action addresses, and how long it may wait.
type clusterTarget struct {
	region, id string
	timeout    time.Duration
}

// target reads the common arguments; with no region anywhere it adds an error.
func (a *actionBase) target(id, region, timeout types.String, def time.Duration, diags *diag.Diagnostics) clusterTarget {
	t := clusterTarget{id: id.ValueString(), region: region.ValueString(), timeout: def}
	if t.region == "" && a.data != nil {
		t.region = a.data.region
	}
	if t.region == "" {
		diags.AddAttributeError(path.Root("region_id"), "No region for the cluster",
			"region_id is not set and the provider has no default region: set region_id here, or the provider's "+
				"cloud_region, or the "+EnvCloudRegion+" environment variable.")
	}
	if v := timeout.ValueString(); v != "" {
		t.timeout, _ = time.ParseDuration(v) // validated
	}
	return t
}

// progressEvery is how often an action that waits says it still does.
const progressEvery = 10 * time.Second

// waitWithProgress runs wait, telling Terraform every progressEvery how long
// it has waited for what.
func waitWithProgress(send func(action.InvokeProgressEvent), what string, wait func() error) error {
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				send(action.InvokeProgressEvent{Message: fmt.Sprintf("Still waiting for %s (%s so far)",
					what, time.Since(start).Round(time.Second))})
			}
		}
	})
	err := wait()
	close(done)
	wg.Wait() // progress may not be sent once Invoke has returned
	return err
}

// waitFailed is the diagnostic of a wait that did not end as hoped, after the
// API accepted the operation.
func waitFailed(ctx context.Context, accepted, what string, t clusterTarget, err error, diags *diag.Diagnostics) {
	switch waitEndOf(ctx) {
	case waitTimedOut:
		diags.AddError("Cluster not "+what+" in time",
			fmt.Sprintf("%s cluster %s in region %s was accepted, but the cluster was not %s within %s: %s\n\n"+
				"The operation goes on; invoke the action again with a longer timeout to keep waiting.",
				accepted, t.id, t.region, what, t.timeout, clientError(err)))
	case waitInterrupted:
		diags.AddError("Wait interrupted",
			fmt.Sprintf("%s cluster %s in region %s was accepted; the wait for it to be %s was interrupted: %s",
				accepted, t.id, t.region, what, clientError(err)))
	default:
		diags.AddError("Cluster not "+what,
			fmt.Sprintf("%s cluster %s in region %s was accepted, but waiting for it to be %s failed: %s",
				accepted, t.id, t.region, what, clientError(err)))
	}
}

// codeNamed is err's message, with its API code named when it has one.
func codeNamed(err error) string {
	if code := zilliz.CodeOf(err); code != 0 {
		return fmt.Sprintf("code %d: %s", code, clientError(err))
	}
	return clientError(err)
}

// durationValidator accepts a Go duration of at least a second, such as "45m" or "1h30m".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `a duration such as "45m" or "1h30m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if d, err := time.ParseDuration(s); err != nil || d < time.Second {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s is %q: it must be a duration of at least a second, such as \"45m\" or \"1h30m\" (units s, m, h).",
				req.Path, s))
	}
}

// clusterPowerModel is the configuration of the suspend and resume actions.
type clusterPowerModel struct {
	ClusterID types.String `tfsdk:"cluster_id"`
	RegionID  types.String `tfsdk:"region_id"`
	Timeout   types.String `tfsdk:"timeout"`
}

// invokePower suspends or resumes the cluster to reach target (powerRunning
// or powerSuspended) and waits until it is there. A cluster on its way
// somewhere is waited for first (the API refuses a power change then); one
// already at target is left alone. A cluster being deleted, or a serverless
// one to suspend, is refused without a request.
func (a *actionBase) invokePower(ctx context.Context, target string, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg clusterPowerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t := a.target(cfg.ClusterID, cfg.RegionID, cfg.Timeout, defaultUpdateTimeout, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()

	clusters := a.data.client.Clusters
	op, verb, state := clusters.Suspend, "suspend", "suspended"
	if target == powerRunning {
		op, verb, state = clusters.Resume, "resume", "running"
	}
	c, err := clusters.Lookup(ctx, t.region, t.id)
	switch {
	case err != nil:
	case c.Deleted():
		err = fmt.Errorf("cluster %s is DELETED (in the recycle bin): %w", t.id, zilliz.ErrNotFound)
	case c.Status == zilliz.StatusDeleting: // it will never settle
		err = fmt.Errorf("cluster %s is DELETING: a drop was accepted, and it can no longer be suspended or resumed", t.id)
	case target == powerSuspended && zilliz.IsServerlessPlan(c.Plan): // refused by the API: nothing is sent
		err = fmt.Errorf("cluster %s is of plan %s: %w", t.id, c.Plan, zilliz.ErrServerlessUnsupported)
	}
	if err == nil && c.Status != zilliz.StatusRunning && !c.Suspended() && !c.Failed() {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Cluster %s is %s; waiting until it settles", t.id, c.Status)})
		err = waitWithProgress(resp.SendProgress, "cluster "+t.id+" to settle", func() error {
			c, err = clusters.Wait(ctx, t.region, t.id, zilliz.UntilSettled)
			return err
		})
	}
	if err != nil {
		resp.Diagnostics.AddError(powerFailure(t.id, t.region, target, err, ""))
		return
	}
	if powerOf(c.Status) == target {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Cluster %s is already %s", t.id, state)})
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Asking to %s cluster %s in region %s", verb, t.id, t.region)})
	if err := op(ctx, t.region, t.id); err != nil {
		resp.Diagnostics.AddError(powerFailure(t.id, t.region, target, err, ""))
		return
	}
	err = waitWithProgress(resp.SendProgress, "cluster "+t.id+" to be "+state, func() error {
		_, err := waitPower(ctx, clusters, t.region, t.id, target)
		return err
	})
	if err != nil {
		waitFailed(ctx, "The "+verb+" of", state, t, err, &resp.Diagnostics)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Cluster %s is %s", t.id, state)})
}
