#!/usr/bin/env bash
# Prints the packages whose tests drive a Terraform CLI: those whose tests import
# terraform-plugin-testing or internal/acctest. With -v, the others. Found rather than
# listed, so that a new package cannot be left out of `make test-matrix` (the first
# list, under every CLI) or `make test-unit` (the second, once).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
invert=0
[ "${1:-}" != -v ] || invert=1
"${GO:-go}" list -f '{{.ImportPath}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}' ./... |
	awk -v invert="$invert" '{ cli = /terraform-plugin-testing|\/internal\/acctest( |$)/ } cli != invert { print $1 }'
