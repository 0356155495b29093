#!/usr/bin/env bash
# Builds Terraform from the Go module proxy (no release downloads here) and prints the
# binary's path, the way build-tofu.sh builds OpenTofu. The default is v1.5.7, the
# oldest Terraform the README promises, so that `make test-matrix` proves it. The build
# takes about 2 minutes on 2 cores, so it is cached under .cache/ and reused while the
# version stays the same.
set -euo pipefail

version="${TERRAFORM_VERSION:-v1.5.7}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/terraform/$version"
bin="$out/terraform"
export CHECKPOINT_DISABLE=1

# A cached binary is reused only if it reports the version asked for.
reports() { TF_CLI_CONFIG_FILE=/dev/null "$bin" version -json 2>/dev/null | sed -n 's/.*"terraform_version": "\(.*\)".*/\1/p'; }
if [[ -x "$bin" ]] && [[ "$(reports)" == "${version#v}" ]]; then
	echo "$bin"
	exit 0
fi

echo "building Terraform $version from the Go module proxy (about 2 minutes, once)..." >&2
src="$(go mod download -json "github.com/hashicorp/terraform@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$src" ]] || { echo "go mod download gave no source directory for terraform $version" >&2; exit 1; }

# The module cache is read-only; go build needs a writable copy of the module.
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$out"
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
echo "$bin"
