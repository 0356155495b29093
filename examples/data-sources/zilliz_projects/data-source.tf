data "zilliz_projects" "all" {}

# Look a project up by its name.
locals {
  project_ids = { for p in data.zilliz_projects.all.projects : p.project_name => p.project_id }
}

output "default_project_id" {
  value = local.project_ids["Default Project"]
}
