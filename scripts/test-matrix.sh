#!/usr/bin/env bash
# make test-matrix: the acceptance tests under every CLI the README promises,
# one after the other, then a table of the outcomes.
#
#   scripts/test-matrix.sh [CLI...]    default: terraform-oldest terraform terraform-v2 terraform-newest
#                                       terraform-newest-v2 tofu
#
#   terraform-oldest  the oldest Terraform the README names, built by build-terraform.sh
#   terraform         the Terraform on PATH
#   terraform-newest  the newest Terraform (1.16), built by build-terraform-newest.sh: the row
#                     where the tests of resource identity, list resources and actions run
#   tofu              OpenTofu, built by build-tofu.sh
#
# A row whose name ends in -v2 (terraform-v2, terraform-newest-v2) runs that CLI with the
# provider and the mock speaking API v2 (ZILLIZ_ACC_API_VERSION=v2); the others speak v1,
# the default.
#
# The packages tested are those whose tests drive a CLI (scripts/cli-packages.sh;
# MATRIX_PKGS overrides). The other packages' tests need no CLI and run once, in
# `make test-unit`. The acceptance tests run against the in-process mock without TF_ACC,
# which only the real-cloud mode needs. TESTARGS and TEST_TIMEOUT go to go test. The CLIs are had
# (built, or found) before any test runs; a CLI whose tests fail does not stop the
# others, but fails the run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

go="${GO:-go}"
clis=("$@")
[ "${#clis[@]}" -gt 0 ] || clis=(terraform-oldest terraform terraform-v2 terraform-newest terraform-newest-v2 tofu)
if [ -n "${MATRIX_PKGS:-}" ]; then
	read -r -a pkgs <<<"$MATRIX_PKGS"
else
	mapfile -t pkgs < <(GO="$go" bash scripts/cli-packages.sh)
	[ "${#pkgs[@]}" -gt 0 ] || { echo "test-matrix: no package's tests drive a CLI" >&2; exit 1; }
fi
read -r -a testargs <<<"${TESTARGS:-}"

work="$(mktemp -d "${TMPDIR:-/tmp}/zilliz-matrix.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# An empty CLI configuration: nothing from the machine's own may change what the
# tests run, and a missing one makes every command warn (OpenTofu on stdout).
: >"$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1
unset TF_ACC_PROVIDER_HOST TF_ACC_PROVIDER_NAMESPACE TF_CLI_ARGS TF_WORKSPACE TF_DATA_DIR ZILLIZ_API_VERSION

declare -A bin
for cli in "${clis[@]}"; do
	case "${cli%-v2}" in
	terraform-oldest) bin[$cli]="$(bash scripts/build-terraform.sh)" ;;
	terraform) bin[$cli]="$(command -v terraform)" || { echo "test-matrix: terraform is not on PATH" >&2; exit 1; } ;;
	terraform-newest) bin[$cli]="$(bash scripts/build-terraform-newest.sh)" ;;
	tofu) bin[$cli]="$(bash scripts/build-tofu.sh)" ;;
	*) echo "test-matrix: unknown CLI '$cli' (terraform-oldest, terraform, terraform-newest or tofu, each with an optional -v2)" >&2; exit 2 ;;
	esac
done

# count ACTION FILE: tests and subtests that ended with ACTION (pass, fail or skip).
count() { grep -c "\"Action\":\"$1\",\"Package\":\"[^\"]*\",\"Test\":" "$2" || true; }

rows=()
failed=0
for cli in "${clis[@]}"; do
	b="${bin[$cli]}"
	ver="$("$b" version -json | sed -n 's/.*"terraform_version": "\(.*\)".*/\1/p')"
	host=(ZILLIZ_ACC_API_VERSION=v1)
	[ "${cli%-v2}" = "$cli" ] || host=(ZILLIZ_ACC_API_VERSION=v2)
	[ "${cli%-v2}" != tofu ] || host+=(TF_ACC_PROVIDER_HOST=registry.opentofu.org)
	printf '\n=== %s %s (%s)\n' "$cli" "$ver" "$b"
	log="$work/$cli.json"
	start=$SECONDS
	status=ok
	env "${host[@]}" TF_ACC_TERRAFORM_PATH="$b" \
		"$go" tool -modfile="$root/tools/go.mod" gotestsum --format testname --format-hide-empty-pkg --jsonfile "$log" -- \
		"${pkgs[@]}" -count=1 -timeout "${TEST_TIMEOUT:-30m}" "${testargs[@]}" || { status=FAIL; failed=1; }
	secs=$((SECONDS - start))
	rows+=("$(printf '%-18s %-10s %6s %6s %7s %8s  %s' "$cli" "$ver" "$(count pass "$log")" \
		"$(count fail "$log")" "$(count skip "$log")" "$((secs / 60))m$((secs % 60))s" "$status")")
done

printf '\n=== test matrix: tests and subtests of %s\n' "${pkgs[*]#"$("$go" list -m)/"}"
printf '%-18s %-10s %6s %6s %7s %8s  %s\n' CLI version passed failed skipped time result
printf '%s\n' "${rows[@]}"
exit "$failed"
