/** The Node entry of als-wasm: the engine runs in a worker_threads worker. */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BroadcastChannel, Worker } from 'node:worker_threads';

import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

import { type Engine, startEngine } from './engine.js';
import { memoryLimitOf } from './memory_limit.js';
import type { CoreVariant, EngineOptions } from './protocol/index.js';
import type { WorkerHandle } from './engine_link.js';
import { AlsError, toAlsError } from './errors.js';
import { checkOptions } from './option_keys.js';
import { coreVariantOf, relaxedSimdFromEnv } from './relaxed_simd.js';
import type { WorkerApi } from './worker/api.js';

export * from './index.js';

function spawnNodeWorker(): WorkerHandle {
  // The worker inherits the process's flags, except those a worker refuses
  // (`node --input-type=module -e '…'` would otherwise fail to start it), among
  // them V8's wasm flags such as `--experimental-wasm-relaxed-simd`, which hold
  // for the whole process anyway.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && !/^--(experimental-)?wasm-/.test(a));
  // A rayon thread that traps reports on this channel: the engine worker is then blocked in the
  // pool and cannot (docs/memory.md).
  const trapChannel = `als-wasm-trap-${randomUUID()}`;
  const traps = new BroadcastChannel(trapChannel);
  (traps as unknown as { unref(): void }).unref();
  const worker = new Worker(new URL('./worker/worker_node.js', import.meta.url), { execArgv, workerData: { trapChannel } });
  const died = new Promise<AlsError>((resolve) => {
    traps.onmessage = (m) => resolve(toAlsError((m as { data: unknown }).data));
    worker.once('error', (e) => resolve(new AlsError('WASM_TRAP', `the engine worker failed: ${e.message}`, { message: e.message })));
    worker.once('exit', (code) => resolve(new AlsError('WASM_TRAP', `the engine worker exited (code ${code})`, { exitCode: code })));
  });
  void died.then(() => traps.close());
  return {
    remote: Comlink.wrap<WorkerApi>(nodeEndpoint(worker)),
    died,
    terminate: () => {
      traps.close();
      void worker.terminate();
    },
    keepAlive: (on) => (on ? worker.ref() : worker.unref()),
  };
}

/**
 * Start an engine: a worker thread holding the WebAssembly core and a pool
 * of `threads` rayon threads (default: all logical cores).
 *
 * The worker keeps Node running only while a call is pending: a script
 * that forgets `close()` still exits. `close()` (or `await using`) frees the
 * worker and its memory at once.
 *
 * @example
 * import { createEngine } from 'als-wasm';
 * const engine = await createEngine({ threads: 2 });
 * console.log(engine.info); // { version, threads: 2, simd: true, relaxedSimd, variant }
 * await engine.close();
 */
export function createEngine(options: EngineOptions = {}): Promise<Engine> {
  let variant: CoreVariant;
  let memoryLimit: number;
  try {
    checkOptions('engine', options);
    variant = coreVariantOf(options, relaxedSimdFromEnv(process.env.ALS_WASM_RELAXED_SIMD));
    memoryLimit = memoryLimitOf(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const threaded = variant === 'threads' || variant === 'relaxed';
  if (!threaded && (options.threads ?? 1) !== 1) {
    return Promise.reject(new AlsError('INVALID_PARAM', `the ${variant} build runs on one thread, got threads ${options.threads}`, { name: 'threads', value: options.threads }));
  }
  const threads = threaded ? (options.threads ?? availableParallelism()) : 1;
  return startEngine(spawnNodeWorker, threads, { variant, memoryLimit });
}
