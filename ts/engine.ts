import * as Comlink from 'comlink';

import { AlsError, registerErrorTransfer, toAlsError } from './errors.js';
import type { RidgeSolveInput, RidgeSolveOutput } from './types.js';
import type { WorkerApi } from './worker/api.js';
import type { CoreInfo } from './worker/core_module.js';

/** Options of `createEngine`. */
export interface EngineOptions {
  /** Threads in the WebAssembly pool. Default: all logical cores. */
  threads?: number;
}

/** How an entry point starts the engine worker in its environment. */
export interface WorkerHandle {
  remote: Comlink.Remote<WorkerApi>;
  /** Resolves to an error if the worker dies (crash, trap, termination). */
  died: Promise<AlsError>;
  terminate(): void;
}

/** The package version; the core must report the same one. */
export const VERSION = '0.1.0';

/**
 * The als-wasm engine: a WebAssembly core with its own thread pool, running
 * in a dedicated worker so the calling thread never blocks. Create it with
 * `createEngine()` from `als-wasm`, and `close()` it when done.
 *
 * @example
 * const engine = await createEngine({ threads: 2 });
 * const { factors } = await engine.ridgeSolve({ k: 2, indptr, indices, values, factors: q, lambda: 1, tau: 0.1 });
 * await engine.close();
 */
export class Engine {
  #closed: AlsError | undefined;

  /** @internal */
  constructor(
    private readonly worker: WorkerHandle,
    /** Version, thread count and SIMD support of the loaded core. */
    readonly info: CoreInfo,
  ) {
    void worker.died.then((e) => (this.#closed ??= e));
  }

  /** Threads in the WebAssembly pool. */
  get threads(): number {
    return this.info.threads;
  }

  /**
   * The batched ridge solve ALS is made of: for every CSR row r, solve
   * `(lambda Σ v vᵀ + tau I) x_r = lambda Σ y v` over the rows `v` of
   * `factors` that row r points at. Rows are solved in parallel.
   */
  ridgeSolve(input: RidgeSolveInput): Promise<RidgeSolveOutput> {
    return this.call((api) => api.ridgeSolve(input));
  }

  /** Stop the worker and its thread pool. Later calls reject with `ENGINE_CLOSED`. */
  async close(): Promise<void> {
    this.#closed ??= new AlsError('ENGINE_CLOSED', 'the engine has been closed');
    this.worker.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Forward a call to the worker; fail fast once it is closed or dead. */
  protected async call<T>(f: (api: Comlink.Remote<WorkerApi>) => Promise<T>): Promise<T> {
    if (this.#closed) throw this.#closed;
    try {
      return await Promise.race([f(this.worker.remote), this.worker.died.then((e) => Promise.reject(e))]);
    } catch (e) {
      const err = toAlsError(e);
      if (err.code === 'WASM_TRAP') this.close();
      throw err;
    }
  }
}

/** Start a worker with `spawn`, load the core in it and start its pool. */
export async function startEngine(spawn: () => WorkerHandle, threads: number): Promise<Engine> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new AlsError('INVALID_PARAM', `threads must be a positive integer, got ${threads}`, { name: 'threads', value: threads });
  }
  registerErrorTransfer();
  const worker = spawn();
  try {
    const info = await Promise.race([worker.remote.init(threads), worker.died.then((e) => Promise.reject(e))]);
    if (info.version !== VERSION) {
      throw new AlsError('UNSUPPORTED', `core version ${info.version} does not match als-wasm ${VERSION}: rebuild`, { core: info.version, package: VERSION });
    }
    return new Engine(worker, info);
  } catch (e) {
    worker.terminate();
    throw toAlsError(e);
  }
}
