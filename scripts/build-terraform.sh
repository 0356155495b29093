#!/usr/bin/env bash
# Builds Terraform from its Go module and prints the binary's path. The default is
# v1.5.7, the oldest Terraform the README promises, so that `make test-matrix` proves
# it (about 2 minutes on 2 cores, once; TERRAFORM_VERSION picks another).
set -euo pipefail
exec bash "$(dirname "$0")/build-cli.sh" terraform github.com/hashicorp/terraform "${TERRAFORM_VERSION:-v1.5.7}" .
