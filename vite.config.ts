// The demo page (examples/web/): `npm run dev:web` serves it, `npm run build:web`
// builds it into dist-web/ and `npx vite preview` serves that build.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Where the page's sources are and where its build goes (used by tests/browser/). */
export const webRoot = here('./examples/web');
export const webOutDir = here('./dist-web');

/**
 * Cross-origin isolation: without these two headers the browser withholds
 * SharedArrayBuffer, so WebAssembly threads cannot start and the engine falls
 * back to one thread. Any static host of the build must send them too (README).
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: webRoot,
  // The page imports only the public API; in the browser that is ts/browser.ts.
  // Vite follows its `new Worker(new URL(...))` and the glue's `.wasm` URL.
  resolve: { alias: [{ find: /^als-wasm$/, replacement: here('./ts/browser.ts') }] },
  // Pre-bundle the worker's dependencies up front, so the dev server does not
  // discover them late and reload the page.
  optimizeDeps: { include: ['comlink', 'papaparse'] },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // wasm-bindgen-rayon's helper is a module worker that spawns itself and
  // dynamically imports the glue (`import('../../..')`): only 'es' workers can.
  worker: { format: 'es' },
  build: { outDir: webOutDir, emptyOutDir: true, target: 'es2022' },
});
