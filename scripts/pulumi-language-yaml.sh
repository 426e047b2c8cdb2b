#!/usr/bin/env bash
# Puts the Pulumi YAML language host `pulumi-language-yaml` on PATH (Pulumi YAML programs need it; the CLI does
# not embed it).
#
#   scripts/pulumi-language-yaml.sh            ensure it exists; print the directory that holds it
#   eval "$(scripts/pulumi-language-yaml.sh --env)"   ensure, then export PATH for this shell
#
# Resolution order, as in scripts/pulumi-cli.sh:
#   1. `pulumi-language-yaml` already on PATH (PULUMI_CLI_USE_PATH=0 skips this);
#   2. a cached build in $PULUMI_CLI_CACHE/../pulumi-language-yaml/<version> (default
#      ~/.cache/pulumi-tencent-cos/pulumi-language-yaml/<version>/bin);
#   3. `go install` from the Go module proxy (about 2 minutes on 2 cores, once per machine). pulumi-yaml's go.mod
#      has no path `replace` directives, so a plain `go install module@version` works.
# Any failure ends with a message that says what was tried; it never skips silently.
set -euo pipefail

VERSION="${PULUMI_YAML_VERSION:-v1.25.0}"
CLI_CACHE="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencent-cos/pulumi-cli}"
CACHE_ROOT="$(dirname "$CLI_CACHE")/pulumi-language-yaml"
BIN_DIR="$CACHE_ROOT/$VERSION/bin"
MODE="${1:-}"

say() { echo "pulumi-language-yaml: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

emit() {
  if [ "$MODE" = "--env" ]; then
    printf 'export PATH=%q:"$PATH"\n' "$1"
  else
    echo "$1"
  fi
}

# 1. Already installed?
if [ "${PULUMI_CLI_USE_PATH:-1}" = "1" ] && command -v pulumi-language-yaml >/dev/null 2>&1; then
  emit "$(dirname "$(command -v pulumi-language-yaml)")"
  exit 0
fi

# One build at a time per version; whoever waited finds the finished cache below.
mkdir -p "$CACHE_ROOT"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/$VERSION.lock"
  flock 9
fi

# 2. Cached build?
if [ -x "$BIN_DIR/pulumi-language-yaml" ]; then
  emit "$BIN_DIR"
  exit 0
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null 2>&1 || die "no 'pulumi-language-yaml' on PATH, no cached build in $BIN_DIR, and no Go toolchain to build $VERSION. Install Go (https://go.dev/dl)."
say "building pulumi-language-yaml $VERSION from its Go module (once per machine; about 2 minutes)..."
WORK="$(mktemp -d "$CACHE_ROOT/.build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CGO_ENABLED=0 GOBIN="$WORK/bin" GOFLAGS="-mod=mod" go install -trimpath -ldflags "-s -w" \
  "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$VERSION" \
  || die "go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$VERSION failed; see the output above"
[ -x "$WORK/bin/pulumi-language-yaml" ] || die "go install produced no pulumi-language-yaml binary"
mkdir -p "$(dirname "$BIN_DIR")"
rm -rf "$BIN_DIR" && mv "$WORK/bin" "$BIN_DIR"
say "installed pulumi-language-yaml $VERSION in $BIN_DIR"
emit "$BIN_DIR"
