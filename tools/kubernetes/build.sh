#!/usr/bin/env bash
# Builds, from Go modules, what the Kubernetes tests and the demo's platform-k8s stack run, each once per
# version into ${STACKYARD_CACHE}/kubernetes/<name>/<version>/bin:
#
#   provider  pulumi-resource-kubernetes, the Pulumi Kubernetes provider, at the version of the npm package
#             @pulumi/kubernetes that plugins/pulumi-node pins (provider/go.mod: the module at that release's
#             commit). Its two go:generate files are made here from the module's schema.json and
#             terraform-mapping.json, as its generate.go makes them, and its pkg/version is stamped.
#   kube      kube-apiserver and kube-controller-manager, from k8s.io/kubernetes (kube/go.mod).
#   etcd      etcd's server (etcd/go.mod).
#
#   tools/kubernetes/build.sh [--check] [provider|kube|etcd ...]
#
# With no names it builds all three. It prints each bin folder, one per line, in the order asked. With
# --check it builds nothing and fails, naming the first one missing, unless all are cached. The builds run
# under `nice`, and the provider's link alone needs about 4.5 GB of memory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${STACKYARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackyard}/kubernetes
log() { printf '\033[1;34m[stackyard]\033[0m %s\n' "$*" >&2; }

check=
if [ "${1:-}" = --check ]; then check=1 && shift; fi
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(provider kube etcd)

module_version() { # <wrapper folder> <module>: the version its go.mod requires
  sed -n "s|^[[:space:]]*\(require \)\{0,1\}$2 \(v[^ ]*\).*|\2|p" "$here/$1/go.mod" | head -1
}
version_of() { # <name>
  case $1 in
    provider) sed -n 's/.*"@pulumi\/kubernetes": *"\([0-9.]*\)".*/\1/p' "$repo/plugins/pulumi-node/package.json" ;;
    kube) module_version kube k8s.io/kubernetes ;;
    etcd) module_version etcd go.etcd.io/etcd/server/v3 ;;
    *) log "unknown Kubernetes piece '$1' (provider, kube or etcd)" && return 1 ;;
  esac
}
binaries_of() { # <name>
  case $1 in
    provider) echo pulumi-resource-kubernetes ;;
    kube) echo kube-apiserver kube-controller-manager ;;
    etcd) echo etcd ;;
  esac
}

go_build() { # <wrapper folder> <out: a folder ending in / or a file> <ldflags> <packages...>
  local dir=$1 out=$2 ldflags=$3
  shift 3
  (cd "$dir" && GOFLAGS=-mod=readonly nice -n 19 go build -trimpath -ldflags "-s -w $ldflags" -o "$out" "$@")
}

# The provider builds in a scratch copy of its wrapper, beside the files its go:generate step writes: the
# schema with the version set, and the Terraform mapping, both compact.
build_provider() { # <version> <out folder>
  local version=$1 out=$2 work src
  grep -q "release $version:" "$here/provider/go.mod" || {
    log "tools/kubernetes/provider/go.mod does not name the commit of release $version of @pulumi/kubernetes"
    return 1
  }
  work=$(mktemp -d)
  cp "$here/provider/"{go.mod,go.sum,main.go} "$work/"
  # The module's folder, which `go list` names only once the module is downloaded.
  (cd "$work" && go mod download github.com/pulumi/pulumi-kubernetes/provider/v4) || return 1
  src=$(cd "$work" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)
  [ -f "$src/cmd/pulumi-resource-kubernetes/schema.json" ] || return 1
  python3 - "$src/cmd/pulumi-resource-kubernetes" "$work" "$version" <<'EOF'
import json, sys
src, work, version = sys.argv[1:]
schema = json.load(open(f"{src}/schema.json"))
schema["version"] = version
json.dump(schema, open(f"{work}/schema-embed.json", "w"), separators=(",", ":"))
mapping = json.load(open(f"{src}/terraform-mapping.json"))
json.dump(mapping, open(f"{work}/terraform-mapping-embed.json", "w"), separators=(",", ":"))
EOF
  go_build "$work" "$out/pulumi-resource-kubernetes" \
    "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$version" .
  rm -rf "$work"
}

build_kube() { # <version> <out folder>
  local v=${1#v} stamp=k8s.io/component-base/version
  go_build "$here/kube" "$2/" \
    "-X $stamp.gitVersion=v$v -X $stamp.gitMajor=${v%%.*} -X $stamp.gitMinor=$(echo "$v" | cut -d. -f2)" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager
}

build_etcd() { # <version> <out folder>
  go_build "$here/etcd" "$2/etcd" "" .
}

for name in "${names[@]}"; do
  version=$(version_of "$name")
  [ -n "$version" ] || { log "no version for the Kubernetes piece '$name'" && exit 1; }
  bin="$cache/$name/$version/bin"
  missing=
  for b in $(binaries_of "$name"); do [ -x "$bin/$b" ] || missing=$b; done
  if [ -n "$missing" ]; then
    if [ -n "$check" ]; then
      log "$missing $version is not built yet (tools/kubernetes/build.sh $name)"
      exit 1
    fi
    log "building $(binaries_of "$name") $version from Go modules (once per version)"
    t0=$(date +%s)
    tmp="$cache/$name/.tmp-$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    "build_$name" "$version" "$tmp" || { rm -rf "$tmp" && log "could not build $name $version" && exit 1; }
    rm -rf "$cache/$name/$version" && mkdir -p "$cache/$name/$version" && mv "$tmp" "$bin"
    log "built $name $version in $(($(date +%s) - t0))s"
  fi
  echo "$bin"
done
