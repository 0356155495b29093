# Every running cluster of one project in the provider's cloud_region.
# Every page of the API's list is followed, however many clusters the region holds.
data "zilliz_clusters" "running" {
  project_id = "proj-0a1b2c3d4e5f6a7b8c9d0e"
  status     = "RUNNING"
}

# One output entry per cluster, keyed by cluster id.
output "connect_addresses" {
  value = {
    for c in data.zilliz_clusters.running.clusters : c.id => c.connect_address
  }
}

# The same list fed into for_each: one instance per dedicated cluster,
# each checking that the cluster reports compute units.
resource "terraform_data" "cu_size_check" {
  for_each = {
    for c in data.zilliz_clusters.running.clusters : c.id => c
    if c.plan == "Standard" || c.plan == "Enterprise"
  }

  input = each.value.cluster_name

  lifecycle {
    precondition {
      condition     = each.value.cu_size >= 1
      error_message = "Cluster ${each.key} reports no compute units."
    }
  }
}

# Clusters in the recycle bin (DELETED) are left out unless asked for.
data "zilliz_clusters" "everything" {
  region_id       = "aws-us-west-2"
  include_deleted = true
}

output "deleted_cluster_ids" {
  value = [for c in data.zilliz_clusters.everything.clusters : c.id if c.status == "DELETED"]
}
