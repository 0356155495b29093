package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zilliz-terraform/terraform-provider-zilliz/internal/zilliz"
)

var (
	_ datasource.DataSource              = (*clusterDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*clusterDataSource)(nil)
)

// NewClusterDataSource is the zilliz_cluster data source.
func NewClusterDataSource() datasource.DataSource { return &clusterDataSource{} }

type clusterDataSource struct{ dataSourceBase }

// clusterDataModel is one cluster as both cluster data sources show it: the whole
// zilliz_cluster data source, and each element of zilliz_clusters' list.
type clusterDataModel struct {
	ID                 types.String `tfsdk:"id"`
	ClusterName        types.String `tfsdk:"cluster_name"`
	ProjectID          types.String `tfsdk:"project_id"`
	Plan               types.String `tfsdk:"plan"`
	CUSize             types.Int64  `tfsdk:"cu_size"`
	CUType             types.String `tfsdk:"cu_type"`
	RegionID           types.String `tfsdk:"region_id"`
	Status             types.String `tfsdk:"status"`
	Description        types.String `tfsdk:"description"`
	ConnectAddress     types.String `tfsdk:"connect_address"`
	PrivateLinkAddress types.String `tfsdk:"private_link_address"`
	CreateTime         types.String `tfsdk:"create_time"`
	StorageSize        types.Int64  `tfsdk:"storage_size"`
	SnapshotNumber     types.Int64  `tfsdk:"snapshot_number"`
	CreateProgress     types.Int64  `tfsdk:"create_progress"`
}

// clusterDataFrom is the one conversion from a list entry to the model. A list
// page leaves out storage_size, snapshot_number and create_progress: they are
// null here, and describedClusterData fills them from a describe. Like the
// zilliz_cluster resource, it reports cu_size and cu_type as null for the
// Serverless and Free plans, which have no compute units.
func clusterDataFrom(c *zilliz.ClusterSummary) clusterDataModel {
	m := clusterDataModel{
		ID:                 types.StringValue(c.ID),
		ClusterName:        types.StringValue(c.Name),
		ProjectID:          types.StringValue(c.ProjectID),
		Plan:               types.StringValue(c.Plan),
		RegionID:           types.StringValue(c.RegionID),
		Status:             types.StringValue(c.Status),
		Description:        types.StringValue(c.Description),
		ConnectAddress:     types.StringValue(c.ConnectAddress),
		PrivateLinkAddress: types.StringValue(c.PrivateLinkAddress),
		CreateTime:         types.StringValue(c.CreateTime),
		StorageSize:        types.Int64Null(),
		SnapshotNumber:     types.Int64Null(),
		CreateProgress:     types.Int64Null(),
	}
	m.CUSize, m.CUType = computeUnits(c)
	return m
}

// describedClusterData is clusterDataFrom plus what only a describe answers.
func describedClusterData(c *zilliz.Cluster) clusterDataModel {
	m := clusterDataFrom(&c.ClusterSummary)
	m.StorageSize = types.Int64Value(c.StorageSize)
	m.SnapshotNumber = types.Int64Value(c.SnapshotNumber)
	m.CreateProgress = types.Int64Value(c.CreateProgress)
	return m
}

// clusterDataAttributes is the schema of clusterDataModel, every attribute computed.
// zilliz_cluster overrides its arguments (id, region_id); zilliz_clusters nests it as is.
func clusterDataAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	num := func(desc string) schema.Attribute {
		return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":           str("The cluster id, such as `in01-3e5ad8adc38c3b8`."),
		"cluster_name": str("Name of the cluster."),
		"project_id":   str("Id of the project that holds the cluster, such as `proj-4487580fcfe2c8a4391686`."),
		"plan":         str("Plan of the cluster: `Standard` or `Enterprise` (dedicated), `Serverless` or `Free`."),
		"cu_size":      num("Number of compute units. Null for the `Serverless` and `Free` plans, which have none."),
		"cu_type": str("Compute unit type of a dedicated cluster: `Performance-optimized`, `Capacity-optimized`, " +
			"`Cost-optimized` or `Tiered-storage`. Null for the `Serverless` and `Free` plans."),
		"region_id": str("Cloud region of the cluster, such as `aws-us-west-2`."),
		"status": str("Status reported by the API, such as `RUNNING`, `CREATING`, `MODIFYING`, `SUSPENDED`, " +
			"`DELETING` or `DELETED` (in the recycle bin)."),
		"description":          str("Description of the cluster; empty when none is set."),
		"connect_address":      str("Public endpoint of the cluster."),
		"private_link_address": str("Private link endpoint of the cluster; an empty string (`\"\"`, which `terraform state show` prints as `null`) when none is set up, as in the `zilliz_cluster` resource."),
		"create_time":          str("Creation time, RFC 3339 in UTC, as the API reports it."),
		"storage_size":         num("Storage size of the cluster, as the API reports it." + describeOnly),
		"snapshot_number":      num("Number of snapshots (backups) of the cluster." + describeOnly),
		"create_progress":      num("Creation progress in percent, 0 to 100; 100 once the cluster has been created." + describeOnly),
	}
}

// describeOnly ends the description of the attributes only a describe answers.
const describeOnly = " Null in `zilliz_clusters`: the API's list pages do not report it."

func (d *clusterDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cluster"
}

func (d *clusterDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := clusterDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The id of the cluster to read, such as `in01-3e5ad8adc38c3b8`.",
		Required:            true,
		Validators:          []validator.String{clusterIDValidator},
	}
	attrs["region_id"] = schema.StringAttribute{
		MarkdownDescription: "Cloud region of the cluster, such as `aws-us-west-2`. Defaults to the provider's " +
			"`cloud_region`; one of the two is required. The cluster is looked up in this region only.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{regionIDValidator},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One Zilliz Cloud cluster, by id, with every field the API describes. A cluster that does " +
			"not exist in the region, or that is `DELETED` (in the recycle bin), is an error, never an empty result. " +
			"To list clusters, including those in the recycle bin, use `zilliz_clusters`.",
		Attributes: attrs,
	}
}

func (d *clusterDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg clusterDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region := d.regionFor(cfg.RegionID, true, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	cluster, err := d.data.client.Clusters.Describe(ctx, region, id)
	switch {
	case zilliz.IsNotFound(err):
		detail := fmt.Sprintf("Cluster %s does not exist in region %s (code %d: %s).", id, region, zilliz.CodeOf(err), messageOf(err))
		if zilliz.CodeOf(err) == zilliz.CodeNotInRegion {
			detail += " If the cluster lives in another region, set region_id to that region."
		} else {
			detail += " Either there is no such cluster, or the API key has no permission on it."
		}
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Cluster not found", detail)
		return
	case err != nil:
		resp.Diagnostics.AddError("Unable to read cluster", fmt.Sprintf("Describing cluster %s in region %s failed: %s", id, region, clientError(err)))
		return
	case cluster.Deleted():
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Cluster not found",
			fmt.Sprintf("Cluster %s in region %s is DELETED: it was dropped and is in the recycle bin, so it is gone for "+
				"Terraform. To list clusters in the recycle bin, use the zilliz_clusters data source with include_deleted = true.",
				id, region))
		return
	}
	state := describedClusterData(cluster)
	// The arguments stay as configured (Terraform requires it); the region is the one asked.
	state.ID, state.RegionID = cfg.ID, types.StringValue(region)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
