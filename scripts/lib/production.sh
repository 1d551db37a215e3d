#!/usr/bin/env bash
# The production build of scripts/start.sh --production: `yarn build` (the backend as Backstage builds it
# for production, which builds the plugins it depends on and the app), unpacked into a runnable workspace.
# Sourced by scripts/start.sh after scripts/lib/bootstrap.sh.
#
#   packages/app/dist                   the app, which the backend's app-backend serves
#   packages/backend/dist/bundle.tar.gz the backend and its workspace packages, built (as for the Dockerfile)
#   packages/backend/dist/workspace     that bundle unpacked, with node_modules linked to the checkout's
#   .../workspace/.stackyard-build      the hash of the sources it was built from: a second start reuses it

# What the build reads: a change to any of these files (tracked or new, committed or not) rebuilds.
# Tests, benchmarks and API reports are not part of the build.
production_source_hash() {
  (
    cd "$STACKYARD_ROOT" || exit 1
    git ls-files -z -co --exclude-standard -- package.json yarn.lock app-config.yaml packages/app packages/backend plugins |
      grep -zvE '(\.test\.tsx?|/(bench|e2e-tests|screenshots)/.*|/report[^/]*\.md)$' |
      while IFS= read -r -d '' file; do
        # A tracked file deleted in the working tree is not part of the build.
        if [ -f "$file" ]; then printf '%s\0' "$file"; fi
      done |
      xargs -0 -r sha256sum | sha256sum | cut -c1-16
  )
}

# Backstage's backend bundle is a workspace that production installs with `yarn workspaces focus --production`
# (packages/backend/Dockerfile). Here its packages resolve their dependencies from the checkout's install,
# the same yarn.lock: node_modules links to the checkout's, but the workspace's own packages to their built
# copies in the bundle.
link_production_node_modules() {
  local workspace=$1 entry name dir
  mkdir -p "$workspace/node_modules"
  for entry in "$STACKYARD_ROOT"/node_modules/* "$STACKYARD_ROOT"/node_modules/.bin; do
    name=${entry#"$STACKYARD_ROOT"/node_modules/}
    if [[ $name == @* ]]; then
      mkdir -p "$workspace/node_modules/$name"
      for scoped in "$entry"/*; do
        ln -s "$scoped" "$workspace/node_modules/$name/${scoped##*/}"
      done
    else
      ln -s "$entry" "$workspace/node_modules/$name"
    fi
  done
  for dir in "$workspace"/packages/* "$workspace"/plugins/*; do
    name=$(node -p "require('$dir/package.json').name")
    rm -f "$workspace/node_modules/$name"
    ln -s "$dir" "$workspace/node_modules/$name"
    # Dependencies that the install kept beside a workspace (another version than the hoisted one).
    local nested="$STACKYARD_ROOT/${dir#"$workspace"/}/node_modules"
    if [ -d "$nested" ]; then ln -s "$nested" "$dir/node_modules"; fi
  done
}

# Builds unless the workspace was built from the sources as they are now. Several starts (a person's, the
# end-to-end tests') may ask at once: the first builds, the others wait for it and reuse it.
ensure_production_build() {
  local workspace="$STACKYARD_ROOT/packages/backend/dist/workspace" want
  exec 9<"$STACKYARD_ROOT/packages/backend"
  flock 9
  want=$(production_source_hash)
  if [ "$(cat "$workspace/.stackyard-build" 2>/dev/null)" == "$want" ]; then
    log "production build is up to date ($want)"
  else
    log "building for production: yarn build (a minute or two)"
    # Without the app's list of its 600 chunks; the bench prints the sizes that matter.
    (cd "$STACKYARD_ROOT" && NODE_ENV=production yarn build 2>&1) | { grep -v 'dist/static/' || true; }
    rm -rf "$workspace"
    mkdir -p "$workspace"
    tar xzf "$STACKYARD_ROOT/packages/backend/dist/bundle.tar.gz" -C "$workspace"
    link_production_node_modules "$workspace"
    echo "$want" >"$workspace/.stackyard-build"
  fi
  flock -u 9
  exec 9<&-
  STACKYARD_PRODUCTION_BACKEND="$workspace/packages/backend"
}

# Runs the built backend, which serves the built app on its own port, with the demo's settings (demo_env).
# Its working folder is packages/backend, as with `yarn start`, so app-config.yaml's relative paths hold.
start_production_backend() {
  local port=${STACKYARD_BACKEND_PORT:-7007}
  local url=http://localhost:$port
  # One origin: the app is served by the backend. The demo signs in as a guest, which Backstage allows
  # outside development only when told to.
  export APP_CONFIG_app_baseUrl=$url APP_CONFIG_backend_baseUrl=$url APP_CONFIG_backend_cors_origin=$url
  export APP_CONFIG_backend_listen_port=$port
  export APP_CONFIG_auth_providers_guest_dangerouslyAllowOutsideDevelopment=true
  log "starting Stackyard (production build): app and backend http://localhost:$port, data in $STACKYARD_DEMO_ROOT"
  cd "$STACKYARD_ROOT/packages/backend"
  NODE_ENV=production node "$STACKYARD_PRODUCTION_BACKEND" "$@"
}
