#!/usr/bin/env bash
# Runs the benchmarks and prints each figure with the command that made it. Not a test: nothing here
# passes or fails on a number. Installs what is missing first, like scripts/test.sh.
#
#   scripts/bench.sh          (or: yarn bench)
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"

ensure_node
ensure_yarn
ensure_deps
ensure_pulumi
ensure_postgres
cd "$STACKYARD_ROOT"
trap stop_test_postgres EXIT
start_test_postgres

for bench in plugins/*/bench/*.bench.ts; do
  log "── $bench"
  NODE_ENV=production node --require @backstage/cli/config/nodeTransform.cjs "$bench"
done
