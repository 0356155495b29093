#!/usr/bin/env bash
# make demo: the provider's main job end to end, against the local mock
# control plane, in about half a minute.
#
#  1. builds the provider and the mock command (internal/mockserver/cmd/zilliz-mock);
#  2. starts the mock on a free loopback port;
#  3. points Terraform at the fresh provider build through a temporary CLI
#     configuration with dev_overrides (no `terraform init` needed);
#  4. in a scratch copy of examples/demo: terraform apply, a plan that must
#     show no changes, and terraform destroy;
#  5. retires the serverless cluster if the API refuses to drop it (80021),
#     the way the destroy guide says: delete it "in the console" (the mock's
#     admin API), then run destroy again, whose refresh finds it gone (no
#     `terraform state rm` needed);
#  6. prints a summary, and always stops the mock and removes the scratch files.
#
# API_VERSION=v2 runs it all on the v2 API (the default is v1, deprecated
# upstream): the provider gets api_version v2 and the mock's root as its
# endpoint, and the summary shows that no v1 request was sent.
# DEMO_KEEP=1 keeps the scratch directory (state, logs) for a look afterwards.
# TERRAFORM names the CLI to run (default: terraform on PATH), e.g. a tofu binary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

region="aws-us-west-2"
api_version="${API_VERSION:-v1}"
case "$api_version" in
  v1 | v2) ;;
  *) echo "demo: API_VERSION=$api_version: want v1 or v2" >&2; exit 2 ;;
esac
work="$(mktemp -d "${TMPDIR:-/tmp}/zilliz-demo.XXXXXX")"
mock_pid=""
build_pid=""

cleanup() {
  local rc=$?
  if [ -n "$build_pid" ] && kill -0 "$build_pid" 2>/dev/null; then
    kill "$build_pid" 2>/dev/null || true
  fi
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$work/mock.log" ]; then
    echo "--- last lines of the mock's log ---" >&2
    tail -n 20 "$work/mock.log" >&2 || true
  fi
  if [ "${DEMO_KEEP:-}" = "1" ]; then
    echo "scratch files kept in $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n==> %s\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }

terraform="${TERRAFORM:-terraform}"
command -v "$terraform" >/dev/null 2>&1 || die "$terraform is not on PATH (Terraform 1.5 or later, or OpenTofu, is needed)"
command -v curl >/dev/null 2>&1 || die "curl is not on PATH (needed to talk to the mock's admin API)"

color=()
[ -t 1 ] || color=(-no-color)
tf() { "$terraform" -chdir="$work/config" "$1" "${color[@]}" "${@:2}"; }
tf_state() { "$terraform" -chdir="$work/config" state "$1" "${color[@]}" "${@:2}"; }

start=$SECONDS

# with_progress runs a command that may be silent for long (a cold build
# compiles every dependency: about 40 s) and says every 5 s that it is alive.
with_progress() {
  "$@" &
  build_pid=$!
  local t=0
  while kill -0 "$build_pid" 2>/dev/null; do
    sleep 1
    t=$((t + 1))
    if [ $((t % 5)) -eq 0 ] && kill -0 "$build_pid" 2>/dev/null; then
      echo "  still building (${t}s)"
    fi
  done
  wait "$build_pid"
  build_pid=""
}
build() {
  go build -o "$work/bin/terraform-provider-zilliz" . &&
    go build -o "$work/zilliz-mock" ./internal/mockserver/cmd/zilliz-mock
}

step "building the provider and the mock (a first build takes about a minute, later ones seconds)"
mkdir -p "$work/bin" "$work/config"
t0=$SECONDS
with_progress build
echo "built in $((SECONDS - t0))s"

step "starting the mock control plane"
"$work/zilliz-mock" -addr 127.0.0.1:0 -addr-file "$work/addr" \
  -create-duration 2s -modify-duration 1s -delete-duration 1s \
  >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/addr" ] && break
  kill -0 "$mock_pid" 2>/dev/null || die "the mock exited before listening"
  sleep 0.1
done
[ -s "$work/addr" ] || die "the mock did not write its address within 10s"
base="$(cat "$work/addr")"
echo "mock listening on $base"

# A CLI configuration of our own, whatever TF_CLI_CONFIG_FILE the caller has. Terraform
# and OpenTofu resolve "zilliz-terraform/zilliz" on their own registry hosts: override both.
cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/zilliz-terraform/zilliz" = "$work/bin"
    "registry.opentofu.org/zilliz-terraform/zilliz" = "$work/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
unset TF_CLI_ARGS TF_CLI_ARGS_apply TF_CLI_ARGS_plan TF_CLI_ARGS_destroy TF_WORKSPACE TF_DATA_DIR
export ZILLIZ_API_KEY="test-api-key"
export ZILLIZ_API_VERSION="$api_version"
if [ "$api_version" = v2 ]; then
  export ZILLIZ_ENDPOINT="$base" # v2: one base URL for every region
else
  export ZILLIZ_ENDPOINT="$base/{region}"
fi
export ZILLIZ_CLOUD_REGION="$region"

cp -R examples/demo/. "$work/config/"
rm -rf "$work/config/.terraform" "$work/config"/terraform.tfstate*

step "terraform apply"
t0=$SECONDS
tf apply -auto-approve
apply_s=$((SECONDS - t0))
standard_id="$(tf output -raw standard_id)"
serverless_id="$(tf output -raw serverless_id)"
standard_status="$(tf output -raw standard_status)"
serverless_status="$(tf output -raw serverless_status)"

step "terraform plan -detailed-exitcode (must show no changes)"
set +e
tf plan -detailed-exitcode
plan_rc=$?
set -e
case "$plan_rc" in
  0) ;;
  2) die "the plan after apply is not empty: the provider's state does not converge" ;;
  *) die "terraform plan failed (exit $plan_rc)" ;;
esac

refused_code=80021
[ "$api_version" = v1 ] || refused_code=96022
step "terraform destroy (the standard cluster is dropped; the serverless drop may be refused, $refused_code)"
t0=$SECONDS
set +e
tf destroy -auto-approve 2>&1 | tee "$work/destroy.log"
destroy_rc=${PIPESTATUS[0]}
set -e
destroy_s=$((SECONDS - t0))
left="$(tf_state list)"
if [ "$destroy_rc" -eq 0 ]; then
  [ -z "$left" ] || die "destroy succeeded but the state still lists: $left"
  destroy_note="every cluster dropped"
else
  # The expected outcome: the dedicated cluster is dropped; the serverless
  # one is refused (80021, v2: 96022) and stays in state, since it still exists.
  [ "$left" = "zilliz_cluster.serverless" ] ||
    die "destroy failed (exit $destroy_rc) and the state lists: ${left:-nothing}"
  grep -q 'Serverless cluster drop refused' "$work/destroy.log" ||
    die "destroy failed (exit $destroy_rc) without the serverless diagnostic"
  refused="$(curl -fsS "$base/_admin/requests" | grep -o "\"route\":\"drop\"[^}]*\"code\":$refused_code" | head -n 1 || true)"
  [ -n "$refused" ] || die "no drop was answered $refused_code"
  destroy_note="standard cluster dropped; serverless drop refused ($refused_code), kept in state as expected"

  step "retiring the serverless cluster: delete it in the \"console\", then terraform destroy again"
  curl -fsS -X POST "$base/_admin/clusters/$region/$serverless_id/delete" >/dev/null
  # Its refresh finds the cluster deleted and forgets it: no state surgery.
  tf destroy -auto-approve
  [ -z "$(tf_state list)" ] || die "the state is not empty after retiring the serverless cluster"
  destroy_note="$destroy_note; deleted in the console, then forgotten by the next destroy"
fi

clusters="$(curl -fsS "$base/_admin/clusters/$region")"
counts="$(curl -fsS "$base/_admin/counts")"
if command -v jq >/dev/null 2>&1; then
  standard_final="$(jq -r --arg id "$standard_id" '.[] | select(.clusterId == $id) | .status' <<<"$clusters")"
  serverless_final="$(jq -r --arg id "$serverless_id" '.[] | select(.clusterId == $id) | .status' <<<"$clusters")"
  counts="$(jq -c . <<<"$counts")"
else
  standard_final="(install jq to see it)"
  serverless_final="(install jq to see it)"
fi

# Which dialect each request spoke: under v2, not one may be v1.
requests="$(curl -fsS "$base/_admin/requests")"
calls_of() { { grep -o "\"apiVersion\":\"$1\"" <<<"$requests" || true; } | wc -l | tr -d ' '; }
v1_calls="$(calls_of v1)"
v2_calls="$(calls_of v2)"
if [ "$api_version" = v2 ] && [ "$v1_calls" -ne 0 ]; then
  die "api_version v2 sent $v1_calls v1 requests"
fi

step "summary"
cat <<EOF
mock control plane   $base (region $region), API $api_version
API calls by version v1: $v1_calls, v2: $v2_calls
apply                ${apply_s}s: $standard_id ($standard_status), $serverless_id ($serverless_status)
plan after apply     no changes
destroy              ${destroy_s}s: $destroy_note
final status (mock)  $standard_id: $standard_final, $serverless_id: $serverless_final
state                empty
API calls by route   $counts
total                $((SECONDS - start))s
EOF
