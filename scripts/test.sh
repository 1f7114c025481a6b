#!/usr/bin/env bash
# The project's test command (`npm test`): Rust unit and integration tests,
# the wasm build, a typecheck of every TypeScript file, and the Node tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check, clippy -D warnings, cargo test (native, rayon threads)"
(cd crate && cargo fmt --check && cargo clippy -q --all-targets -- -D warnings && cargo test -q)

step "build: wasm + TypeScript"
npm run -s build

step "typecheck: ts/, tests/, examples/"
npx tsc -p tsconfig.check.json

step "node tests"
node --import tsx --test --test-concurrency=1 tests/node/*.test.ts

step "browser tests (Chromium, vite build + preview)"
npm run -s test:browser
