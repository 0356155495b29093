# A cluster in the provider's cloud_region, by its id.
import {
  to = zilliz_cluster.serverless
  id = "in05-0123456789abcdef"
}

# A cluster in any region, as "<region_id>/<cluster_id>".
import {
  to = zilliz_cluster.dedicated
  id = "ali-cn-hangzhou/in01-0123456789abcdef"
}
