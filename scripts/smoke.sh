#!/usr/bin/env bash
# Proves `node dist/main.js` starts from the built output alone (no Docker engine on CI machines):
# sandbox mode answers /readyz and a real analyzeAsset, bad configuration exits non-zero, SIGTERM exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
LOG=$(mktemp)
PORT=$PORT HOST=127.0.0.1 node dist/main.js >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "gateway did not become ready"; cat "$LOG"; exit 1; }
# The image's HEALTHCHECK command, as the container runs it (same HOST and PORT as the gateway).
HOST=127.0.0.1 PORT=$PORT node scripts/healthcheck.mjs || { echo "healthcheck failed against a healthy gateway"; exit 1; }
# Run the exact curl the banner printed.
CMD=$(grep -A1 "^  curl " "$LOG" | sed 's/\\$//' | tr -d '\n')
OUT=$(eval "$CMD")
echo "$OUT" | grep -q '"analyzeAsset":{"id"' || { echo "sandbox curl failed: $OUT"; cat "$LOG"; exit 1; }
kill -TERM $PID
wait $PID && echo "smoke: started, answered, drained with exit 0"
if TENANTS_FILE=/nonexistent/tenants.json node dist/main.js >"$LOG" 2>&1; then
  echo "bad configuration did not fail startup"; exit 1
fi
grep -q "TENANTS_FILE" "$LOG" || { echo "bad configuration message does not name TENANTS_FILE"; cat "$LOG"; exit 1; }
echo "smoke: bad configuration stops startup with a message"
if NODE_ENV=production node dist/main.js >"$LOG" 2>&1; then
  echo "NODE_ENV=production without TENANTS_FILE did not fail startup"; exit 1
fi
grep -q "TENANTS_FILE is not set" "$LOG" || { echo "production without a tenants file: message does not name TENANTS_FILE"; cat "$LOG"; exit 1; }
echo "smoke: production without a tenants file stops startup"
