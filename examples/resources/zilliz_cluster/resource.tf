# A dedicated cluster: cu_size is required and can be changed in place.
resource "zilliz_cluster" "dedicated" {
  cluster_name = "orders-search"
  project_id   = "proj-0a1b2c3d4e5f6a7b8c9d0e"
  plan         = "Standard"
  cu_size      = 2
  cu_type      = "Performance-optimized"
  region_id    = "ali-cn-hangzhou"

  timeouts {
    create = "30m"
    update = "30m"
    delete = "20m"
  }
}

# A serverless cluster: no cu_size or cu_type. Note that the API may refuse to
# drop serverless clusters: see the "What terraform destroy does" guide.
resource "zilliz_cluster" "serverless" {
  cluster_name = "orders-sandbox"
  project_id   = "proj-0a1b2c3d4e5f6a7b8c9d0e"
  plan         = "Serverless"
}

output "dedicated_connect_address" {
  value = zilliz_cluster.dedicated.connect_address
}

output "dedicated_password" {
  value     = zilliz_cluster.dedicated.password
  sensitive = true
}
