# Sourced by scripts/services/*.sh: installs Debian packages without prompts. The package lists are
# refreshed only when older than an hour, so several services installed on a fresh machine in one
# run share one `apt-get update`.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ! find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | grep -q .; then
    apt-get update -qq >/dev/null
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
