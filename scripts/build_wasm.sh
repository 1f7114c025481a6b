#!/usr/bin/env bash
# Build the Rust core to WebAssembly and generate its JS glue.
#
#   scripts/build_wasm.sh [threads|relaxed|simd|scalar]   (default: threads)
#
# threads: the product: shared memory + atomics (rayon pool via
#          wasm-bindgen-rayon) + simd128, into ts/wasm/.
# relaxed: the threads build plus relaxed-simd (fused multiply-add in the
#          kernels), into ts/wasm-relaxed/; loaded instead of ts/wasm/ where
#          the engine validates relaxed SIMD (docs/performance.md).
# simd / scalar: single-threaded builds (no shared memory), used by the
#          benchmark tiers, into ts/wasm-simd/ and ts/wasm-scalar/.
#
# Threads need the standard library rebuilt with atomics (-Z build-std), and
# rustup cannot provide wasm32 std sources offline: we use Debian's rustc-web
# (/usr/bin/rustc) with its matching rust-web-src. See docs/build.md.
# The target flags of the threads build live in crate/.cargo/config.toml,
# which cargo reads from the working directory: hence `cd crate`.
set -euo pipefail
cd "$(dirname "$0")/.."

variant=${1:-threads}
base_flags="-C target-feature=+bulk-memory,+mutable-globals"
extra=()
case "$variant" in
  threads) out=ts/wasm; features=threads ;;  # flags from crate/.cargo/config.toml
  # --config arrays are appended to crate/.cargo/config.toml's rustflags (RUSTFLAGS would replace them).
  relaxed) out=ts/wasm-relaxed; features=threads
    extra=(--config 'target.wasm32-unknown-unknown.rustflags=["-C", "target-feature=+relaxed-simd"]') ;;
  simd) out=ts/wasm-simd; features=wasm; export RUSTFLAGS="$base_flags,+simd128" ;;
  scalar) out=ts/wasm-scalar; features=wasm; export RUSTFLAGS="$base_flags" ;;
  *) echo "unknown variant $variant (threads|relaxed|simd|scalar)" >&2; exit 2 ;;
esac

# wasm-pack drives cargo and wasm-bindgen (the one on PATH, installed by
# setup.sh at the Cargo.lock version). No wasm-opt: Debian's binaryen 108
# breaks the glue's externref table and npm's binaryen 132 output hangs at
# thread start (docs/build.md); rustc's -O3 + LTO is the
# optimizer.
# --mode force skips its rustup-only check for a prebuilt wasm32 std, which
# this toolchain does not have: -Z build-std builds std instead. PATH puts
# Debian's cargo/rustc first; wasm-pack's own rustc probe uses PATH too.
cd crate
PATH=/usr/bin:$PATH RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/wasm-$variant \
  wasm-pack --log-level warn build . --target web --release --mode force \
  --out-dir "../$out" --out-name als_core --no-pack --no-opt \
  -- --features "$features" -Z build-std=std,panic_abort "${extra[@]}"
cd ..
# Release builds drop the custom sections (function names, producers: about
# a third of the file); ALS_WASM_NAMES=1 keeps them for profiling.
if [ -z "${ALS_WASM_NAMES:-}" ]; then wasm-strip "$out/als_core_bg.wasm"; fi
# A package.json lets bundlers (vite) resolve the directory import in
# wasm-bindgen-rayon's worker helper (`import('../../..')`).
printf '{ "name": "als-core-wasm", "type": "module", "main": "als_core.js", "types": "als_core.d.ts" }\n' > "$out/package.json"
echo "built $out ($(du -k "$out/als_core_bg.wasm" | cut -f1) KiB)"
