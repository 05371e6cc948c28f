#!/usr/bin/env bash
# Run by `npm test` (its "pretest" script) before the suite: what the tests need beyond npm is Debian's
# redis-server (shared-state tests start their own on a free port) and chromium (the explorer's browser
# test). Installs what is missing when it can (root, or sudo without a password), else stops at once
# with one line giving the command to run.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "npm test needs ${missing[*]} (Debian packages): run  sudo apt-get update && sudo $install" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs ${missing[*]}: install them with your system's package manager (Debian: apt-get update && $install)" >&2
  exit 1
fi
# sudo drops the environment: the variable goes on its command line.
as_root() { if [ -n "$SUDO" ]; then $SUDO DEBIAN_FRONTEND=noninteractive "$@"; else DEBIAN_FRONTEND=noninteractive "$@"; fi; }
echo "npm test: installing ${missing[*]} with apt-get" >&2
as_root apt-get update -qq >&2
# shellcheck disable=SC2086 # $install is words on purpose
as_root $install >&2
# The package starts its own service; the tests start their own redis-server, so it is not needed.
as_root service redis-server stop >/dev/null 2>&1 || true
