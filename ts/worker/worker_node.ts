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
 * Node always has shared memory: `threads` loads the threaded build,
 * `relaxed` its relaxed-SIMD twin (ts/wasm-relaxed/; the pool threads load
 * the same glue). `simd` and `scalar` load the single-threaded builds (ts/wasm-simd/,
 * ts/wasm-scalar/); they exist for the benchmark tiers (`npm run bench`).
 */
async function loadCore(threads: number, variant: CoreVariant, memoryLimit: number): Promise<CoreExports> {
  if (variant === 'simd' || variant === 'scalar') {
    const dir = new URL(`../wasm-${variant}/`, import.meta.url);
    const core = (await import(new URL('als_core.js', dir).href)) as SingleThreadGlue;
    await core.default({ module_or_path: await readFile(new URL('als_core_bg.wasm', dir)) });
    return core;
  }
  const dir = new URL(variant === 'relaxed' ? '../wasm-relaxed/' : '../wasm/', import.meta.url);
  const glue = new URL('als_core.js', dir).href;
  installWebWorkerShim(glue);
  const core = (await import(glue)) as CoreModule;
  const bytes = await readFile(new URL('als_core_bg.wasm', dir));
  await core.default({ module_or_path: bytes, memory: sharedMemory(memoryLimit) });
  await Promise.race([core.initThreadPool(threads), poolFailure]);
  return core;
}

Comlink.expose(withWireErrors(new WorkerApi(loadCore, openNodeFile, listModelDir)), nodeEndpoint(parentPort!));
