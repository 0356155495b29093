# terraform query reads the provider's configuration from the .tf files beside
# the .tfquery.hcl ones.
provider "zilliz" {}
