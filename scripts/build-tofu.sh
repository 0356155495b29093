#!/usr/bin/env bash
# Builds OpenTofu from the Go module proxy (no release downloads here) and prints the
# binary's path. The build takes about 8 minutes on 2 cores, so it is cached under
# .cache/ and reused while the version stays the same.
set -euo pipefail

version="${TOFU_VERSION:-v1.12.6}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.cache/tofu/$version"
bin="$out/tofu"

# A cached binary is reused only if it reports the version asked for.
reports() { TF_CLI_CONFIG_FILE=/dev/null "$bin" version -json 2>/dev/null | sed -n 's/.*"terraform_version": "\(.*\)".*/\1/p'; }
if [[ -x "$bin" ]] && [[ "$(reports)" == "${version#v}" ]]; then
	echo "$bin"
	exit 0
fi

echo "building OpenTofu $version from the Go module proxy (about 8 minutes, once)..." >&2
src="$(go mod download -json "github.com/opentofu/opentofu@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$src" ]] || { echo "go mod download gave no source directory for opentofu $version" >&2; exit 1; }

# The module cache is read-only; go build needs a writable copy of the module.
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$out"
# version.dev=no as in OpenTofu's release build: the binary reports 1.12.6, not 1.12.6-dev.
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
	-o "$bin.tmp" ./cmd/tofu)
mv "$bin.tmp" "$bin"
echo "$bin"
