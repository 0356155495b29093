data "zilliz_cloud_regions" "aws" {
  cloud_id = "aws"
}

output "aws_region_ids" {
  value = [for r in data.zilliz_cloud_regions.aws.regions : r.region_id]
}
