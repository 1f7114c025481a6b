/** Entry of the engine worker under Node (worker_threads + comlink). */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import { registerErrorTransfer } from '../errors.js';
import { WorkerApi } from './api.js';
import type { CoreExports, CoreModule } from './core_module.js';
import { fileChunks } from '../ingest/node_files.js';
import { installWebWorkerShim, poolFailure } from './pool_node.js';
import type { OpenedSource } from './sources.js';

// Node always has shared memory: it loads the threaded build whatever `init` asks.
async function loadCore(threads: number): Promise<CoreExports> {
  installWebWorkerShim();
  const core: CoreModule = await import('../wasm/als_core.js');
  const bytes = await readFile(new URL('../wasm/als_core_bg.wasm', import.meta.url));
  await core.default({ module_or_path: bytes });
  await Promise.race([core.initThreadPool(threads), poolFailure]);
  return core;
}

/** Paths are files on this machine, streamed in 4 MiB chunks. */
function openFile(path: string): OpenedSource {
  return { chunks: fileChunks(path), size: statSync(path).size, name: path };
}

registerErrorTransfer();
Comlink.expose(new WorkerApi(loadCore, openFile), nodeEndpoint(parentPort!));
