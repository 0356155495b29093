# Every cluster of the region that is not in this configuration's state is a
# stray candidate: list them all, with what an import would record.
list "zilliz_cluster" "all" {
  provider         = zilliz
  include_resource = true
  limit            = 1000

  config {
    project_id = "proj-0a1b2c3d4e5f6a7b8c9d0e"
  }
}
