#!/usr/bin/env bash
# Runs every test: type check, lint, formatting, unit tests, the engine integration tests against the real
# Pulumi engine on file://, PostgreSQL, S3, GCS and Azure Blob state backends (the last three through moto,
# fake-gcs-server and Azurite) and on the real Kubernetes provider against a private Kubernetes API server,
# and the end-to-end tests in Debian's Chromium against the app as scripts/start.sh runs it, on ports and
# data of its own. It installs what is missing first (Node 24, Yarn, the dependencies, Debian's python3, the
# Pulumi engine with the Node.js and Python SDKs, the storage servers, the Kubernetes pieces, PostgreSQL and
# Chromium) and reuses what is already there. No step may write into the demo's folders: each is checked
# afterwards (demo_fingerprint).
#
#   scripts/test.sh              every step
#   scripts/test.sh unit e2e     only the named steps (tsc, api, lint, prettier, unit, e2e)
#   scripts/test.sh install      the package READMEs' installation steps, followed in a new create-app app
#                                (scripts/install-check.sh; not a default step: it builds a whole app)
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(tsc api lint prettier unit e2e)
wants() { [[ " ${steps[*]} " == *" $1 "* ]]; }

started=$(date +%s)
ensure_platform
if wants unit; then
  # The Kubernetes provider and control plane, built once per version (about 25 minutes on 2 cores): in the
  # background, while the rest is installed and the steps before the unit tests run.
  build_kubernetes_in_background
  ensure_postgres
  ensure_test_sdk
  ensure_state_servers
fi
if wants e2e; then ensure_chromium; fi
log "set-up done in $(($(date +%s) - started))s"

cd "$STACKYARD_ROOT"
export CI=true STACKYARD_TEST_STRICT=1
trap 'stop_test_postgres; stop_test_state_servers; stop_test_kubernetes' EXIT

declare -a timings=()
demo_before=$(demo_fingerprint)
run_step() {
  local name=$1 t0
  shift
  t0=$(date +%s)
  log "── $name: $*"
  "$@"
  check_demo_untouched "$demo_before" "the $name step"
  timings+=("$name $(($(date +%s) - t0))s")
}

if wants tsc; then run_step tsc yarn tsc; fi
# The API reports (report*.md of each plugin) must match the packages' public API; `yarn build:api-reports`
# updates them. They are read from the declarations that the type check emits. Make them with that command
# (a full check): TypeScript writes a union's members in the order it first met them, so the alpha report's
# order of Backstage's content group names follows what the other packages' sources mention first, and an
# incremental check over older declarations may write another order than a clean clone's.
if wants api; then
  wants tsc || yarn tsc
  run_step api yarn api-reports:check
fi
# Lint, then the structure rules (layering, no import cycles, no file over 400 lines or function over 120),
# then the peer dependencies.
if wants lint; then
  run_step lint yarn backstage-cli repo lint
  run_step structure node scripts/check-structure.js
  # No peer dependency that one of our packages leaves unmet in `yarn install`, but Backstage's own.
  run_step peers node scripts/check-peers.js
fi
if wants prettier; then run_step prettier yarn prettier --check --loglevel warn .; fi
if wants unit; then
  wait_kubernetes_build || die "could not build the Kubernetes pieces"
  start_test_postgres
  start_test_state_servers
  start_test_kubernetes
  run_step unit yarn backstage-cli repo test
  stop_test_postgres
  stop_test_state_servers
  stop_test_kubernetes
fi
if wants e2e; then
  # Playwright starts scripts/start.sh itself (playwright.config.ts), on free ports and in a temporary
  # folder of its own (packages/app/e2e-tests/privateApp.ts), and stops it and removes the folder afterwards.
  run_step e2e yarn playwright test
fi

if wants install; then run_step install scripts/install-check.sh; fi

log "all passed in $(($(date +%s) - started))s: ${timings[*]}"
