#!/usr/bin/env bash
# Puts a working Pulumi CLI on PATH: `pulumi`, the Node.js language host `pulumi-language-nodejs`, and the
# dynamic-provider plugin `pulumi-resource-pulumi-nodejs`.
#
#   scripts/pulumi-cli.sh            ensure the tools exist; print the directory that holds them
#   eval "$(scripts/pulumi-cli.sh --env)"   ensure, then export PATH for this shell
#
# Resolution order:
#   1. an existing `pulumi` + `pulumi-language-nodejs` already on PATH (PULUMI_CLI_USE_PATH=0 skips this);
#   2. a cached build in $PULUMI_CLI_CACHE (default ~/.cache/pulumi-tencent-cos/pulumi-cli/<version>);
#   3. a build from the Pulumi Go modules via the Go module proxy (the npm package `pulumi` downloads a
#      binary at run time, which is not possible offline). Takes 10-25 minutes on 2 cores, once per machine.
# Any failure ends with a message that says what was tried; it never skips silently.
set -euo pipefail

VERSION="${PULUMI_CLI_VERSION:-v3.274.1}"
CACHE_ROOT="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencent-cos/pulumi-cli}"
BIN_DIR="$CACHE_ROOT/$VERSION/bin"
MODE="${1:-}"

say() { echo "pulumi-cli: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# The dynamic-provider plugin: the same 4-line launcher @pulumi/pulumi ships at its package root. It resolves
# @pulumi/pulumi from the Pulumi project's directory (the working directory the engine starts plugins in).
write_plugin_launcher() {
  local dest="$1/pulumi-resource-pulumi-nodejs"
  cat >"$dest" <<'LAUNCHER'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
LAUNCHER
  chmod +x "$dest"
}

emit() {
  local dir="$1"
  if [ "$MODE" = "--env" ]; then
    printf 'export PATH=%q:"$PATH"\n' "$dir"
  else
    echo "$dir"
  fi
}

# 1. Already installed?
if [ "${PULUMI_CLI_USE_PATH:-1}" = "1" ] && command -v pulumi >/dev/null 2>&1 \
  && command -v pulumi-language-nodejs >/dev/null 2>&1; then
  existing="$(dirname "$(command -v pulumi)")"
  if ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
    # Keep the existing CLI, add only the launcher in our cache directory.
    mkdir -p "$BIN_DIR"
    write_plugin_launcher "$BIN_DIR"
    if [ "$MODE" = "--env" ]; then
      printf 'export PATH=%q:%q:"$PATH"\n' "$existing" "$BIN_DIR"
    else
      echo "$existing:$BIN_DIR"
    fi
    exit 0
  fi
  emit "$existing"
  exit 0
fi

# The Node.js language host is built from scripts/pulumi-language-nodejs (see its main.go for why it is ours):
# the upstream host's module is not served by the Go module proxy ("403 This module version is not available").
HOST_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pulumi-language-nodejs"
host_stamp() { cat "$HOST_SRC/main.go" "$HOST_SRC/go.mod" "$HOST_SRC/go.sum" | cksum | cut -d' ' -f1; }
host_is_current() { [ -x "$BIN_DIR/pulumi-language-nodejs" ] && [ "$(cat "$BIN_DIR/.language-host.stamp" 2>/dev/null)" = "$(host_stamp)" ]; }

build_language_host() { # build_language_host <out-dir>
  say "compiling pulumi-language-nodejs from scripts/pulumi-language-nodejs..."
  # -mod=readonly: go.sum is committed, so the build never edits the checkout.
  (cd "$HOST_SRC" && CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags "-s -w -X main.version=${VERSION#v}" \
    -o "$1/pulumi-language-nodejs" .) || die "go build of scripts/pulumi-language-nodejs failed; see the output above"
  host_stamp >"$1/.language-host.stamp"
}

# Builds run at most once at a time per version (parallel test workers, a demo beside the tests); whoever waited
# finds the finished cache below.
mkdir -p "$CACHE_ROOT"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/$VERSION.lock"
  flock 9
fi

# 2. Cached build?
if [ -x "$BIN_DIR/pulumi" ]; then
  if ! host_is_current; then
    if command -v go >/dev/null 2>&1; then
      tmp="$(mktemp -d "$BIN_DIR/.host.XXXXXX")"
      build_language_host "$tmp"
      mv -f "$tmp/pulumi-language-nodejs" "$BIN_DIR/" && mv -f "$tmp/.language-host.stamp" "$BIN_DIR/" && rm -rf "$tmp"
    elif [ -x "$BIN_DIR/pulumi-language-nodejs" ]; then
      say "WARNING: scripts/pulumi-language-nodejs changed but there is no Go toolchain to rebuild it; using the cached build"
    else
      die "the cached CLI in $BIN_DIR lacks pulumi-language-nodejs and there is no Go toolchain to build it"
    fi
  fi
  [ -x "$BIN_DIR/pulumi-resource-pulumi-nodejs" ] || write_plugin_launcher "$BIN_DIR"
  emit "$BIN_DIR"
  exit 0
fi

# 3. Build from Go modules.
command -v go >/dev/null 2>&1 || die "no 'pulumi' on PATH, no cached build in $BIN_DIR, and no Go toolchain to build $VERSION from its modules. Install Go (https://go.dev/dl) or the Pulumi CLI."
say "building Pulumi CLI $VERSION from its Go modules (once per machine; 10-25 minutes on 2 cores)..."

export GOFLAGS="-mod=mod"
export CGO_ENABLED=0
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-cli-build.XXXXXX")"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

json_field() { # json_field <file> <python-expr over d>
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null \
    || node -e "const d=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')); console.log(eval(process.argv[2]))" "$1" "$2"
}

download() { # download <module@version> <out.json>
  if ! go mod download -json "$1" >"$2" 2>"$2.err"; then
    # `go mod download -json` reports a failure in the JSON's Error field, not on stderr.
    die "go mod download $1 failed: $(json_field "$2" "d.get('Error','')" 2>/dev/null) $(tail -5 "$2.err" 2>/dev/null | tr '\n' ' ')"
  fi
}

# Copies a module out of the read-only module cache and turns its path `replace` directives into requires
# of the released version (the directives point at sibling folders of the monorepo, which a module zip lacks).
prepare() { # prepare <module-dir> <dest>
  cp -r "$1" "$2"
  chmod -R u+w "$2"
  local m
  for m in $(cd "$2" && go mod edit -json | json_field /dev/stdin "'\n'.join(r['Old']['Path'] for r in (d.get('Replace') or []) if r['New'].get('Path','').startswith('.'))"); do
    (cd "$2" && go mod edit -dropreplace="$m" -require="$m@$VERSION")
  done
}

LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION"
mkdir -p "$WORK/out"

download "github.com/pulumi/pulumi/pkg/v3@$VERSION" "$WORK/pkg.json"
PKG_DIR="$(json_field "$WORK/pkg.json" "d['Dir']")"
[ -n "$PKG_DIR" ] || die "could not read Dir of pkg/v3@$VERSION"

prepare "$PKG_DIR" "$WORK/pkg"
say "compiling pulumi..."
(cd "$WORK/pkg" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDFLAGS" -o "$WORK/out/pulumi" ./cmd/pulumi) \
  || die "go build of ./cmd/pulumi ($VERSION) failed; see the output above"

build_language_host "$WORK/out"

"$WORK/out/pulumi" version >/dev/null || die "the built pulumi binary does not run"
write_plugin_launcher "$WORK/out"
mkdir -p "$(dirname "$BIN_DIR")"
rm -rf "$BIN_DIR.tmp" && mv "$WORK/out" "$BIN_DIR.tmp" && rm -rf "$BIN_DIR" && mv "$BIN_DIR.tmp" "$BIN_DIR"
say "installed $("$BIN_DIR/pulumi" version) in $BIN_DIR"
emit "$BIN_DIR"
