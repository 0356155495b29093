# terraform apply -invoke=action.zilliz_cluster_drop.stray
action "zilliz_cluster_drop" "stray" {
  config {
    cluster_id   = "in01-0123456789abcdef"
    region_id    = "aws-us-west-2"
    cluster_name = "tmp-load-test" # must be the cluster's actual name, or nothing is dropped
    timeout      = "30m"
  }
}
