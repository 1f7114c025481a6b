/**
 * Starting wasm-bindgen-rayon's pool in a browser with threads that report
 * traps (rayon_thread_browser.ts) in place of the helper's own workers.
 *
 * wasm-bindgen-rayon (pinned =1.3.0) constructs its threads with the global
 * `Worker` inside `initThreadPool`, synchronously: for that call the global
 * is a constructor that starts our thread script instead, named with the
 * build it must load and the engine's trap channel (`'relaxed <channel>'`).
 */
type WorkerConstructor = typeof Worker;

/** Bundlers (vite, webpack) see this `new Worker(new URL(…))` and emit the thread's script. */
function spawnPoolThread(Worker: WorkerConstructor, name: string): Worker {
  return new Worker(new URL('./rayon_thread_browser.js', import.meta.url), { type: 'module', name });
}

/**
 * Run `start` (which calls `initThreadPool`) with pool threads that load the
 * `variant` glue (the engine worker's) and post traps on `trapChannel`.
 */
export async function withReportingPool<T>(trapChannel: string, variant: 'threads' | 'relaxed', start: () => Promise<T>): Promise<T> {
  const native = globalThis.Worker;
  globalThis.Worker = function PoolThread() {
    return spawnPoolThread(native, `${variant} ${trapChannel}`);
  } as unknown as WorkerConstructor;
  try {
    return await start();
  } finally {
    globalThis.Worker = native;
  }
}
