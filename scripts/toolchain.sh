#!/usr/bin/env bash
# Bootstraps the project's own toolchain: Node 24 LTS and pnpm, installed from the npm
# registry into the git-ignored .toolchain/ folder of this repo (once; later runs reuse it).
# The machine's own Node (any version with npm) only starts this script.
#
# Source it to get the toolchain on PATH:   source scripts/toolchain.sh
set -euo pipefail

PBXKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PBXKIT_TOOLCHAIN="$PBXKIT_ROOT/.toolchain"
# Node: the npm registry's `node` package ships the real binary for this platform.
PBXKIT_NODE_VERSION="24.21.0"
# pnpm: the version pinned by `packageManager` in the root package.json.
PBXKIT_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"+]*\).*/\1/p' "$PBXKIT_ROOT/package.json")"

_toolchain_ok() {
  [ -x "$PBXKIT_TOOLCHAIN/node_modules/.bin/node" ] &&
    [ "$("$PBXKIT_TOOLCHAIN/node_modules/.bin/node" --version 2>/dev/null)" = "v$PBXKIT_NODE_VERSION" ] &&
    [ "$("$PBXKIT_TOOLCHAIN/node_modules/.bin/pnpm" --version 2>/dev/null)" = "$PBXKIT_PNPM_VERSION" ]
}

if ! _toolchain_ok; then
  command -v npm >/dev/null || { echo "toolchain: npm is needed to bootstrap Node $PBXKIT_NODE_VERSION" >&2; exit 1; }
  echo "toolchain: installing node@$PBXKIT_NODE_VERSION and pnpm@$PBXKIT_PNPM_VERSION into .toolchain/" >&2
  mkdir -p "$PBXKIT_TOOLCHAIN"
  # A package.json of its own keeps npm from walking up into the workspace.
  [ -f "$PBXKIT_TOOLCHAIN/package.json" ] || echo '{"private":true}' >"$PBXKIT_TOOLCHAIN/package.json"
  npm install --prefix "$PBXKIT_TOOLCHAIN" --no-audit --no-fund --no-save --loglevel=error \
    "node@$PBXKIT_NODE_VERSION" "pnpm@$PBXKIT_PNPM_VERSION" >&2
  _toolchain_ok || { echo "toolchain: bootstrap failed" >&2; exit 1; }
fi

export PATH="$PBXKIT_TOOLCHAIN/node_modules/.bin:$PATH"
export PBXKIT_ROOT PBXKIT_TOOLCHAIN
# pnpm must not try to download another Node (nothing but the registries is reachable).
export npm_config_manage_package_manager_versions=false
