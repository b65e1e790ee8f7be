#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests (driven by
# playwright-core with executablePath; no browser download works here). Idempotent.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0
echo "services: installing chromium from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
[ -x /usr/bin/chromium ] || { echo "services: chromium did not install" >&2; exit 1; }
