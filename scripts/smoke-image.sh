#!/usr/bin/env bash
# The Docker image cannot be built here (no engine), so this rebuilds its runtime stage in a folder:
# package.json + lock, patches/, `npm ci --omit=dev`, dist/, schema/ and mcp/ only, then runs scripts/smoke.sh there.
# It catches a runtime import that lives only in devDependencies, or a file the image does not copy.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/main.js ] || npm run build --silent
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp package.json package-lock.json "$STAGE"/
cp -r patches "$STAGE"/
# The image's install command, read from the Dockerfile so the two cannot drift.
INSTALL=$(sed -n 's/^RUN \(npm ci --omit=dev[^&]*\).*$/\1/p' Dockerfile)
[ -n "$INSTALL" ] || { echo "smoke-image: no 'RUN npm ci --omit=dev' in the Dockerfile"; exit 1; }
(cd "$STAGE" && $INSTALL --loglevel=error >/dev/null)
# The dependency patches are applied in the image too (npm ci's postinstall).
grep -q 'gatewayExecutor && new Negotiator' "$STAGE/node_modules/@apollo/server/dist/esm/requestPipeline.js" ||
  { echo "smoke-image: patches/ was not applied by npm ci --omit=dev"; exit 1; }
# Production dependencies hold nothing the gateway does not load (dev tools' optional peers included).
for dev_only in @fastify/websocket fastify mercurius; do
  [ ! -e "$STAGE/node_modules/$dev_only" ] || { echo "smoke-image: $dev_only is in the production dependencies"; exit 1; }
done
cp -r dist schema mcp "$STAGE"/
mkdir -p "$STAGE/scripts" && cp scripts/smoke.sh scripts/healthcheck.mjs "$STAGE/scripts/"
# The image's NODE_OPTIONS (V8 flags) too, so a flag Node refuses fails here rather than in production.
IMAGE_NODE_OPTIONS=$(sed -n 's/^ENV NODE_OPTIONS="\(.*\)"$/\1/p' Dockerfile)
(cd "$STAGE" && NODE_ENV= NODE_OPTIONS="$IMAGE_NODE_OPTIONS" bash scripts/smoke.sh)
echo "smoke-image: the runtime stage (production dependencies, dist/, schema/, mcp/) starts and answers"
