#!/usr/bin/env bash
# Builds a Terraform-compatible CLI from its Go module (no release downloads here) and
# prints the binary's path; build-terraform.sh and build-tofu.sh say which one. The
# binary is cached under .cache/NAME/VERSION and reused while it reports that version.
#
#   build-cli.sh NAME MODULE VERSION PACKAGE [go build flags...]
#
# BUILD_CLI_PREPARE, when set, is a shell command (quoted as for eval) run inside the
# writable copy of the module before the build (build-terraform-newest.sh edits out what
# the module zip lacks).
set -euo pipefail

name="$1" module="$2" version="$3" pkg="$4"
shift 4
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/$name/$version"
bin="$out/$name"
export CHECKPOINT_DISABLE=1

reports() { TF_CLI_CONFIG_FILE=/dev/null "$bin" version -json 2>/dev/null | sed -n 's/.*"terraform_version": "\(.*\)".*/\1/p'; }
if [[ -x "$bin" ]] && [[ "$(reports)" == "${version#v}" ]]; then
	echo "$bin"
	exit 0
fi

echo "building $name $version from the Go module proxy (once; cached in .cache/$name)..." >&2
src="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$src" ]] || { echo "go mod download gave no source directory for $module@$version" >&2; exit 1; }

# The module cache is read-only; go build needs a writable copy of the module.
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
[[ -z "${BUILD_CLI_PREPARE:-}" ]] || (cd "$work" && eval "$BUILD_CLI_PREPARE")
mkdir -p "$out"
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath "$@" -o "$bin.tmp" "$pkg")
mv "$bin.tmp" "$bin"
echo "$bin"
