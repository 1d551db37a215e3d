#!/usr/bin/env bash
# Retakes the README's screenshots (docs/screenshots/*.png) in Debian's Chromium, from the app that
# scripts/start.sh runs, on a fresh demo of its own: free ports and a temporary folder, removed afterwards
# (packages/app/screenshots/playwright.config.ts). The checkout's demo is left as it is. About as long as
# the e2e step: the app compiles, the demo is seeded, the first drift check runs, then a template run.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"

ensure_platform
ensure_chromium

cd "$STACKYARD_ROOT"
demo_before=$(demo_fingerprint)
yarn playwright test --config packages/app/screenshots/playwright.config.ts
check_demo_untouched "$demo_before" "scripts/screenshots.sh"
log "retook docs/screenshots: $(cd docs/screenshots && echo *.png)"
