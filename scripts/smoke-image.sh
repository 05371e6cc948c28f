#!/usr/bin/env bash
# The Docker image cannot be built here (no engine), so this rebuilds its runtime stage in a folder:
# package.json + lock, `npm ci --omit=dev`, dist/ and schema/ only, then runs scripts/smoke.sh there.
# It catches a runtime import that lives only in devDependencies, or a file the image does not copy.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/main.js ] || npm run build --silent
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp package.json package-lock.json "$STAGE"/
(cd "$STAGE" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)
cp -r dist schema "$STAGE"/
mkdir -p "$STAGE/scripts" && cp scripts/smoke.sh "$STAGE/scripts/"
# The image's NODE_OPTIONS (V8 flags) too, so a flag Node refuses fails here rather than in production.
IMAGE_NODE_OPTIONS=$(sed -n 's/^ENV NODE_OPTIONS="\(.*\)"$/\1/p' Dockerfile)
(cd "$STAGE" && NODE_ENV= NODE_OPTIONS="$IMAGE_NODE_OPTIONS" bash scripts/smoke.sh)
echo "smoke-image: the runtime stage (production dependencies, dist/, schema/) starts and answers"
