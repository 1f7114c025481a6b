/** The browser entry of als-wasm: the engine runs in a module Web Worker. */
import * as Comlink from 'comlink';

import { type Engine, type EngineOptions, type WorkerHandle, startEngine } from './engine.js';
import { AlsError } from './errors.js';
import type { WorkerApi } from './worker/api.js';

export * from './index.js';

function spawnBrowserWorker(): WorkerHandle {
  const worker = new Worker(new URL('./worker/worker_browser.js', import.meta.url), { type: 'module' });
  const died = new Promise<AlsError>((resolve) => {
    worker.addEventListener('error', (e) => resolve(new AlsError('WASM_TRAP', `the engine worker failed: ${e.message}`)));
  });
  return { remote: Comlink.wrap<WorkerApi>(worker), died, terminate: () => worker.terminate() };
}

/** Why this page cannot run the threaded engine, or undefined if it can. */
export function threadSupportProblem(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    return 'this page is not cross-origin isolated: serve it with "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" to enable SharedArrayBuffer and WebAssembly threads';
  }
  return undefined;
}

/**
 * Start an engine in a module Web Worker with a pool of `threads` threads
 * (default: `navigator.hardwareConcurrency`). Needs a cross-origin-isolated page.
 */
export function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const problem = threadSupportProblem();
  if (problem) return Promise.reject(new AlsError('UNSUPPORTED', problem));
  return startEngine(spawnBrowserWorker, options.threads ?? navigator.hardwareConcurrency ?? 1);
}
