#!/usr/bin/env bash
# Builds OpenTofu from its Go module and prints the binary's path (about 8 minutes on
# 2 cores, once; TOFU_VERSION picks another version). version.dev=no as in OpenTofu's
# release build: the binary reports 1.12.6, not 1.12.6-dev.
set -euo pipefail
exec bash "$(dirname "$0")/build-cli.sh" tofu github.com/opentofu/opentofu "${TOFU_VERSION:-v1.12.6}" ./cmd/tofu \
	-ldflags "-X github.com/opentofu/opentofu/version.dev=no"
