/**
 * The main side of the engine worker: forwards calls, turns what they throw
 * into `AlsError`s, and stops the worker once, for good, on `close()` or a
 * WebAssembly trap. A rejected call (bad input, missing file, cancelled)
 * leaves the worker usable; only a trap or the worker's death stops it, and
 * then every pending and later call rejects at once with the same error.
 */
import * as Comlink from 'comlink';

import { AlsError, toAlsError } from './errors.js';
import type { WorkerApi } from './worker/api.js';

/** @internal How an entry point starts the engine worker in its environment. */
export interface WorkerHandle {
  remote: Comlink.Remote<WorkerApi>;
  /** Resolves to an error if the worker dies (crash, trap, exit). */
  died: Promise<AlsError>;
  terminate(): void;
  /**
   * Node: whether the worker keeps the process alive. The link refs it only
   * while a call is pending, so a forgotten engine does not hold Node open.
   */
  keepAlive?(on: boolean): void;
  /** Browser: the page's base URL, against which relative URL strings resolve. */
  baseUrl?: string;
}

/** @internal One engine worker, as the engine and its handles reach it. */
export class WorkerLink {
  #stopped: AlsError | undefined;
  #rejectStopped!: (e: AlsError) => void;
  readonly #whenStopped: Promise<never>;
  #pending = 0;

  constructor(private readonly worker: WorkerHandle) {
    this.#whenStopped = new Promise<never>((_, reject) => (this.#rejectStopped = reject));
    this.#whenStopped.catch(() => {});
    void worker.died.then((e) => this.stop(e));
    worker.keepAlive?.(false);
  }

  /** Why the worker is stopped, or undefined while it runs. */
  get stopped(): AlsError | undefined {
    return this.#stopped;
  }

  get baseUrl(): string | undefined {
    return this.worker.baseUrl;
  }

  /** Stop the worker (once): pending calls reject with `reason`, later calls too. */
  stop(reason: AlsError): void {
    if (this.#stopped) return;
    this.#stopped = reason;
    this.#rejectStopped(reason);
    try {
      this.worker.remote[Comlink.releaseProxy]();
    } catch {
      // Already released: nothing left to free.
    }
    this.worker.terminate();
  }

  /** Forward a call to the worker; fail fast once it is stopped. */
  readonly call = async <T>(f: (api: Comlink.Remote<WorkerApi>) => Promise<T>): Promise<T> => {
    if (this.#stopped) throw this.#stopped;
    if (this.#pending++ === 0) this.worker.keepAlive?.(true);
    try {
      return await Promise.race([f(this.worker.remote), this.#whenStopped]);
    } catch (e) {
      const err = toAlsError(e);
      if (err.code === 'WASM_TRAP' || err.details.trap === true) this.stop(err);
      throw this.#stopped ?? err;
    } finally {
      if (--this.#pending === 0 && !this.#stopped) this.worker.keepAlive?.(false);
    }
  };
}

/** @internal The error of a closed engine. */
export function closedError(): AlsError {
  return new AlsError('ENGINE_CLOSED', 'the engine has been closed');
}
