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

variable "project_id" {
  type        = string
  description = "Project that holds the cluster."
}

# Set by the night-time schedule: false at 20:00, true at 07:00.
variable "working_hours" {
  type        = bool
  default     = true
  description = "Whether the staging cluster should be running."
}

resource "zilliz_cluster" "staging" {
  cluster_name   = "search-staging"
  project_id     = var.project_id
  plan           = "Standard"
  cu_size        = 2
  desired_status = var.working_hours ? "RUNNING" : "SUSPENDED"

  timeouts {
    update = "45m" # a suspend or resume waits within the update timeout
  }
}

output "staging_status" {
  value = zilliz_cluster.staging.status
}
