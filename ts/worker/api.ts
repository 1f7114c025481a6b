import * as Comlink from 'comlink';

import { AlsError, toAlsError } from '../errors.js';
import type { CoreInfo, CoreLoader, CoreModule } from './core_module.js';
import type { RidgeSolveInput, RidgeSolveOutput } from '../types.js';

/**
 * The one object the engine worker exposes over comlink. Its methods run
 * synchronously on the worker's thread against the wasm core; the main-side
 * `Engine` only forwards to it.
 */
export class WorkerApi {
  #core: CoreModule | undefined;
  #dead: AlsError | undefined;

  constructor(private readonly load: CoreLoader) {}

  /** Instantiate the core and start a pool of `threads` rayon workers. */
  async init(threads: number): Promise<CoreInfo> {
    if (!this.#core) this.#core = await this.load(threads);
    return this.info();
  }

  info(): CoreInfo {
    const core = this.core();
    return { version: core.coreVersion(), threads: core.poolThreads(), simd: core.simdEnabled() };
  }

  /** Batched ridge solve of every CSR row (see `Engine.ridgeSolve`). */
  ridgeSolve(input: RidgeSolveInput): RidgeSolveOutput {
    return this.guard((core) => {
      const { k, indptr, indices, values, factors, lambda, tau } = input;
      const result = core.ridgeSolveRows(k, indptr, indices, values, factors, lambda, tau);
      try {
        const solved = result.factors;
        return Comlink.transfer({ factors: solved, threadsUsed: result.threadsUsed }, [solved.buffer]);
      } finally {
        result.free();
      }
    });
  }

  private core(): CoreModule {
    if (this.#dead) throw this.#dead;
    if (!this.#core) throw new AlsError('ENGINE_CLOSED', 'the engine is not initialised');
    return this.#core;
  }

  /**
   * Run `f` on the core. A trap (a Rust panic under panic=abort) leaves the
   * instance unusable, so it is remembered and every later call fails fast.
   */
  private guard<T>(f: (core: CoreModule) => T): T {
    const core = this.core();
    try {
      return f(core);
    } catch (e) {
      const err = toAlsError(e);
      if (err.code === 'WASM_TRAP') this.#dead = err;
      throw err;
    }
  }
}
