/** Entry of the engine worker under Node (worker_threads + comlink). */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import { WorkerApi } from './api.js';
import { sharedMemory } from './core_module.js';
import type { CoreExports, CoreModule } from './core_module.js';
import type { CoreVariant } from '../protocol/index.js';
import { installWebWorkerShim, poolFailure } from './pool_node.js';
import { openNodeFile } from './node_open.js';
import { withWireErrors } from './wire_errors.js';
import { listModelDir } from '../spark/node_dir.js';

/** What the single-threaded glues export (same compute surface, no pool). */
type SingleThreadGlue = CoreExports & { default(init: { module_or_path: Uint8Array }): Promise<unknown> };

/**
 * Node always has shared memory: `threads` (the default) loads the threaded
 * build. `simd` and `scalar` load the single-threaded builds (ts/wasm-simd/,
 * ts/wasm-scalar/); they exist for the benchmark tiers (`npm run bench`).
 */
async function loadCore(threads: number, variant: CoreVariant, memoryLimit: number): Promise<CoreExports> {
  if (variant !== 'threads') {
    const dir = new URL(`../wasm-${variant}/`, import.meta.url);
    const core = (await import(new URL('als_core.js', dir).href)) as SingleThreadGlue;
    await core.default({ module_or_path: await readFile(new URL('als_core_bg.wasm', dir)) });
    return core;
  }
  installWebWorkerShim();
  const core: CoreModule = await import('../wasm/als_core.js');
  const bytes = await readFile(new URL('../wasm/als_core_bg.wasm', import.meta.url));
  await core.default({ module_or_path: bytes, memory: sharedMemory(memoryLimit) });
  await Promise.race([core.initThreadPool(threads), poolFailure]);
  return core;
}

Comlink.expose(withWireErrors(new WorkerApi(loadCore, openNodeFile, listModelDir)), nodeEndpoint(parentPort!));
