#!/usr/bin/env bash
# Validates every Terraform configuration under examples/ with the provider
# built from this work tree, through a temporary CLI configuration whose
# dev_overrides point zilliz-terraform/zilliz, on Terraform's and on OpenTofu's
# registry host, at it.
#
#   scripts/validate-examples.sh              validate every example directory
#   scripts/validate-examples.sh DIR...       validate only these directories
#
# TERRAFORM names the CLI to run (default: terraform on PATH), e.g. a tofu binary.
# Directories with an action block, a .tfquery.hcl file or an import by identity
# need Terraform 1.12 or 1.14 or later, whatever TERRAFORM is: they are validated
# (with -query) by the newest Terraform, TERRAFORM_NEWEST or else the one
# build-terraform-newest.sh builds.
#
# Each directory is validated in a scratch copy: examples that are rendered
# into the docs (resource.tf, data-source.tf) carry no required_providers
# block, so one is added to the copy, mapping "zilliz" to this provider's
# source address. Nothing is contacted: dev_overrides need no `terraform init`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

work="$(mktemp -d "${TMPDIR:-/tmp}/zilliz-validate-examples.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "==> building the provider"
mkdir -p "$work/bin"
go build -o "$work/bin/terraform-provider-zilliz" .

cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/zilliz-terraform/zilliz" = "$work/bin"
    "registry.opentofu.org/zilliz-terraform/zilliz" = "$work/bin"
  }
  direct {}
}
EOF
# Override whatever CLI configuration the caller's environment names.
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
unset TF_CLI_ARGS TF_CLI_ARGS_validate TF_WORKSPACE TF_DATA_DIR
# Validation does not contact the API, but give the provider a complete
# configuration so that no example depends on the caller's environment.
export ZILLIZ_API_KEY="example-validation-key"
export ZILLIZ_CLOUD_REGION="ali-cn-hangzhou"
unset ZILLIZ_ENDPOINT

if [ "$#" -gt 0 ]; then
  dirs=("$@")
else
  mapfile -t dirs < <(find examples -type f \( -name '*.tf' -o -name '*.tfquery.hcl' \) -printf '%h\n' | sort -u)
fi
if [ "${#dirs[@]}" -eq 0 ]; then
  echo "no example directories found under examples/" >&2
  exit 1
fi

# validate NAME COPY: terraform validate of the scratch copy COPY, reported as NAME.
failed=()
validate() {
  local name="$1" copy="$2"
  if ! grep -qs 'required_providers' "$copy"/*.tf; then
    cat >"$copy/zz_validate_providers.tf" <<'EOF'
terraform {
  required_providers {
    zilliz = {
      source = "zilliz-terraform/zilliz"
    }
  }
}
EOF
  fi
  local cli=("${TERRAFORM:-terraform}" -chdir="$copy" validate)
  if [ -n "$(find "$copy" -maxdepth 1 -name '*.tfquery.hcl')" ] || grep -qsE '^action "|^  identity = \{' "$copy"/*.tf; then
    [ -n "${TERRAFORM_NEWEST:-}" ] || TERRAFORM_NEWEST="$(bash scripts/build-terraform-newest.sh)"
    cli=("$TERRAFORM_NEWEST" -chdir="$copy" validate -query)
  fi
  local out
  if out="$("${cli[@]}" -no-color 2>&1)"; then
    # Terraform warns that dev_overrides are in effect: expected here.
    echo "ok    $name"
  else
    echo "FAIL  $name"
    printf '%s\n' "$out" | sed 's/^/      /'
    failed+=("$name")
  fi
}

for dir in "${dirs[@]}"; do
  dir="${dir%/}"
  copy="$work/examples/$dir"
  mkdir -p "$copy"
  # Only the configuration files: never a .terraform/ or state left behind.
  find "$dir" -maxdepth 1 -type f \( -name '*.tf' -o -name '*.tfvars' -o -name '*.tf.json' -o -name '*.tfquery.hcl' \) \
    -not -name import-by-identity.tf -exec cp {} "$copy/" \;
  validate "$dir" "$copy"
  # An import by identity (Terraform 1.12+) targets a resource the import by id
  # string targets too: it is validated on its own, with the resources.
  if [ -f "$dir/import-by-identity.tf" ]; then
    mkdir -p "$copy-identity"
    cp "$dir/resource.tf" "$dir/import-by-identity.tf" "$copy-identity/"
    validate "$dir/import-by-identity.tf" "$copy-identity"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "terraform validate failed for ${#failed[@]} example directories: ${failed[*]}" >&2
  exit 1
fi
echo "all ${#dirs[@]} example directories are valid"
