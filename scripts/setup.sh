#!/usr/bin/env bash
# Install what the build and tests need, skipping whatever is already there.
# Idempotent and quick when everything is present; called by `npm test`,
# `npm run setup` and .ci/run. Needs root (apt) only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }

# Debian packages, keyed by a file each one provides.
#   rustc-web/cargo-web/rust-web-src: a rustc with matching std sources, so the
#   wasm32 std can be rebuilt with atomics (-Z build-std); see docs/build.md.
#   lld-22: wasm-ld. wabt: wasm-strip (release wasm), wasm-objdump (tests inspect the
#   .wasm). chromium: the browser tests.
declare -A apt_pkgs=(
  [/usr/bin/rustc]=rustc-web
  [/usr/bin/cargo]=cargo-web
  [/usr/lib/rustlib/src/rust/library/std/Cargo.toml]=rust-web-src
  [/usr/bin/wasm-ld-22]=lld-22
  [/usr/bin/wasm-objdump]=wabt
  [/usr/bin/chromium]=chromium
)
missing=()
for f in "${!apt_pkgs[@]}"; do [ -e "$f" ] || missing+=("${apt_pkgs[$f]}"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in
# Cargo.lock. Not --locked: its lockfile pins a webpki-roots release that the
# registry here no longer serves.
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print}' crate/Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  log "cargo install wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install -q wasm-bindgen-cli --version "=$want"
fi

# wasm-pack drives the wasm build (see scripts/build_wasm.sh).
wasm_pack=0.15.1
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $wasm_pack" ]; then
  log "cargo install wasm-pack $wasm_pack"
  cargo install -q wasm-pack --version "=$wasm_pack"
fi

# npm packages, reinstalled only when package-lock.json changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ok"
