/**
 * One rayon pool thread in a browser: the counterpart of wasm-bindgen-rayon's
 * workerHelpers.js that reports a trap. The engine worker waits inside the pool
 * while this thread works, so it cannot see the thread fail; the thread posts
 * the error on the engine's `BroadcastChannel` (named in this worker's name
 * after the build to load, see pool_browser.ts), where the page stops the
 * engine with it (see browser.ts).
 */
import { toAlsError, toPayload } from '../errors.js';
import type { CoreExports } from './core_module.js';
import { trapError } from './memory_checks.js';

interface WorkerInit {
  type: 'wasm_bindgen_worker_init';
  init: { module_or_path: WebAssembly.Module; memory: WebAssembly.Memory };
  receiver: number;
}

/** The parts of a dedicated worker's global scope this thread uses (the DOM lib lacks the type). */
interface ThreadScope {
  name: string;
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerInit>) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent<WorkerInit>) => void): void;
}

const scope = globalThis as unknown as ThreadScope;

function onInit({ data }: MessageEvent<WorkerInit>): void {
  if (data?.type !== 'wasm_bindgen_worker_init') return;
  scope.removeEventListener('message', onInit);
  void start(data);
}
scope.addEventListener('message', onInit);

async function start({ init, receiver }: WorkerInit): Promise<void> {
  const [variant, trapChannel] = scope.name.split(' ');
  // Static strings, so that bundlers emit both glues; only the engine's build is fetched.
  const core = variant === 'relaxed' ? await import('../wasm-relaxed/als_core.js') : await import('../wasm/als_core.js');
  await core.default(init);
  scope.postMessage({ type: 'wasm_bindgen_worker_ready' });
  // Blocks in rayon's work loop for the life of the pool.
  try {
    core.wbg_rayon_start_worker(receiver);
  } catch (e) {
    const channel = new BroadcastChannel(trapChannel!);
    channel.postMessage(toPayload(trapError(core as unknown as CoreExports, toAlsError(e))));
    channel.close();
    throw e;
  }
}
