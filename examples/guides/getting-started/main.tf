terraform {
  required_version = ">= 1.5.0"

  required_providers {
    zilliz = {
      source = "zilliz-terraform/zilliz"
    }
  }
}

# ZILLIZ_API_KEY comes from the environment.
provider "zilliz" {
  cloud_region = "ali-cn-hangzhou"
}

# Find the project to put the cluster in, by name.
data "zilliz_projects" "all" {}

locals {
  project_id = one([
    for p in data.zilliz_projects.all.projects : p.project_id if p.project_name == "Default Project"
  ])
}

resource "zilliz_cluster" "search" {
  cluster_name = "getting-started"
  project_id   = local.project_id
  plan         = "Standard"
  cu_size      = 1
}

output "cluster_id" {
  value = zilliz_cluster.search.id
}

output "connect_address" {
  value = zilliz_cluster.search.connect_address
}

output "username" {
  value = zilliz_cluster.search.username
}

output "password" {
  value     = zilliz_cluster.search.password
  sensitive = true
}
