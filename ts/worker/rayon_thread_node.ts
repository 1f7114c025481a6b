/**
 * One rayon pool thread under Node (see pool_node.ts): the Node counterpart
 * of wasm-bindgen-rayon's workerHelpers.js.
 */
import { parentPort } from 'node:worker_threads';

interface WorkerInit {
  type: 'wasm_bindgen_worker_init';
  init: { module_or_path: WebAssembly.Module; memory: WebAssembly.Memory };
  receiver: number;
}

(globalThis as Record<string, unknown>).self ??= new EventTarget();

parentPort!.once('message', async ({ init, receiver }: WorkerInit) => {
  const core = await import('../wasm/als_core.js');
  core.initSync({ module: init.module_or_path, memory: init.memory });
  parentPort!.postMessage({ type: 'wasm_bindgen_worker_ready' });
  // Blocks in rayon's work loop for the life of the pool.
  core.wbg_rayon_start_worker(receiver);
});
