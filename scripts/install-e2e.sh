#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's Chromium, the headers that
# code-server's native modules build against, and code-server itself (a real
# VS Code in the browser) into a cache folder outside the repo's node_modules.
# Idempotent and non-interactive; safe to run in CI as root with no stdin.
#
#   scripts/install-e2e.sh            # cache: $ADSA_E2E_CACHE or <repo>/.cache/e2e
#
# The test harness (test/e2e/harness/codeServer.ts) looks in the same place.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11 (lib/vscode/npm-shrinkwrap.json),
# whose postinstall downloads ripgrep v13.0.0-10 from GitHub, which this machine
# cannot reach. It first looks in $TMPDIR/vscode-ripgrep-cache-<pkg version>/.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_RELEASE=v13.0.0-10
# Not for code-server: bubblewrap lets the sandbox tests confine real runs (they skip without it).
APT_PACKAGES=(chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev bubblewrap)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ADSA_E2E_CACHE:-$REPO/.cache/e2e}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
LOG="$CACHE/install.log"

say() { printf '[install-e2e] %s\n' "$*"; }
die() { printf '[install-e2e] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a step with its output appended to the log; on failure shows the log's tail.
logged() {
  local what="$1"; shift
  say "$what (log: $LOG)"
  printf '\n===== %s: %s =====\n' "$(date -u +%FT%TZ)" "$what" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1 </dev/null; then
    printf '[install-e2e] FAILED: %s. Last 60 lines of %s:\n' "$what" "$LOG" >&2
    tail -n 60 "$LOG" >&2
    exit 1
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else die "need root (or passwordless sudo) to run: $*"
  fi
}

: >>"$LOG"
START=$SECONDS

# ---- 1. Debian packages --------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  say "apt packages already present: ${APT_PACKAGES[*]}"
else
  say "apt packages to install: ${missing[*]}"
  # env inside as_root: sudo would drop an exported DEBIAN_FRONTEND.
  apt_update() { as_root env DEBIAN_FRONTEND=noninteractive apt-get update; }
  apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; }
  # Update the package lists once, and only when they are absent or the install fails
  # with the lists we have (stale lists point at versions the mirror no longer has).
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    logged "apt-get update" apt_update
    logged "apt-get install -y ${missing[*]}" apt_install
  else
    say "apt-get install -y ${missing[*]} (log: $LOG)"
    if ! apt_install >>"$LOG" 2>&1 </dev/null; then
      logged "apt-get update (the install failed with the current package lists)" apt_update
      logged "apt-get install -y ${missing[*]}" apt_install
    fi
  fi
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing the chromium package"
command -v rg >/dev/null || die "rg is missing after installing the ripgrep package"
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || die "$tool is needed to build code-server's native modules (apt-get install build-essential python3)"
done

# ---- 2. code-server ------------------------------------------------------------------
CODE_SERVER_BIN="$PREFIX/node_modules/code-server/out/node/entry.js"
installed_version() {
  node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}
# The postinstall (lib/vscode deps, ripgrep) is the part that can fail half-way, so
# "installed" means the version matches and ripgrep's binary landed too.
RG_IN_VSCODE="$PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] && [ -x "$RG_IN_VSCODE" ] && [ -f "$PREFIX/.install-complete" ]; then
  say "code-server $CODE_SERVER_VERSION already installed in $PREFIX"
else
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$node_major" = 20 ] || die "code-server $CODE_SERVER_VERSION needs Node 20 (found $(node --version))"

  # Seed ripgrep's download cache with Debian's rg. A private TMPDIR keeps the seed
  # (and node-gyp's scratch files) out of the shared /tmp.
  INSTALL_TMP="$CACHE/tmp"
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) die "no ripgrep seed recipe for $(uname -m)" ;;
  esac
  rg_cache="$INSTALL_TMP/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  rg_tarball="$rg_cache/ripgrep-$RIPGREP_RELEASE-$rg_target.tar.gz"
  mkdir -p "$rg_cache"
  if [ ! -s "$rg_tarball" ]; then
    say "seeding ripgrep cache: $rg_tarball (from $(command -v rg))"
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    # The postinstall untars into bin/ and expects ./rg at the archive's top level.
    tar -C "$stage" -czf "$rg_tarball" rg
    rm -rf "$stage"
  fi

  # node-gyp downloads Node's headers from nodejs.org unless told where they are; offline
  # that fails every native build. Point it at the running Node's own headers (Debian's
  # nodejs ships them in /usr/include/node) unless npm already has a nodedir.
  node_prefix="$(node -p "require('path').resolve(process.execPath, '../..')")"
  case "$(npm config get nodedir 2>/dev/null)" in
    "" | undefined | null)
      if [ -f "$node_prefix/include/node/node.h" ]; then
        export npm_config_nodedir="$node_prefix"
        say "node-gyp will use the headers in $node_prefix/include/node"
      else
        say "warning: no Node headers in $node_prefix/include/node; node-gyp will try to download them"
      fi
      ;;
  esac

  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  # A package.json of its own makes $PREFIX the npm project, so npm never walks up
  # into the repo's package.json or node_modules.
  cat >"$PREFIX/package.json" <<EOF
{
  "name": "adsa-e2e-code-server",
  "private": true,
  "description": "code-server for ADSA's end-to-end tests (installed by scripts/install-e2e.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" }
}
EOF
  # npm 11 gates dependency install scripts behind an allowScripts policy ("install
  # scripts not yet covered by allowScripts"): npm 11.19 still runs unreviewed ones
  # with a warning, but strict-allow-scripts turns that into a failure and later npm
  # releases mean to skip them. code-server cannot work without them: its postinstall
  # runs two nested `npm install`s (lib/vscode, lib/vscode/extensions) whose native
  # modules (node-pty, spdlog, kerberos, argon2, ...) and ripgrep exist only after
  # their install scripts ran. Those nested projects have no policy we could edit, so
  # the install approves every script of this one pinned tree through environment
  # variables, which npm hands down to the nested installs. (Older npm ignores the
  # unknown setting with a warning.) npm 11 no longer knows unsafe-perm either, but
  # code-server's postinstall.sh refuses to run as root unless it sees it.
  npm_install() {
    cd "$PREFIX" && env \
      TMPDIR="$INSTALL_TMP" \
      npm_config_yes=true \
      npm_config_unsafe_perm=true \
      npm_config_ignore_scripts=false \
      npm_config_dangerously_allow_all_scripts=true \
      npm_config_foreground_scripts=true \
      npm_config_audit=false \
      npm_config_fund=false \
      npm_config_update_notifier=false \
      npm_config_loglevel=notice \
      npm install --no-package-lock
  }
  t0=$SECONDS
  logged "npm install code-server@$CODE_SERVER_VERSION into $PREFIX (about 1 min with a warm npm cache; native modules build from source)" npm_install
  say "npm install took $((SECONDS - t0))s"

  [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] || die "code-server $CODE_SERVER_VERSION is not in $PREFIX after npm install (see $LOG)"
  # Every @vscode/ripgrep in the tree must have its binary; if the pinned version
  # moved, say which cache name it expects instead of failing later at search time.
  while IFS= read -r rg_pkg; do
    if [ ! -x "$rg_pkg/bin/rg" ]; then
      v="$(node -p "require('$rg_pkg/package.json').version")"
      r="$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$rg_pkg/lib/postinstall.js")"
      die "$rg_pkg/bin/rg is missing: @vscode/ripgrep $v wants ripgrep-$r-$rg_target.tar.gz in \$TMPDIR/vscode-ripgrep-cache-$v/; update RIPGREP_PKG_VERSION/RIPGREP_RELEASE in $0"
    fi
  done < <(find "$PREFIX/node_modules" -type d -path '*/@vscode/ripgrep' -prune)
  [ -x "$RG_IN_VSCODE" ] || die "ripgrep is missing at $RG_IN_VSCODE (see $LOG)"
  # A skipped native build would only show up later, e.g. as a terminal that never opens.
  for native in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node; do
    [ -f "$PREFIX/node_modules/code-server/lib/vscode/node_modules/$native" ] \
      || die "native module $native was not built (see $LOG)"
  done
  touch "$PREFIX/.install-complete"
fi

# Even --version makes code-server write a default config.yaml and a log folder under
# the XDG folders; keep those in the cache rather than in the user's home.
cs_version="$(XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" \
  node "$CODE_SERVER_BIN" --version 2>/dev/null | tail -n 1)"
say "code-server: $cs_version"
say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"
say "done in $((SECONDS - START))s; code-server entry: $CODE_SERVER_BIN"
