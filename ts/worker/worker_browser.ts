/** Entry of the engine worker in a browser (a module Web Worker + comlink). */
import * as Comlink from 'comlink';

import { WorkerApi } from './api.js';
import { sharedMemory } from './core_module.js';
import type { CoreExports } from './core_module.js';
import type { CoreVariant } from '../protocol/index.js';
import { withReportingPool } from './pool_browser.js';
import { withWireErrors } from './wire_errors.js';

/**
 * Load the build the page can run. Both imports are static strings so that
 * bundlers (vite, webpack) emit each glue and its `.wasm` as assets, found
 * through `new URL('als_core_bg.wasm', import.meta.url)` inside the glue.
 * The threaded glues are never fetched on a page that is not isolated, and
 * only the one chosen (plain or relaxed SIMD) is fetched on one that is.
 */
async function loadCore(threads: number, variant: CoreVariant, memoryLimit: number): Promise<CoreExports> {
  if (variant === 'simd') {
    const core = await import('../wasm-simd/als_core.js');
    await core.default();
    return core;
  }
  const core = variant === 'relaxed' ? await import('../wasm-relaxed/als_core.js') : await import('../wasm/als_core.js');
  await core.default({ memory: sharedMemory(memoryLimit) });
  // The page names this worker with its trap channel (browser.ts).
  await withReportingPool(self.name, variant === 'relaxed' ? 'relaxed' : 'threads', () => core.initThreadPool(threads));
  return core;
}

Comlink.expose(withWireErrors(new WorkerApi(loadCore)));
