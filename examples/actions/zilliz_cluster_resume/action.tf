# terraform apply -invoke=action.zilliz_cluster_resume.morning
action "zilliz_cluster_resume" "morning" {
  config {
    cluster_id = "in01-0123456789abcdef"
    timeout    = "45m"
  }
}
