terraform {
  required_version = ">= 1.14"
  required_providers {
    zilliz = {
      source = "zilliz-terraform/zilliz"
    }
  }
}

provider "zilliz" {
  cloud_region = "aws-us-west-2"
}

# Drop one stray the query found: its id and its name, which must match.
action "zilliz_cluster_drop" "stray" {
  config {
    cluster_id   = "in01-0123456789abcdef"
    cluster_name = "tmp-load-test"
  }
}
