#!/usr/bin/env bash
# Builds the newest Terraform the test matrix proves (default v1.16.4, TERRAFORM_NEWEST_VERSION
# picks another) from its Go module and prints the binary's path; cached in .cache/terraform
# like the oldest one (2-4 minutes on 2 cores, once).
#
# Since 1.12 Terraform's cloud remote-state backends and internal/legacy are nested Go
# modules, which the module zip leaves out, so a plain build of the module fails. The copy
# is built without them: their require and replace lines leave go.mod and their entries
# leave internal/backend/init/init.go. Local state, all the tests use, is untouched.
# Linking version.dev=no makes the binary report the release's version, not "-dev".
set -euo pipefail

dir="$(cd "$(dirname "$0")" && pwd)"
version="${TERRAFORM_NEWEST_VERSION:-v1.16.4}"

if [[ "${1:-}" == --prepare ]]; then
	# Run by build-cli.sh inside its writable copy of the module.
	nested=(azure consul cos gcs kubernetes oci oss pg s3)
	args=()
	for b in "${nested[@]}"; do
		m="github.com/hashicorp/terraform/internal/backend/remote-state/$b"
		args+=(-droprequire="$m" -dropreplace="$m")
	done
	args+=(-droprequire=github.com/hashicorp/terraform/internal/legacy
		-dropreplace=github.com/hashicorp/terraform/internal/legacy)
	go mod edit "${args[@]}"
	init=internal/backend/init/init.go
	alt="$(IFS='|'; echo "${nested[*]}")"
	sed -E -i \
		-e "/\"github.com\/hashicorp\/terraform\/internal\/backend\/remote-state\/($alt)\"/d" \
		-e '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\.New\(\)/d' "$init"
	if grep -Eq "remote-state/($alt)\"|backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\." "$init"; then
		echo "build-terraform-newest: $init still names a nested backend; this version needs another edit" >&2
		exit 1
	fi
	exit 0
fi

exec env BUILD_CLI_PREPARE="$(printf '%q --prepare' "$dir/build-terraform-newest.sh")" \
	bash "$dir/build-cli.sh" terraform github.com/hashicorp/terraform "$version" . \
	-ldflags "-X github.com/hashicorp/terraform/version.dev=no"
