#!/usr/bin/env bash
# A private Kubernetes control plane for the tests and the demo: etcd, kube-apiserver and
# kube-controller-manager (its garbage collector and namespace controllers, which finish deletions),
# built from Go modules by tools/kubernetes/build.sh and cached per version. No kubelet: Namespaces,
# ConfigMaps, Secrets and Deployments (with pulumi.com/skipAwait) are real API objects without one.
# Sourced by bootstrap.sh.

# Builds what is missing (about 25 minutes on 2 cores, once per version), or with --check only says
# whether all is cached. Exports STACKYARD_KUBERNETES_PROVIDER_DIR, the plugin folder that holds
# pulumi-resource-kubernetes, and STACKYARD_KUBERNETES_BIN, the folders of the control plane's binaries.
ensure_kubernetes() {
  local dirs
  dirs=$("$STACKYARD_ROOT/tools/kubernetes/build.sh" "$@") || return 1
  STACKYARD_KUBERNETES_PROVIDER_DIR=$(echo "$dirs" | sed -n 1p)
  STACKYARD_KUBERNETES_BIN="$(echo "$dirs" | sed -n 2p):$(echo "$dirs" | sed -n 3p)"
  export STACKYARD_KUBERNETES_PROVIDER_DIR STACKYARD_KUBERNETES_BIN
}

# The test command's way: the build of what is missing starts in the background, beside the steps that
# need no cluster, and wait_kubernetes_build waits for it, then exports as ensure_kubernetes does.
build_kubernetes_in_background() {
  if "$STACKYARD_ROOT/tools/kubernetes/build.sh" --check >/dev/null 2>&1; then return 0; fi
  STACKYARD_KUBE_BUILD_LOG=$(mktemp /tmp/stackyard-kube-build.XXXXXX)
  log "building the Kubernetes pieces in the background, about 25 minutes once (log: $STACKYARD_KUBE_BUILD_LOG)"
  "$STACKYARD_ROOT/tools/kubernetes/build.sh" >/dev/null 2>"$STACKYARD_KUBE_BUILD_LOG" &
  STACKYARD_KUBE_BUILD_PID=$!
}

wait_kubernetes_build() {
  if [ -n "${STACKYARD_KUBE_BUILD_PID:-}" ]; then
    log "waiting for the Kubernetes build"
    wait "$STACKYARD_KUBE_BUILD_PID" || { tail -n 40 "$STACKYARD_KUBE_BUILD_LOG" >&2 && return 1; }
    cat "$STACKYARD_KUBE_BUILD_LOG" >&2
    rm -f "$STACKYARD_KUBE_BUILD_LOG"
    STACKYARD_KUBE_BUILD_PID=
  fi
  ensure_kubernetes --check
}

# The keys, certificate, token and kubeconfig of a control plane in folder $1 whose API server listens on
# port $2, made once: the serving certificate is its own CA, trusted by the kubeconfig.
_kubernetes_credentials() {
  local dir=$1 port=$2
  if [ ! -f "$dir/token.csv" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=stackyard-apiserver \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/apiserver.key" -out "$dir/apiserver.crt" >/dev/null 2>&1
    openssl genrsa -out "$dir/sa.key" 2048 >/dev/null 2>&1
    openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" >/dev/null 2>&1
    echo "$(openssl rand -hex 24),stackyard-admin,stackyard-admin,system:masters" >"$dir/token.csv"
    chmod 600 "$dir"/*.key "$dir/token.csv"
  fi
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: stackyard
    cluster:
      server: https://127.0.0.1:$port
      certificate-authority-data: $(base64 -w0 "$dir/apiserver.crt")
users:
  - name: stackyard-admin
    user:
      token: $(cut -d, -f1 "$dir/token.csv")
contexts:
  - name: stackyard
    context: { cluster: stackyard, user: stackyard-admin, namespace: default }
current-context: stackyard
EOF
  chmod 600 "$dir/kubeconfig"
}

# Starts a control plane whose data lives in folder $1 (kept: a second start finds its objects again), its
# API server on port $2 (free ports otherwise), and waits until it is ready. Sets STACKYARD_KUBE_PIDS.
start_kubernetes_in() {
  local dir=$1 port=${2:-$(free_port)} etcd_port peer_port bin t0
  etcd_port=$(free_port)
  peer_port=$(free_port)
  bin=$STACKYARD_KUBERNETES_BIN
  mkdir -p "$dir/etcd" && chmod 700 "$dir" "$dir/etcd"
  _kubernetes_credentials "$dir" "$port"
  t0=$(date +%s%N)
  PATH="$bin:$PATH" etcd --name stackyard --data-dir "$dir/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "stackyard=http://127.0.0.1:$peer_port" --log-level error >"$dir/etcd.log" 2>&1 &
  STACKYARD_KUBE_PIDS="$!"
  PATH="$bin:$PATH" kube-apiserver --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port" \
    --endpoint-reconciler-type none --cert-dir "$dir/certs" \
    --tls-cert-file "$dir/apiserver.crt" --tls-private-key-file "$dir/apiserver.key" \
    --token-auth-file "$dir/token.csv" --authorization-mode AlwaysAllow \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$dir/sa.pub" \
    --service-account-signing-key-file "$dir/sa.key" --service-cluster-ip-range 10.96.0.0/24 \
    >"$dir/apiserver.log" 2>&1 &
  STACKYARD_KUBE_PIDS="$STACKYARD_KUBE_PIDS $!"
  PATH="$bin:$PATH" kube-controller-manager --kubeconfig "$dir/kubeconfig" --leader-elect=false \
    --controllers garbage-collector-controller,namespace-controller --secure-port 0 \
    --service-account-private-key-file "$dir/sa.key" >"$dir/controller-manager.log" 2>&1 &
  STACKYARD_KUBE_PIDS="$STACKYARD_KUBE_PIDS $!"
  local token i
  token=$(cut -d, -f1 "$dir/token.csv")
  for i in $(seq 1 300); do
    if curl -sf --cacert "$dir/apiserver.crt" -H "Authorization: Bearer $token" \
      "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
      log "Kubernetes API server on 127.0.0.1:$port, ready in $((($(date +%s%N) - t0) / 1000000)) ms"
      return 0
    fi
    # shellcheck disable=SC2086
    kill -0 $STACKYARD_KUBE_PIDS 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$dir"/*.log >&2
  stop_kubernetes
  return 1
}

stop_kubernetes() {
  if [ -n "${STACKYARD_KUBE_PIDS:-}" ]; then
    local pids
    read -ra pids <<<"$STACKYARD_KUBE_PIDS"
    # The clients first, etcd last: an API server whose etcd is gone retries in its shutdown.
    stop_pids 15 "${pids[2]}"
    stop_pids 15 "${pids[1]}"
    stop_pids 15 "${pids[0]}"
    STACKYARD_KUBE_PIDS=
  fi
}

# For the tests: a control plane in a temporary folder, on free ports. Exports STACKYARD_TEST_KUBECONFIG
# and STACKYARD_TEST_KUBERNETES_PROVIDER_DIR (the plugin folder of pulumi-resource-kubernetes).
start_test_kubernetes() {
  STACKYARD_TEST_KUBE_DIR=$(mktemp -d /tmp/stackyard-kube.XXXXXX)
  start_kubernetes_in "$STACKYARD_TEST_KUBE_DIR" || die "the test Kubernetes API server did not start"
  export STACKYARD_TEST_KUBECONFIG="$STACKYARD_TEST_KUBE_DIR/kubeconfig"
  export STACKYARD_TEST_KUBERNETES_PROVIDER_DIR="$STACKYARD_KUBERNETES_PROVIDER_DIR"
}

stop_test_kubernetes() {
  stop_kubernetes
  if [ -n "${STACKYARD_TEST_KUBE_DIR:-}" ]; then
    rm -rf "$STACKYARD_TEST_KUBE_DIR"
    STACKYARD_TEST_KUBE_DIR=
  fi
}

# For the demo (scripts/start.sh): when the Kubernetes pieces are built, a control plane whose data lives in
# the demo's folder (kubernetes/), and the provider in the demo's plugin folder (plugins/, which app-config
# gives as pulumi.engine.pluginDirs). Exports STACKYARD_DEMO_KUBECONFIG, with which the demo seeds and runs
# the stack platform-k8s/prod. Without the build, it says so in one line and the demo runs without it.
start_demo_kubernetes() {
  if ! ensure_kubernetes --check 2>/dev/null; then
    log "no Kubernetes in the demo (platform-k8s/prod): tools/kubernetes/build.sh builds it once, in about 25 minutes"
    return 0
  fi
  start_kubernetes_in "$STACKYARD_DEMO_ROOT/kubernetes" || die "the demo's Kubernetes API server did not start"
  ln -sf "$STACKYARD_KUBERNETES_PROVIDER_DIR/pulumi-resource-kubernetes" "$STACKYARD_DEMO_ROOT/plugins/"
  export STACKYARD_DEMO_KUBECONFIG="$STACKYARD_DEMO_ROOT/kubernetes/kubeconfig"
}
