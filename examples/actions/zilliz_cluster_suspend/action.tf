# terraform apply -invoke=action.zilliz_cluster_suspend.nightly
action "zilliz_cluster_suspend" "nightly" {
  config {
    cluster_id = "in01-0123456789abcdef"
  }
}
