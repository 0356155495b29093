# A cluster in the provider's cloud_region.
data "zilliz_cluster" "orders" {
  id = "in01-0123456789abcdef"
}

# A cluster in another region.
data "zilliz_cluster" "analytics" {
  id        = "in01-fedcba9876543210"
  region_id = "aws-us-west-2"
}

output "orders_endpoint" {
  value = data.zilliz_cluster.orders.connect_address
}

output "analytics_status" {
  value = data.zilliz_cluster.analytics.status
}
