#!/usr/bin/env bash
# The local servers that speak S3, GCS and Azure Blob on their real wire protocols, for the engine tests'
# s3://, gs:// and azblob:// state backends. Sourced by bootstrap.sh, which defines log, die and apt_install.
#
#   ensure_state_servers       installs the three, each once per version into the cache:
#     state-servers/moto/<version>/             moto's server, a Python venv with moto[server] from PyPI
#     state-servers/fake-gcs-server/<version>/  fake-gcs-server, built from Go modules
#     state-servers/azurite/<version>/          Azurite, from npm, run by the Node of ensure_node
#   start_test_state_servers   starts them on free loopback ports in a temporary folder, waits until each
#                              answers and exports STACKYARD_TEST_S3_ENDPOINT, STACKYARD_TEST_GCS_ENDPOINT
#                              and STACKYARD_TEST_AZBLOB_ENDPOINT (http://127.0.0.1:PORT). Each test makes
#                              its own bucket or container (plugins/pulumi-node/src/testUtils).
#   stop_test_state_servers    stops them and removes the folder; safe to call twice.

STACKYARD_MOTO_VERSION=5.2.5
STACKYARD_FAKE_GCS_VERSION=v1.56.1
STACKYARD_AZURITE_VERSION=3.37.0

_state_server_dir() { echo "$STACKYARD_CACHE/state-servers/$1/$2"; }

# Installs into a temporary folder beside the final one, then moves it in place, so that an interrupted
# install leaves nothing that looks complete.
_state_server_install() {
  local name=$1 version=$2 check=$3 fn=$4 dir tmp
  dir=$(_state_server_dir "$name" "$version")
  # A venv runs the Python it was made with: when that is gone, it is made again.
  [ -e "$dir/$check" ] && { [ "$name" != moto ] || "$dir/venv/bin/python" -c '' 2>/dev/null; } && return 0
  log "installing $name $version for the state backend tests"
  tmp="$dir.tmp-$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  "$fn" "$tmp" "$version" || { rm -rf "$tmp"; die "could not install $name $version"; }
  [ -e "$tmp/$check" ] || { rm -rf "$tmp"; die "$name $version installed no $check"; }
  rm -rf "$dir" && mv "$tmp" "$dir"
}

_install_moto() {
  local tmp=$1 version=$2
  if ! python3 -m venv "$tmp/venv" >/dev/null 2>&1; then
    # Debian's python3 has venv's ensurepip in a package of its own.
    apt_install python3-venv
    rm -rf "$tmp/venv" && python3 -m venv "$tmp/venv" || return 1
  fi
  nice "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$version" >&2
}

_install_fake_gcs() {
  local tmp=$1 version=$2
  command -v go >/dev/null || die "Go is needed to build fake-gcs-server"
  GOBIN="$tmp/bin" nice go install "github.com/fsouza/fake-gcs-server@$version" >&2
}

_install_azurite() {
  local tmp=$1 version=$2
  nice npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "azurite@$version" >/dev/null
}

ensure_state_servers() {
  _state_server_install moto "$STACKYARD_MOTO_VERSION" venv/bin/moto_server _install_moto
  _state_server_install fake-gcs-server "$STACKYARD_FAKE_GCS_VERSION" bin/fake-gcs-server _install_fake_gcs
  _state_server_install azurite "$STACKYARD_AZURITE_VERSION" node_modules/azurite/dist/src/blob/main.js \
    _install_azurite
}

# Waits until the server answers HTTP at $2 (any status: Azurite refuses unsigned requests), for at most
# 60 seconds, and fails at once, with its log, if it exits.
_state_server_wait() {
  local name=$1 url=$2 pid=$3 logfile=$4 i
  for i in $(seq 1 600); do
    if curl -s -o /dev/null --max-time 2 "$url"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$logfile" >&2
      die "$name exited before it answered"
    fi
    sleep 0.1
  done
  cat "$logfile" >&2
  die "$name did not answer on $url within 60s"
}

start_test_state_servers() {
  ensure_state_servers
  local dir s3 gcs az moto fakegcs azurite
  command -v curl >/dev/null || apt_install curl
  dir=$(mktemp -d /tmp/stackyard-state-servers.XXXXXX)
  STACKYARD_STATE_SERVERS_DIR=$dir
  STACKYARD_STATE_SERVER_PIDS=
  moto=$(_state_server_dir moto "$STACKYARD_MOTO_VERSION")
  fakegcs=$(_state_server_dir fake-gcs-server "$STACKYARD_FAKE_GCS_VERSION")
  azurite=$(_state_server_dir azurite "$STACKYARD_AZURITE_VERSION")
  s3=$(free_port)
  gcs=$(free_port)
  az=$(free_port)

  # Through the venv's python rather than its moto_server script, whose first line names the folder that
  # the venv was made in (the install's temporary one).
  "$moto/venv/bin/python" -m moto.server -H 127.0.0.1 -p "$s3" >"$dir/moto.log" 2>&1 &
  STACKYARD_STATE_SERVER_PIDS="$!"
  # The in-memory backend keeps nothing on disk; -external-url is the address in the links it returns.
  "$fakegcs/bin/fake-gcs-server" -scheme http -host 127.0.0.1 -port "$gcs" -backend memory \
    -external-url "http://127.0.0.1:$gcs" -public-host "127.0.0.1:$gcs" -log-level warn \
    >"$dir/fake-gcs-server.log" 2>&1 &
  STACKYARD_STATE_SERVER_PIDS+=" $!"
  # Azurite keeps its blobs in memory, and runs in the folder, where anything else it writes goes.
  # --skipApiVersionCheck: the engine's Azure SDK may be newer than this Azurite; --loose: it sends headers
  # that Azurite does not implement; --disableProductStyleUrl: the account is the path's first segment.
  (cd "$dir" && exec node "$azurite/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 \
    --blobPort "$az" --inMemoryPersistence --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
    >"$dir/azurite.log" 2>&1) &
  STACKYARD_STATE_SERVER_PIDS+=" $!"

  local pids
  read -ra pids <<<"$STACKYARD_STATE_SERVER_PIDS"
  _state_server_wait moto "http://127.0.0.1:$s3/" "${pids[0]}" "$dir/moto.log"
  _state_server_wait fake-gcs-server "http://127.0.0.1:$gcs/storage/v1/b" "${pids[1]}" "$dir/fake-gcs-server.log"
  _state_server_wait Azurite "http://127.0.0.1:$az/devstoreaccount1?comp=list" "${pids[2]}" "$dir/azurite.log"

  export STACKYARD_TEST_S3_ENDPOINT="http://127.0.0.1:$s3"
  export STACKYARD_TEST_GCS_ENDPOINT="http://127.0.0.1:$gcs"
  export STACKYARD_TEST_AZBLOB_ENDPOINT="http://127.0.0.1:$az"
  log "state servers: moto on :$s3, fake-gcs-server on :$gcs, Azurite on :$az"
}

stop_test_state_servers() {
  # shellcheck disable=SC2086
  stop_pids 15 ${STACKYARD_STATE_SERVER_PIDS:-}
  STACKYARD_STATE_SERVER_PIDS=
  if [ -n "${STACKYARD_STATE_SERVERS_DIR:-}" ]; then
    rm -rf "$STACKYARD_STATE_SERVERS_DIR"
    STACKYARD_STATE_SERVERS_DIR=
  fi
  unset STACKYARD_TEST_S3_ENDPOINT STACKYARD_TEST_GCS_ENDPOINT STACKYARD_TEST_AZBLOB_ENDPOINT
}
