# A cluster in the provider's cloud_region, by its id:
terraform import zilliz_cluster.serverless in05-0123456789abcdef

# A cluster in any region, as <region_id>/<cluster_id>:
terraform import zilliz_cluster.dedicated ali-cn-hangzhou/in01-0123456789abcdef
