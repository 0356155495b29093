data "zilliz_cloud_providers" "all" {}

output "cloud_ids" {
  value = [for p in data.zilliz_cloud_providers.all.cloud_providers : p.cloud_id]
}
