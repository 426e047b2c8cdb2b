#!/usr/bin/env bash
# The README demo: deploy examples/static-website with the real Pulumi engine against the local COS server.
# Needs no Tencent Cloud account and no internet beyond the npm registry (and the Go module proxy the first time,
# to build the Pulumi CLI).
#
#   bash scripts/demo.sh           build, start the local COS server, `pulumi up`, print the outputs and the
#                                  local website URL, check the site answers, stop the server
#   bash scripts/demo.sh serve     restart the local COS server on the same data and serve the deployed site
#                                  until Ctrl-C (the only mode that does not end by itself)
#   bash scripts/demo.sh destroy   restart the local COS server on the same data, `pulumi destroy`
#
# Everything it writes lives in .pulumi-state/demo/ (gitignored): a copy of the example with its node_modules and
# stack config, the file backend, PULUMI_HOME and the COS server's data, so the checkout stays clean. The local
# server's test account is used; its secret key is stored only as a Pulumi secret and never printed.
# DEMO_STATE_DIR overrides the location; DEMO_PORT fixes the server's port (default: a free one, new each run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTION="${1:-up}"
case "$ACTION" in up | serve | destroy) ;; *) echo "usage: bash scripts/demo.sh [up|serve|destroy]" >&2; exit 2 ;; esac

STATE_DIR="${DEMO_STATE_DIR:-$ROOT/.pulumi-state/demo}"
EXAMPLE_DIR="$ROOT/examples/static-website"
STACK="demo"

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'demo: ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$STATE_DIR/backend" "$STATE_DIR/pulumi-home" "$STATE_DIR/cos-data"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
PROJECT_DIR="$STATE_DIR/static-website"

# Offline engine settings (LESSONS.md §3). An empty passphrase is fine for a throwaway local stack, but it must be
# the same for `destroy`, so a passphrase already in the environment is kept.
export PULUMI_BACKEND_URL="file://$STATE_DIR/backend"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="$STATE_DIR/pulumi-home"
# Only the stack config may hold credentials; ambient ones would silently take over if the config were wrong.
unset TENCENTCLOUD_SECRET_ID TENCENTCLOUD_SECRET_KEY TENCENTCLOUD_SECURITY_TOKEN TENCENTCLOUD_REGION

if [ "$ACTION" = "up" ]; then
  say "Building pulumi-tencent-cos (npm run build)"
  (cd "$ROOT" && npm run --silent build)
fi

say "Ensuring the Pulumi CLI (scripts/pulumi-cli.sh)"
# Not `eval "$(…)"` directly: that would swallow the script's failure and carry on without a CLI.
CLI_ENV="$(bash "$ROOT/scripts/pulumi-cli.sh" --env)" || die "no Pulumi CLI (the reason is printed above)"
eval "$CLI_ENV"
pulumi version >&2

# --- the local COS server ---------------------------------------------------------------------------------------
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

say "Starting the local COS server (data in ${STATE_DIR#"$ROOT"/}/cos-data)"
# One node process (tsx as a loader, not the tsx CLI, which would fork a child the trap could miss).
# Its first stdout line is {"endpoint","appId","secretId","secretKey","region"}; the rest goes to a log file.
exec {SERVER_OUT}< <(cd "$ROOT" && exec node --import tsx test/cos-server/main.ts --port "${DEMO_PORT:-0}" --data "$STATE_DIR/cos-data" 2>>"$STATE_DIR/cos-server.log")
SERVER_PID=$!
IFS= read -r -u "$SERVER_OUT" SERVER_LINE || die "the COS server exited before printing its address; see $STATE_DIR/cos-server.log"
# Keep draining its stdout so a chatty server never blocks on a full pipe.
cat <&"$SERVER_OUT" >>"$STATE_DIR/cos-server.log" &

field() { # field <name>: reads one field of the server's JSON line from stdin (keeps the key out of argv)
  node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];if(v===undefined)process.exit(1);process.stdout.write(String(v))})' "$1"
}
ENDPOINT="$(field endpoint <<<"$SERVER_LINE")" || die "no endpoint in the server's first line"
APP_ID="$(field appId <<<"$SERVER_LINE")" || die "no appId in the server's first line"
REGION="$(field region <<<"$SERVER_LINE")" || die "no region in the server's first line"
SECRET_ID="$(field secretId <<<"$SERVER_LINE")" || die "no secretId in the server's first line"
echo "local COS at $ENDPOINT (appId $APP_ID, region $REGION)" >&2

# The bucket's website on this server, as localWebsiteUrl (test/cos-server/websiteEndpoint.ts) builds it: the
# website host under `localhost`, which Chromium and Firefox resolve to loopback, on the server's port.
website_url() { # website_url <bucket>
  printf 'http://%s.cos-website.%s.localhost:%s/' "$1" "$REGION" "${ENDPOINT##*:}"
}
# GET <url> sent to the server's socket with the website Host (curl and Node do not resolve *.localhost everywhere);
# prints the status code.
website_status() { # website_status <url>
  node -e 'const u=new URL(process.argv[1]),e=new URL(process.argv[2]);require("http").get({host:e.hostname,port:e.port,path:u.pathname,headers:{host:u.host}},(r)=>{r.resume();process.stdout.write(String(r.statusCode))}).on("error",(x)=>{console.error(x.message);process.exit(1)})' "$1" "$ENDPOINT"
}

if [ "$ACTION" = "serve" ]; then
  [ -d "$PROJECT_DIR" ] || die "nothing deployed yet: run \`bash scripts/demo.sh\` first"
  cd "$PROJECT_DIR"
  BUCKET="$(pulumi stack output bucketName --stack "$STACK" 2>/dev/null)" || die "the demo stack has no bucketName output: run \`bash scripts/demo.sh\` first"
  URL="$(website_url "$BUCKET")"
  STATUS="$(website_status "$URL")" || die "the local server does not answer at $ENDPOINT"
  [ "$STATUS" = 200 ] || die "the site answers $STATUS instead of 200 at $URL (was the stack destroyed?)"
  HOST="${URL#http://}"
  cat >&2 <<EOF

The static website of bucket $BUCKET is served at

    $URL

Open it in Chromium or Firefox (they resolve *.localhost to this machine), or:  curl -H 'Host: ${HOST%/}' $ENDPOINT/
Try docs/getting-started.html (a routing rule redirects it to guide/) and a missing page (the error document).
Serving until Ctrl-C.
EOF
  while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 1; done
  die "the local COS server stopped; see $STATE_DIR/cos-server.log"
fi

# --- the example and its stack ----------------------------------------------------------------------------------
if [ "$ACTION" = "up" ] || [ ! -d "$PROJECT_DIR/node_modules" ]; then
  say "Installing examples/static-website into ${PROJECT_DIR#"$ROOT"/} (npm install packs pulumi-tencent-cos from the repo, see its .npmrc)"
  mkdir -p "$PROJECT_DIR"
  # The program files are refreshed on every run; the stack config (Pulumi.demo.yaml) and node_modules stay. The
  # site is copied afresh, so a file removed from www/ is removed from the bucket by the next up.
  rm -rf "$PROJECT_DIR/www"
  (cd "$EXAMPLE_DIR" && tar -cf - --exclude=node_modules --exclude=bin --exclude=package-lock.json --exclude='Pulumi.*.yaml' .) \
    | (cd "$PROJECT_DIR" && tar -xf -)
  # `file:../..` is relative to examples/static-website; point it at the repo from the copy, still relatively.
  REL_ROOT="$(node -p 'require("path").relative(process.argv[1], process.argv[2]) || "."' "$PROJECT_DIR" "$ROOT")"
  node -e 'const f=process.argv[1],p=JSON.parse(require("fs").readFileSync(f,"utf8"));p.dependencies["pulumi-tencent-cos"]="file:"+process.argv[2];require("fs").writeFileSync(f,JSON.stringify(p,null,2)+"\n")' \
    "$PROJECT_DIR/package.json" "$REL_ROOT"
  (cd "$PROJECT_DIR" && npm install --prefer-offline --no-audit --no-fund --loglevel=error)
fi

cd "$PROJECT_DIR"
pulumi stack select --create "$STACK" >/dev/null
# The port is new on every start, so the endpoint is set each time; the rest is idempotent.
pulumi config set-all \
  --plaintext "cos:endpoint=$ENDPOINT" --plaintext "cos:appId=$APP_ID" \
  --plaintext "tencentcloud:region=$REGION" --plaintext "tencentcloud:secretId=$SECRET_ID"
# From stdin, not argv: the secret key never shows in a process list, and Pulumi stores it encrypted.
field secretKey <<<"$SERVER_LINE" | pulumi config set --secret tencentcloud:secretKey

if [ "$ACTION" = "destroy" ]; then
  say "pulumi destroy --run-program"
  # Without --run-program, destroy configures the provider from the config saved at the last update, i.e. the
  # previous server's port; running the program picks up the endpoint just set.
  pulumi destroy --yes --run-program
  echo >&2
  echo "Destroyed. Remove the demo state with: rm -rf ${STATE_DIR#"$ROOT"/}" >&2
  exit 0
fi

say "pulumi up"
pulumi up --yes

say "Stack outputs"
pulumi stack output
URL="$(website_url "$(pulumi stack output bucketName)")"
STATUS="$(website_status "$URL")" || die "the local server does not answer at $ENDPOINT"
[ "$STATUS" = 200 ] || die "the deployed site answers $STATUS instead of 200 at $URL"
cat >&2 <<EOF

The site is live on the local COS server (GET / answered $STATUS):

    $URL

The buckets live in the local COS server's data (${STATE_DIR#"$ROOT"/}/cos-data); the server stops now, and that
URL with it. To browse the site:  bash scripts/demo.sh serve   (serves it again until Ctrl-C; DEMO_PORT=9000 keeps
one port across runs).
Run \`bash scripts/demo.sh\` again to see \`pulumi up\` find nothing to change.
To destroy the stack:  bash scripts/demo.sh destroy
EOF
