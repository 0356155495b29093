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

# zilliz_cluster.production was handed over to another team's configuration:
# Terraform forgets it here without dropping it, protected or not.
removed {
  from = zilliz_cluster.production

  lifecycle {
    destroy = false
  }
}
