/** Entry of the engine worker in a browser (a module Web Worker + comlink). */
import * as Comlink from 'comlink';

import { registerErrorTransfer } from '../errors.js';
import { WorkerApi } from './api.js';
import type { CoreModule } from './core_module.js';

async function loadCore(threads: number): Promise<CoreModule> {
  const core: CoreModule = await import('../wasm/als_core.js');
  await core.default();
  await core.initThreadPool(threads);
  return core;
}

registerErrorTransfer();
Comlink.expose(new WorkerApi(loadCore));
