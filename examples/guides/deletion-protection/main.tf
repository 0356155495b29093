terraform {
  required_version = ">= 1.7.0" # removed blocks

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

variable "project_id" {
  type        = string
  description = "Project that holds the clusters."
}

# Production data: no plan may drop it while deletion_protection is true.
resource "zilliz_cluster" "production" {
  cluster_name        = "search-prod"
  project_id          = var.project_id
  plan                = "Enterprise"
  cu_size             = 8
  deletion_protection = true
}

# A scratch cluster beside it: `terraform destroy` of this configuration fails
# at plan time because of zilliz_cluster.production, so this one is not dropped
# either. Destroy it alone with -target, or turn protection off first.
resource "zilliz_cluster" "scratch" {
  cluster_name = "search-scratch"
  project_id   = var.project_id
  plan         = "Standard"
  cu_size      = 1
}
