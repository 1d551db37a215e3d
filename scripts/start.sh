#!/usr/bin/env bash
# Starts Stackyard with its demo: the Backstage backend on SQLite with the Pulumi plugins and the real Pulumi
# engine (http://localhost:7007), and the app (http://localhost:3000). It installs what is missing first:
# Node 24, Yarn from the committed release, the dependencies, Debian's python3 and the Pulumi engine (with
# the Node.js and Python SDKs). A second run reuses all of it. When the Kubernetes pieces are built
# (tools/kubernetes/build.sh; the test command builds them), it also starts a private Kubernetes API server
# for the demo's stack platform-k8s/prod. Stop it with Ctrl-C. Its data lives in the checkout's .stackyard,
# or in STACKYARD_DEMO_ROOT (see demo_env in scripts/lib/bootstrap.sh for that and the other settings).
#
#   scripts/start.sh               the dev servers: the app on :3000 (rebuilt as you edit), the backend on :7007
#   scripts/start.sh --legacy      the same with the app on Backstage's legacy frontend system
#                                  (packages/app-legacy) instead of the new one (packages/app)
#   scripts/start.sh --production  the production build (`yarn build`, reused while the sources are
#                                  unchanged), the built backend serving the built app, both on :7007
#
# With STACKYARD_LEGACY_APP_PORT set (the end-to-end tests set it), the dev servers also serve the legacy
# app on that port, from the same backend.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
source "$(dirname "$0")/lib/production.sh"

production= apps=(app backend)
case "${1:-}" in
  --production) production=1 && shift ;;
  --legacy) apps=(app-legacy backend) && shift ;;
esac

ensure_platform
# Built before anything starts: the build takes a minute when the sources changed.
if [ -n "$production" ]; then ensure_production_build; fi
demo_env
# The Kubernetes API server of the stack platform-k8s/prod, when tools/kubernetes/build.sh has built it.
start_demo_kubernetes
trap stop_kubernetes EXIT

cd "$STACKYARD_ROOT"
if [ -n "$production" ]; then
  start_production_backend "$@"
  exit
fi
log "starting Stackyard: ${apps[0]} http://localhost:${STACKYARD_APP_PORT:-3000}, backend http://localhost:${STACKYARD_BACKEND_PORT:-7007}, data in $STACKYARD_DEMO_ROOT"
if [ -n "${STACKYARD_LEGACY_APP_PORT:-}" ]; then
  log "also starting app-legacy on http://localhost:$STACKYARD_LEGACY_APP_PORT"
  APP_CONFIG_app_baseUrl=http://localhost:$STACKYARD_LEGACY_APP_PORT yarn workspace app-legacy start &
  legacy_app=$!
  trap 'kill "$legacy_app" 2>/dev/null; stop_kubernetes' EXIT
fi
yarn start "${apps[@]}" "$@"
