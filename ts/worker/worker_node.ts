/** Entry of the engine worker under Node (worker_threads + comlink). */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import { registerErrorTransfer } from '../errors.js';
import { WorkerApi } from './api.js';
import type { CoreModule } from './core_module.js';
import { installWebWorkerShim, poolFailure } from './pool_node.js';

async function loadCore(threads: number): Promise<CoreModule> {
  installWebWorkerShim();
  const core: CoreModule = await import('../wasm/als_core.js');
  const bytes = await readFile(new URL('../wasm/als_core_bg.wasm', import.meta.url));
  await core.default({ module_or_path: bytes });
  await Promise.race([core.initThreadPool(threads), poolFailure]);
  return core;
}

registerErrorTransfer();
Comlink.expose(new WorkerApi(loadCore), nodeEndpoint(parentPort!));
