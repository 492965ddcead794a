#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing (no browser build can be
# downloaded on these machines; the tests drive the system browser). Needs root for apt-get.
set -euo pipefail
browser="${VIIDAKKO_CHROMIUM:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "chromium is missing: install it (apt-get install -y chromium) or run as root" >&2
  exit 1
fi
echo "installing chromium from Debian's packages (for the browser tests; about a minute)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || { echo "apt-get update failed" >&2; exit 1; }
apt-get install -y -qq chromium >/dev/null 2>&1 || { echo "apt-get install chromium failed" >&2; exit 1; }
[ -x "$browser" ] || { echo "chromium was installed but $browser is missing" >&2; exit 1; }
