/** The Node entry of als-wasm: the engine runs in a worker_threads worker. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import { type Engine, type EngineOptions, type WorkerHandle, startEngine } from './engine.js';
import { AlsError } from './errors.js';
import type { WorkerApi } from './worker/api.js';

export * from './index.js';

function spawnNodeWorker(): WorkerHandle {
  const worker = new Worker(new URL('./worker/worker_node.js', import.meta.url));
  const died = new Promise<AlsError>((resolve) => {
    worker.once('error', (e) => resolve(new AlsError('WASM_TRAP', `the engine worker failed: ${e.message}`)));
    worker.once('exit', (code) => resolve(new AlsError('ENGINE_CLOSED', `the engine worker exited (code ${code})`)));
  });
  return {
    remote: Comlink.wrap<WorkerApi>(nodeEndpoint(worker)),
    died,
    terminate: () => void worker.terminate(),
  };
}

/**
 * Start an engine: a worker thread holding the WebAssembly core and a pool
 * of `threads` rayon threads (default: all logical cores).
 *
 * @example
 * import { createEngine } from 'als-wasm';
 * const engine = await createEngine({ threads: 2 });
 * console.log(engine.info); // { version, threads: 2, simd: true }
 * await engine.close();
 */
export function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const variant = options.variant ?? 'threads';
  if (variant !== 'threads' && (options.threads ?? 1) !== 1) {
    return Promise.reject(new AlsError('INVALID_PARAM', `the ${variant} build runs on one thread, got threads ${options.threads}`, { name: 'threads', value: options.threads }));
  }
  const threads = variant === 'threads' ? (options.threads ?? availableParallelism()) : 1;
  return startEngine(spawnNodeWorker, threads, { variant });
}
