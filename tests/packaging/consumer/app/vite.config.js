// The configuration docs/usage.md asks vite users for.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default {
  // Threads need a cross-origin-isolated page; without the headers the
  // engine falls back to one thread.
  server: { headers: isolation },
  preview: { headers: isolation },
  // The engine's worker starts more workers and imports modules: ES workers.
  worker: { format: 'es' },
  // Serve als-wasm as it is (its worker and .wasm files are found relative to it).
  optimizeDeps: { exclude: ['als-wasm'] },
};
