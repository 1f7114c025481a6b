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

/** @internal */
export class CoreSession {
  readonly handles = new Handles();
  #core: CoreExports | undefined;
  #dead: AlsError | undefined;

  constructor(private readonly load: CoreLoader) {}

  /** Instantiate the core (`variant` build) with a pool of `threads` rayon workers, once. */
  async start(threads: number, variant: CoreVariant): Promise<CoreExports> {
    this.#core ??= await this.load(threads, variant);
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

  /** A trap (a Rust panic under panic=abort) leaves the instance unusable: remember it. */
  noteTrap(e: unknown): AlsError {
    const err = toAlsError(e);
    if (err.code === 'WASM_TRAP') this.#dead = err;
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
