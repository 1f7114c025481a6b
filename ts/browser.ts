/** The browser entry of als-wasm: the engine runs in a module Web Worker. */
import * as Comlink from 'comlink';

import { type CorePlan, type Engine, startEngine } from './engine.js';
import { memoryLimitOf } from './memory_limit.js';
import type { EngineOptions } from './protocol/index.js';
import type { WorkerHandle } from './engine_link.js';
import { AlsError, toAlsError } from './errors.js';
import { checkOptions } from './option_keys.js';
import { coreVariantOf } from './relaxed_simd.js';
import type { WorkerApi } from './worker/api.js';

export * from './index.js';

function spawnBrowserWorker(): WorkerHandle {
  // A pool thread that traps posts on this channel: the engine worker then waits in the pool and
  // cannot (docs/memory.md). Channels are per origin, so the name is unique across tabs too
  // (crypto.randomUUID needs a secure context, which the one-thread fallback does not).
  const trapChannel = `als-wasm-trap-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const traps = new BroadcastChannel(trapChannel);
  const worker = new Worker(new URL('./worker/worker_browser.js', import.meta.url), { type: 'module', name: trapChannel });
  const died = new Promise<AlsError>((resolve) => {
    traps.onmessage = (m) => resolve(toAlsError(m.data));
    worker.addEventListener('error', (e) => resolve(new AlsError('WASM_TRAP', `the engine worker failed: ${e.message ?? 'it could not be loaded (see the browser console)'}`, { message: e.message })));
  });
  void died.then(() => traps.close());
  const baseUrl = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
  const terminate = () => {
    traps.close();
    worker.terminate();
  };
  return { remote: Comlink.wrap<WorkerApi>(worker), died, terminate, baseUrl };
}

/** Why this page cannot run the threaded engine, or undefined if it can. */
export function threadSupportProblem(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
    return 'this page is not cross-origin isolated, so the engine runs on one thread; serve it with the headers "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" to use all cores';
  }
  return undefined;
}

/**
 * A threaded build when the page can share memory (the relaxed-SIMD one where
 * the browser supports it and `relaxedSimd` is not false), else the
 * single-threaded SIMD build.
 */
function corePlan(options: EngineOptions): CorePlan {
  const variant = coreVariantOf({ relaxedSimd: options.relaxedSimd });
  const problem = threadSupportProblem();
  if (!problem) return { variant };
  return { variant: 'simd', fallback: { reason: 'not-cross-origin-isolated', message: problem } };
}

/**
 * Start an engine in a module Web Worker with a pool of `threads` threads
 * (default: `navigator.hardwareConcurrency`).
 *
 * On a page that is not cross-origin isolated (no COOP/COEP headers, so no
 * SharedArrayBuffer) it does not fail: it loads the single-threaded SIMD
 * build, `engine.threads` is 1 and `engine.info.fallback` says why. Where the
 * browser supports relaxed SIMD the threaded engine loads its fused
 * multiply-add build (`engine.info.relaxedSimd`; `{ relaxedSimd: false }`
 * keeps the plain one, bitwise the same on every machine).
 *
 * @example
 * import { createEngine } from 'als-wasm';
 * const engine = await createEngine();
 * if (engine.info.fallback) console.warn(engine.info.fallback.message);
 * await engine.close();
 */
export function createEngine(options: EngineOptions = {}): Promise<Engine> {
  try {
    checkOptions('engine', options);
  } catch (e) {
    return Promise.reject(e);
  }
  let memoryLimit: number;
  let plan: CorePlan;
  try {
    memoryLimit = memoryLimitOf(options);
    plan = corePlan(options);
  } catch (e) {
    return Promise.reject(e);
  }
  return startEngine(spawnBrowserWorker, options.threads ?? navigator.hardwareConcurrency ?? 1, { ...plan, memoryLimit });
}
