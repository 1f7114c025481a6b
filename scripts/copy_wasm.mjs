// Copy the wasm-bindgen outputs (built by build_wasm.sh) next to the compiled
// TypeScript in dist/, where dist/worker/*.js import them: ts/wasm/ (threads,
// Node and isolated pages), ts/wasm-relaxed/ (the same with relaxed SIMD, where
// the engine supports it) and ts/wasm-simd/ (the browser's one-thread fallback).
import { cpSync, existsSync } from 'node:fs';

for (const dir of ['wasm', 'wasm-relaxed', 'wasm-simd']) {
  if (!existsSync(`ts/${dir}/als_core.js`)) {
    console.error(`ts/${dir}/ is missing: run \`npm run build:wasm\` first`);
    process.exit(1);
  }
  // wasm-pack writes a `.gitignore` of `*`, which npm pack would obey.
  cpSync(`ts/${dir}`, `dist/${dir}`, { recursive: true, filter: (src) => !src.endsWith('.gitignore') });
}
// ts/wasm-scalar/ (benchmark tier only, `scripts/build_wasm.sh scalar`) when built.
if (existsSync('ts/wasm-scalar/als_core.js')) {
  cpSync('ts/wasm-scalar', 'dist/wasm-scalar', { recursive: true, filter: (src) => !src.endsWith('.gitignore') });
}
