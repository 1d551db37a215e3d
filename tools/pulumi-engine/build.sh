#!/usr/bin/env bash
# Builds the real Pulumi engine from Go modules and prints the folder that holds bin/pulumi.
#
# - The version is the exact @pulumi/pulumi version of plugins/pulumi-node; go.mod here pins the CLI's
#   modules (pkg/v3 and sdk/v3) to the same version. `go install pkg/v3/cmd/pulumi@v` refuses modules whose
#   go.mod has replace directives, so the CLI is built as a tool of this small wrapper module instead.
# - The version is stamped through ldflags so that the Automation API's version checks pass.
# - The Node.js language host is our own, packages/pulumi-language-hosts in TypeScript (Pulumi's Go one,
#   module sdk/nodejs/cmd/pulumi-language-nodejs/v3, is refused by the Go module proxy). esbuild bundles it
#   from node_modules, so this runs after `yarn install`, into one executable file bin/pulumi-language-nodejs
#   that needs only node: the cache is shared between clones. bin/.pulumi-language-nodejs-version holds a
#   hash of its sources and of the packages bundled in; a cache whose hash differs gets a new bundle. It
#   runs programs, plugins from source (PulumiPlugin.yaml) and Node.js policy packs with `runtime: nodejs`.
# - Beside it goes pulumi-resource-pulumi-nodejs, the plugin for Node dynamic providers, which the Node.js
#   SDK's distribution ships as a script too. It runs the dynamic-provider host of the program's own SDK,
#   or, where the folder has none (a refresh of a stack whose program is not at hand), that of the SDK that
#   npm installs once into lib/nodejs. A cache whose script differs gets the new one; the scripts of
#   earlier caches that ran programs without a language host are removed.
# - The YAML language host (pulumi-language-yaml, for Pulumi YAML programs) is built from the pulumi-yaml
#   module at the version pinned in yaml/go.mod (a tool of that small module: the proxy serves only some
#   pulumi-yaml versions, and `go install` also asks for the module's version list, which it refuses).
#   A cache built before it was added gets it on the next run.
# - The result is cached per version in ${STACKYARD_CACHE}/pulumi/<version>. STACKYARD_PULUMI_ROOT may
#   name an existing install of the same version instead; it is then used as it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${STACKYARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackyard}
log() { printf '\033[1;34m[stackyard]\033[0m %s\n' "$*" >&2; }

version=$(sed -n 's/.*"@pulumi\/pulumi": *"\([0-9.]*\)".*/\1/p' "$repo/plugins/pulumi-node/package.json")
[ -n "$version" ] || { log "no exact @pulumi/pulumi version in plugins/pulumi-node/package.json"; exit 1; }
for mod in pkg sdk; do
  grep -q "github.com/pulumi/pulumi/$mod/v3 v$version" "$here/go.mod" || {
    log "tools/pulumi-engine/go.mod does not pin $mod/v3 to v$version, the version of @pulumi/pulumi"
    exit 1
  }
done

if [ -n "${STACKYARD_PULUMI_ROOT:-}" ]; then
  have=$("$STACKYARD_PULUMI_ROOT/bin/pulumi" version 2>/dev/null || true)
  [ "$have" = "v$version" ] || { log "STACKYARD_PULUMI_ROOT has pulumi '$have', not v$version"; exit 1; }
  echo "$STACKYARD_PULUMI_ROOT"
  exit 0
fi

root="$cache/pulumi/$version"
yaml_version=$(sed -n 's/^[[:space:]]*github.com\/pulumi\/pulumi-yaml \(v[^ ]*\).*/\1/p' "$here/yaml/go.mod")
build_yaml_host() { # <bin folder>
  log "building the YAML language host pulumi-yaml $yaml_version from Go modules"
  (cd "$here/yaml" && GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" -o "$1/pulumi-language-yaml" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) || return 1
  echo "$yaml_version" >"$1/.pulumi-language-yaml-version"
}
hosts="$repo/packages/pulumi-language-hosts"
host_languages="nodejs python go"
host_files="pulumi-language-nodejs pulumi-language-python pulumi-language-python-exec pulumi-language-go"
hosts_version() { # the hash of the hosts' sources (tests aside) and of the packages bundled into them
  (
    cd "$hosts" &&
      find package.json bin scripts src -type f ! -name '*.test.ts' ! -path 'src/common/testing/*' | LC_ALL=C sort |
      xargs sha256sum &&
      node -p '["@grpc/grpc-js", "google-protobuf", "@pulumi/pulumi", "yaml", "esbuild"]
        .map(name => name + "@" + require(name + "/package.json").version).join("\n")'
  ) | sha256sum | cut -c1-16
}
build_language_hosts() { # <bin folder>
  log "bundling the language hosts ($host_languages) from packages/pulumi-language-hosts"
  command -v node >/dev/null || { log "Node.js is needed to bundle the language hosts"; return 1; }
  local version file part="$1/.language-hosts.part-$$"
  # shellcheck disable=SC2086
  version=$(hosts_version) && node "$hosts/scripts/bundle.js" "$part" $host_languages || { rm -rf "$part"; return 1; }
  for file in $host_files; do mv -f "$part/$file" "$1/$file"; done
  rm -rf "$part"
  echo "$version" >"$1/.pulumi-language-hosts-version"
  rm -f "$1/.language-host-unavailable" "$1/.pulumi-language-nodejs-version" # left by earlier builds
}
hosts_current() { # <bin folder>
  for file in $host_files; do [ -x "$1/$file" ] || return 1; done
  [ "$(cat "$1/.pulumi-language-hosts-version" 2>/dev/null)" = "$(hosts_version)" ]
}
scripts="pulumi-resource-pulumi-nodejs pulumi-resource-pulumi-python"
retired="pulumi-analyzer-policy-nodejs stackyard-node .language-host-unavailable"
scripts_current() {
  for script in $scripts; do cmp -s "$here/$script" "$root/bin/$script" || return 1; done
  for script in $retired; do [ ! -e "$root/bin/$script" ] || return 1; done
}
# The SDK of this version beside the engine, for the dynamic-provider plugin of stacks whose program is not
# at hand (a refresh or drift check runs in a folder without node_modules). Installed with npm, once.
sdk_current() { # <root>
  [ "$(node -p 'require(process.argv[1]).version' "$1/lib/nodejs/node_modules/@pulumi/pulumi/package.json" 2>/dev/null)" = "$version" ]
}
install_sdk() { # <root>
  log "installing @pulumi/pulumi $version beside the engine, for dynamic providers"
  rm -rf "$1/lib/nodejs" && mkdir -p "$1/lib/nodejs"
  npm install --prefix "$1/lib/nodejs" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    --omit=peer "@pulumi/pulumi@$version" >/dev/null
}
# The Python SDK of this version beside the engine, in a virtualenv made once with STACKYARD_PYTHON (Debian's
# python3, which the bootstrap installs) and pip:
# the Python dynamic-provider plugin runs it for stacks whose program is not at hand, and the tests run
# Python programs with it.
python_sdk_current() { # <root>
  [ "$("$1/lib/python/bin/python" -c 'import pulumi._version as v; print(v._VERSION)' 2>/dev/null)" = "$version" ]
}
install_python_sdk() { # <root>
  log "installing the Python SDK pulumi $version beside the engine"
  local python=${STACKYARD_PYTHON:-python3}
  command -v "$python" >/dev/null || { log "$python is needed for the Python SDK"; return 1; }
  rm -rf "$1/lib/python" && "$python" -m venv "$1/lib/python" &&
    "$1/lib/python/bin/python" -m pip install --quiet --disable-pip-version-check "pulumi==$version" >&2
}
# Everything beside the CLI, in one place for a new build and for an existing one: the YAML host, our
# language hosts and the two SDKs, each only when it is missing or out of date.
complete_install() { # <root>
  if [ "$(cat "$1/bin/.pulumi-language-yaml-version" 2>/dev/null)" != "$yaml_version" ]; then
    command -v go >/dev/null || { log "Go is needed to build the YAML language host"; return 1; }
    build_yaml_host "$1/bin" || { log "could not build the YAML language host"; return 1; }
  fi
  if ! hosts_current "$1/bin"; then
    build_language_hosts "$1/bin" || { log "could not bundle the language hosts"; return 1; }
  fi
  if ! sdk_current "$1"; then
    install_sdk "$1" || { log "could not install @pulumi/pulumi $version"; return 1; }
  fi
  if ! python_sdk_current "$1"; then
    install_python_sdk "$1" || { log "could not install the Python SDK pulumi $version"; return 1; }
  fi
}
if [ -x "$root/bin/pulumi" ] && scripts_current; then
  complete_install "$root" || exit 1
  echo "$root"
  exit 0
fi

command -v go >/dev/null || { log "Go is needed to build the Pulumi engine"; exit 1; }
tmp="$cache/pulumi/.build-$version-$$"
rm -rf "$tmp" && mkdir -p "$tmp/bin"
trap 'rm -rf "$tmp"' EXIT
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
cd "$here"
if [ ! -x "$root/bin/pulumi" ]; then
  log "building the Pulumi CLI v$version from Go modules (several minutes, once per version)"
  GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$tmp/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
else
  cp -a "$root/bin/." "$tmp/bin/"
fi
for script in $scripts; do cp "$here/$script" "$tmp/bin/"; done
for script in $retired; do rm -f "$tmp/bin/$script"; done
if [ -d "$root/lib" ] && [ ! -d "$tmp/lib" ]; then cp -a "$root/lib" "$tmp/"; fi
complete_install "$tmp" || exit 1
"$tmp/bin/pulumi" version | grep -qx "v$version" || { log "the built CLI does not report v$version"; exit 1; }
rm -rf "$root" && mkdir -p "$(dirname "$root")" && mv "$tmp" "$root"
trap - EXIT
log "Pulumi engine v$version ready in $root"
echo "$root"
