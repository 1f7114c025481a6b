#!/usr/bin/env bash
# Coverage-guided fuzzing of the core (cargo fuzz / libFuzzer, AddressSanitizer):
# the model reader, the COO validation + layout build and the ratings parser, FUZZ_SECONDS each
# (default 60). Starts from the committed corpus in crate/fuzz/corpus/ (copied,
# so a run never changes the repository); any crash fails the script and
# leaves its input in crate/fuzz/artifacts/<target>/ to be kept as a regression case.
# cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 unlocks them on the stable toolchain.
set -euo pipefail
cd "$(dirname "$0")/../crate"
seconds="${FUZZ_SECONDS:-60}"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in model_reader coo_layout ratings_parser; do
  printf '\n== fuzz %s for %s s\n' "$target" "$seconds"
  mkdir -p "$work/$target"
  cp -r "fuzz/corpus/$target/." "$work/$target/" 2>/dev/null || true
  cargo fuzz run --fuzz-dir fuzz "$target" "$work/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 2>&1 | tail -n 12
done
