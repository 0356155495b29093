terraform {
  required_providers {
    zilliz = {
      source = "zilliz-terraform/zilliz"
    }
  }
}

# The API key is best left out of the configuration: set ZILLIZ_API_KEY in the
# environment instead (or pass it in through a sensitive variable).
provider "zilliz" {
  # Default region for new clusters and for the data sources (or ZILLIZ_CLOUD_REGION).
  cloud_region = "ali-cn-hangzhou"

  # On v1, a URL template of the control-plane API (or ZILLIZ_ENDPOINT); {region}
  # is replaced by the region of the cluster being addressed. Two sites:
  #   China (the default): https://controller.api.{region}.cloud.zilliz.com.cn
  #   Global:              https://controller.api.{region}.zillizcloud.com
  # endpoint = "https://controller.api.{region}.zillizcloud.com"

  # API version (or ZILLIZ_API_VERSION): "v1" (the default, deprecated upstream)
  # or "v2". Switching a live state changes nothing in the plan. On v2, endpoint
  # is a base URL without {region}; unset, ali-* and tc-* regions go to
  # https://api.cloud.zilliz.com.cn and the others to https://api.cloud.zilliz.com.
  api_version = "v2"
}
