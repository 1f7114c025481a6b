// Copy the wasm-bindgen output (ts/wasm/, built by build_wasm.sh) next to
// the compiled TypeScript in dist/, where dist/worker/*.js import it.
import { cpSync, existsSync } from 'node:fs';

if (!existsSync('ts/wasm/als_core.js')) {
  console.error('ts/wasm/ is missing: run `npm run build:wasm` first');
  process.exit(1);
}
// wasm-pack writes a `.gitignore` of `*`, which npm pack would obey.
cpSync('ts/wasm', 'dist/wasm', { recursive: true, filter: (src) => !src.endsWith('.gitignore') });
