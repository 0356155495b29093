# Every cluster of the provider's region whose name starts with "tmp-".
list "zilliz_cluster" "temporary" {
  provider = zilliz

  config {
    name_regex = "^tmp-"
  }
}

# Up to 500 suspended dedicated clusters of one project, in another region,
# with the state an import would record (for -generate-config-out).
list "zilliz_cluster" "idle" {
  provider         = zilliz
  include_resource = true
  limit            = 500

  config {
    region_id  = "aws-us-west-2"
    project_id = "proj-0a1b2c3d4e5f6a7b8c9d0e"
    status     = "SUSPENDED"
  }
}
