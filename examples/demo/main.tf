# The configuration `make demo` applies against the local mock control plane.
# The provider reads ZILLIZ_API_KEY, ZILLIZ_ENDPOINT, ZILLIZ_CLOUD_REGION and
# ZILLIZ_API_VERSION (API_VERSION=v2 make demo) from the environment that
# scripts/demo.sh sets up.

terraform {
  required_providers {
    zilliz = {
      source = "zilliz-terraform/zilliz"
    }
  }
}

provider "zilliz" {}

# A dedicated cluster, the smallest size.
resource "zilliz_cluster" "standard" {
  cluster_name = "demo-standard"
  project_id   = "proj-0a1b2c3d4e5f6a7b8c9d0e"
  plan         = "Standard"
  cu_size      = 1
}

# A serverless cluster. The API may refuse to drop serverless clusters
# (code 80021; v2: 96022), and the mock does: `terraform destroy` then reports
# it and keeps it in state.
resource "zilliz_cluster" "serverless" {
  cluster_name = "demo-serverless"
  project_id   = "proj-0a1b2c3d4e5f6a7b8c9d0e"
  plan         = "Serverless"
}

output "standard_id" {
  value = zilliz_cluster.standard.id
}

output "standard_status" {
  value = zilliz_cluster.standard.status
}

output "standard_connect_address" {
  value = zilliz_cluster.standard.connect_address
}

output "serverless_id" {
  value = zilliz_cluster.serverless.id
}

output "serverless_status" {
  value = zilliz_cluster.serverless.status
}

output "serverless_connect_address" {
  value = zilliz_cluster.serverless.connect_address
}
