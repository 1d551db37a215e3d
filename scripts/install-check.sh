#!/usr/bin/env bash
# Proves that the package READMEs install Stackyard into a new Backstage app by their steps alone:
#
#  1. an app as `npx @backstage/create-app` makes it (version $CREATE_APP_VERSION, Backstage 1.55: the new
#     frontend system), with its dependencies installed: made once, then kept in the cache;
#  2. a temporary copy of it, with a file:// state backend holding one stack;
#  3. Stackyard's packages built and packed as they would be published (`yarn pack`);
#  4. the installation steps of each package README followed in the copy (install-check/followReadmes.js):
#     each `yarn --cwd … add`, with the package's tarball as its source since Stackyard is not on a
#     registry, and each edit of packages/backend/src/index.ts;
#  5. the result checked (install-check/verify.js): the app type-checks and builds, and its backend, serving
#     the built app, answers the Pulumi routes, lists the stack in the catalog, offers the pulumi:* actions,
#     and shows the Pulumi page in Chromium.
#
# `scripts/test.sh install` runs it; it is not among the default steps (`yarn` and a production build of a
# whole create-app app take several minutes on 2 cores). The copy is removed afterwards; STACKYARD_KEEP=1 keeps it.
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"

CREATE_APP_VERSION=0.9.2
READMES=(plugins/pulumi-backend plugins/catalog-backend-module-pulumi plugins/scaffolder-backend-module-pulumi
  plugins/pulumi-common plugins/pulumi-node plugins/pulumi)
PACKAGES=(plugins/pulumi-common plugins/pulumi-node plugins/pulumi-backend plugins/catalog-backend-module-pulumi
  plugins/scaffolder-backend-module-pulumi plugins/pulumi)

# Two changes to create-app's app, both for this machine, neither for Stackyard:
# - create-app seeds the app's yarn.lock with the Backstage release's (from GitHub, which this machine does
#   not reach); without the seed, the ranges resolve to newer packages that do not work together (the
#   signals backend asks for `httpRouter.addWebSocketHandler`, which backend-defaults 0.18 lacks). This
#   repository's yarn.lock, of the same release, seeds it instead.
# - On Node 24, create-app's better-sqlite3 12 aborts the backend when a statement is collected
#   ("Assertion failed: (env) != nullptr" in Statement::~Statement); 13 does not. This repository's
#   backend uses 13 for the same reason.
use_better_sqlite3_13() {
  node -e "
    const fs = require('fs'), edit = (file, change) => {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      change(json);
      fs.writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
    };
    edit('packages/backend/package.json', p => { p.dependencies['better-sqlite3'] = '^13.2.0'; });
    edit('package.json', p => { p.resolutions = { ...p.resolutions, 'better-sqlite3': '^13.2.0' }; });"
}

# A create-app app with its dependencies installed, made once per create-app version.
ensure_create_app() {
  local dir="$STACKYARD_CACHE/create-app/$CREATE_APP_VERSION"
  if [ ! -f "$dir/.installed-v2" ]; then
    log "making an app with @backstage/create-app $CREATE_APP_VERSION and installing it (once; a few minutes)"
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && BACKSTAGE_APP_NAME=check npx -y "@backstage/create-app@$CREATE_APP_VERSION" --skip-install --path app >/dev/null)
    cp "$STACKYARD_ROOT/yarn.lock" "$dir/app/yarn.lock"
    (cd "$dir/app" && use_better_sqlite3_13)
    # keytar (the CLI's optional keychain) needs libsecret's headers to build, and is optional.
    (cd "$dir/app" && yarn install 2>&1 | { grep -E 'YN0001|YN0009|Done' || true; })
    [ -d "$dir/app/node_modules/@backstage/cli" ] || die "the create-app app did not install"
    touch "$dir/.installed-v2"
  fi
  CREATE_APP_DIR="$dir/app"
}

# Each package built and packed as `npm publish` would: tarballs.json maps names to tarballs.
pack_packages() {
  local out=$1 dir name tarball
  yarn tsc >/dev/null
  echo '{}' >"$out/tarballs.json"
  for dir in "${PACKAGES[@]}"; do
    name=$(node -p "require('./$dir/package.json').name")
    tarball="$out/${name#@stackyard/}.tgz"
    (cd "$dir" && yarn backstage-cli package build >/dev/null && yarn pack --out "$tarball" >/dev/null)
    node -e "const f='$out/tarballs.json', m=require(f); m['$name']='$tarball'; require('fs').writeFileSync(f, JSON.stringify(m))"
  done
}

# A file:// state backend in $work/state with one (empty) stack, check-project/dev, and the app's config for it.
prepare_state() {
  local work=$1 port=$2
  mkdir -p "$work/state" "$work/project"
  printf 'name: check-project\nruntime: yaml\n' >"$work/project/Pulumi.yaml"
  (cd "$work/project" && PULUMI_CONFIG_PASSPHRASE=$CHECK_PULUMI_PASSPHRASE PULUMI_HOME="$work/pulumi-home" \
    PULUMI_BACKEND_URL="file://$work/state" PULUMI_SKIP_UPDATE_CHECK=true \
    "$STACKYARD_PULUMI_ROOT/bin/pulumi" stack init dev --non-interactive >/dev/null)
  cat >"$work/app/app-config.local.yaml" <<YAML
app:
  baseUrl: http://localhost:$port
backend:
  baseUrl: http://localhost:$port
  listen: { port: $port }
  cors: { origin: http://localhost:$port }
pulumi:
  backends:
    - id: local
      url: file://$work/state
      passphraseEnv: CHECK_PULUMI_PASSPHRASE
YAML
}

ensure_platform
ensure_chromium
ensure_create_app
cd "$STACKYARD_ROOT"
work=$(mktemp -d "${TMPDIR:-/tmp}/stackyard-install-check-XXXXXX")
backend_pid=
cleanup() {
  if [ -n "$backend_pid" ]; then kill -- -"$backend_pid" 2>/dev/null || true; fi
  if [ -z "${STACKYARD_KEEP:-}" ]; then rm -rf "$work"; else log "kept $work"; fi
}
trap cleanup EXIT

log "copying the create-app app to $work/app"
cp -a "$CREATE_APP_DIR" "$work/app"
log "packing Stackyard's packages"
mkdir -p "$work/packs"
pack_packages "$work/packs"
log "following the READMEs' installation steps"
node scripts/install-check/followReadmes.js "$work/app" "$work/packs/tarballs.json" "${READMES[@]/%//README.md}"

port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
export CHECK_PULUMI_PASSPHRASE=check
prepare_state "$work" "$port"
cd "$work/app"
log "type-checking and building the app"
yarn tsc
yarn workspace app build >/dev/null
log "starting its backend on :$port"
setsid yarn workspace backend start >"$work/backend.log" 2>&1 &
backend_pid=$!
node "$STACKYARD_ROOT/scripts/install-check/verify.js" "http://localhost:$port" local--check-project--dev check-project/dev ||
  { tail -40 "$work/backend.log" >&2; die "the app that followed the READMEs does not work"; }
log "the READMEs' steps installed every package into a new create-app app"
