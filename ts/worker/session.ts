/**
 * What every part of the worker API shares: the core once it is loaded, the
 * handles of the objects the worker holds, and the rule that a trap ends the
 * instance.
 */
import * as Comlink from 'comlink';

import { AlsError, toAlsError } from '../errors.js';
import type { CoreVariant, LoadControl } from '../protocol/index.js';
import type { CoreExports, CoreLoader } from './core_module.js';
import { Handles } from './handles.js';
import { trapError } from './memory_checks.js';

/** @internal */
export class CoreSession {
  readonly handles = new Handles();
  #core: CoreExports | undefined;
  #dead: AlsError | undefined;

  constructor(private readonly load: CoreLoader) {}

  /** Instantiate the core (`variant` build) with a pool of `threads` rayon workers and a memory limit, once. */
  async start(threads: number, variant: CoreVariant, memoryLimit: number): Promise<CoreExports> {
    this.#core ??= await this.load(threads, variant, memoryLimit);
    this.#core.setMemoryLimit(memoryLimit);
    return this.#core;
  }

  /** The loaded core; throws once a trap has ended it, or before `start`. */
  core(): CoreExports {
    if (this.#dead) throw this.#dead;
    if (!this.#core) throw new AlsError('ENGINE_CLOSED', 'the engine is not initialised');
    return this.#core;
  }

  /** Run `f` on the core, turning what it throws into an `AlsError`. */
  guard<T>(f: (core: CoreExports) => T): T {
    const core = this.core();
    try {
      return f(core);
    } catch (e) {
      throw this.noteTrap(e);
    }
  }

  /**
   * A trap (a Rust panic under panic=abort) leaves the instance unusable: remember it. A trap of
   * the allocator is reported as `OUT_OF_MEMORY` (with `trap: true`).
   */
  noteTrap(e: unknown): AlsError {
    const err = trapError(this.#core, toAlsError(e));
    if (err.code === 'WASM_TRAP' || err.details.trap === true) this.#dead = err;
    return err;
  }
}

/**
 * Close a call's control port and release its callback proxy, so no
 * message port stays open (an open port would keep Node alive).
 *
 * @internal
 */
export function finishCall(control: LoadControl, callback: unknown): void {
  control.port?.close();
  (callback as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
}
