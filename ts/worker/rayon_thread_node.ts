/**
 * One rayon pool thread under Node (see pool_node.ts): the Node counterpart
 * of wasm-bindgen-rayon's workerHelpers.js.
 */
import { BroadcastChannel, parentPort, workerData } from 'node:worker_threads';

import { toAlsError, toPayload } from '../errors.js';
import type { CoreExports, CoreModule } from './core_module.js';
import { trapError } from './memory_checks.js';

interface WorkerInit {
  type: 'wasm_bindgen_worker_init';
  init: { module_or_path: WebAssembly.Module; memory: WebAssembly.Memory };
  receiver: number;
}

(globalThis as Record<string, unknown>).self ??= new EventTarget();

parentPort!.once('message', async ({ init, receiver }: WorkerInit) => {
  const core = (await import((workerData as { glueUrl: string }).glueUrl)) as CoreModule;
  core.initSync({ module: init.module_or_path, memory: init.memory });
  parentPort!.postMessage({ type: 'wasm_bindgen_worker_ready' });
  // Blocks in rayon's work loop for the life of the pool.
  try {
    core.wbg_rayon_start_worker(receiver);
  } catch (e) {
    reportTrap(core as unknown as CoreExports, e);
    throw e;
  }
});

/**
 * A trap here (an allocation failure, a panic) leaves the engine worker waiting in the pool for
 * ever: tell the main thread, which stops the engine with this error (see node.ts).
 */
function reportTrap(core: CoreExports, e: unknown): void {
  const channel = (workerData as { trapChannel?: string } | null)?.trapChannel;
  if (channel === undefined) return;
  const err = trapError(core, toAlsError(e));
  const bc = new BroadcastChannel(channel);
  bc.postMessage(toPayload(err));
  bc.close();
}
