#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests (driven by
# playwright-core with executablePath; no browser download works here). Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/apt.sh"

[ -x /usr/bin/chromium ] && exit 0
echo "services: installing chromium from Debian's packages" >&2
apt_install chromium fonts-liberation
[ -x /usr/bin/chromium ] || { echo "services: chromium did not install" >&2; exit 1; }
