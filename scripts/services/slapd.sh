#!/usr/bin/env bash
# Makes sure OpenLDAP's slapd, slapadd and the ldap-utils client tools are installed from Debian's
# packages (the caller-lookup LDAP tests start their own throwaway slapd on a random loopback port;
# nothing here starts or configures a system directory). Idempotent: a no-op once installed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/apt.sh"

have_slapd() { command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ]; }
have_utils() { command -v ldapsearch >/dev/null 2>&1; }
have_slapd && have_utils && exit 0

echo "services: installing slapd and ldap-utils from Debian's packages" >&2
# Tell the postinst not to build a default directory (no_configuration) so it neither asks for an
# admin password nor creates /var/lib/ldap data we would then have to ignore.
echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections

# Keep the postinst from starting a system slapd that would hold ports 389/636 and outlive the
# install: a policy-rc.d that answers 101 ("action forbidden") is honoured by invoke-rc.d. Docker
# images often ship one already; only add (and later remove) ours when there is none.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  own_policy=true
fi
cleanup() { if [ "$own_policy" = true ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt_install slapd ldap-utils

# Belt and braces: if an init system started slapd anyway (no policy-rc.d support), stop it. Tests
# never use the system instance.
if command -v service >/dev/null 2>&1; then
  service slapd stop >/dev/null 2>&1 || true
fi

have_slapd || {
  echo "services: slapd did not install" >&2
  exit 1
}
