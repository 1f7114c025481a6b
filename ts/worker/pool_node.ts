/**
 * Starting wasm-bindgen-rayon's pool under Node.
 *
 * wasm-bindgen-rayon (pinned =1.3.0) starts its pool by constructing Web
 * Workers (`new Worker(url, { type: 'module' })`) that run its
 * `workerHelpers.js`. Node has no Web Worker API, and that helper imports
 * the glue as a directory (`import('../../..')`), which Node's ESM loader
 * refuses. So under Node we provide a minimal `Worker` global whose instances
 * are worker_threads running `rayon_thread_node.js`: it speaks the helper's
 * two-message protocol (`wasm_bindgen_worker_init` in, `..._ready` out) and
 * then enters rayon's loop via `wbg_rayon_start_worker`, exactly as the
 * helper does. A `self` global is defined because the helper's module body
 * (imported by the glue) registers a listener on it.
 */
import { Worker as NodeWorker, workerData } from 'node:worker_threads';

let failure: ((e: Error) => void) | undefined;
/** The glue (als_core.js) the engine worker loaded: every pool thread loads the same build. */
let glueUrl = '';

/** Rejects if any rayon thread fails to start (the helper would wait forever). */
export const poolFailure = new Promise<never>((_, reject) => {
  failure = reject;
});
poolFailure.catch(() => {});

class RayonThread extends EventTarget {
  readonly #thread: NodeWorker;

  constructor() {
    super();
    // The trap channel (set by the main thread, see node.ts) reaches every pool thread.
    this.#thread = new NodeWorker(new URL('./rayon_thread_node.js', import.meta.url), { workerData: { ...workerData, glueUrl } });
    this.#thread.on('message', (data) => this.dispatchEvent(new MessageEvent('message', { data })));
    this.#thread.on('error', (e) => failure?.(e));
    this.#thread.on('exit', (code) => {
      if (code !== 0) failure?.(new Error(`a rayon worker thread exited with code ${code}`));
    });
  }

  postMessage(data: unknown): void {
    this.#thread.postMessage(data);
  }

  terminate(): void {
    void this.#thread.terminate();
  }
}

/** Define the globals the glue at `glue` (a URL) and wasm-bindgen-rayon expect, if missing. */
export function installWebWorkerShim(glue: string): void {
  glueUrl = glue;
  const g = globalThis as Record<string, unknown>;
  g.self ??= new EventTarget();
  g.Worker ??= RayonThread;
}
