#!/usr/bin/env bash
# Runs the benchmarks and prints each figure with the command that made it. Not a test: nothing here
# passes or fails on a number. Installs what is missing first, like scripts/test.sh.
#
#   scripts/bench.sh          (or: yarn bench)            every benchmark
#   scripts/bench.sh NAME...  (or: yarn bench firstPaint)  those whose file name contains a NAME
#
# The benchmarks of packages/*/bench start their own app and drive it in Chromium (firstPaint: about 1.5
# minutes on two cores); those of plugins/*/bench run the plugins' code directly. All of them keep their
# data in temporary folders of their own; none may write into the demo's (checked after each).
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"

ensure_platform
ensure_postgres
cd "$STACKYARD_ROOT"

benches=()
for bench in plugins/*/bench/*.bench.ts packages/*/bench/*.bench.ts; do
  [ -e "$bench" ] || continue
  if [ $# -gt 0 ]; then
    match=
    for name in "$@"; do
      if [[ $(basename "$bench") == *"$name"* ]]; then match=1; fi
    done
    [ -n "$match" ] || continue
  fi
  benches+=("$bench")
done
[ ${#benches[@]} -gt 0 ] || die "no benchmark matches: $*"
# Benchmarks of packages/* drive the app in Chromium (STACKYARD_CHROMIUM).
if [[ " ${benches[*]}" == *" packages/"* ]]; then
  ensure_chromium
fi

# The figures that the benchmarks record for the summary table (recordFigure in benchUtils.ts).
export STACKYARD_BENCH_FIGURES
STACKYARD_BENCH_FIGURES=$(mktemp /tmp/stackyard-bench-figures.XXXXXX)
trap 'stop_test_postgres; rm -f "$STACKYARD_BENCH_FIGURES"' EXIT
start_test_postgres

demo_before=$(demo_fingerprint)
for bench in "${benches[@]}"; do
  log "── $bench"
  NODE_ENV=production node --require @backstage/cli/config/nodeTransform.cjs "$bench"
  check_demo_untouched "$demo_before" "$bench"
done

log "── the figures, each beside the raw CLI's or its goal"
node scripts/bench-table.js "$STACKYARD_BENCH_FIGURES"
