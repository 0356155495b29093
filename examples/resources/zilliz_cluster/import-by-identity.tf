import {
  to = zilliz_cluster.dedicated
  identity = {
    id        = "in01-0123456789abcdef"
    region_id = "aws-us-west-2" # optional: the provider's cloud_region when left out
  }
}
