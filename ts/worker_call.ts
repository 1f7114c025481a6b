import type * as Comlink from 'comlink';

import { AlsError } from './errors.js';
import type { WorkerApi } from './worker/api.js';

/** @internal How main-side objects reach the worker: through the engine, which fails fast once it is closed. */
export type WorkerCall = <T>(f: (api: Comlink.Remote<WorkerApi>) => Promise<T>) => Promise<T>;

/**
 * What each main-side object (ratings, catalog, model) names in the worker:
 * its engine's call and its handle. Kept here rather than as public fields,
 * so the objects expose no worker access.
 */
const held = new WeakMap<object, { call: WorkerCall; handle: number }>();

/** @internal Record that `obj` names `handle` in the engine reached through `call`. */
export function registerHeld(obj: object, call: WorkerCall, handle: number): void {
  held.set(obj, { call, handle });
}

/**
 * The handle of `obj` if it belongs to the engine reached through `call`;
 * an object of another engine (or not one of ours) is `INVALID_HANDLE`.
 *
 * @internal
 */
export function handleIn(call: WorkerCall, obj: object, what: string): number {
  const entry = obj !== null && typeof obj === 'object' ? held.get(obj) : undefined;
  if (entry === undefined) {
    throw new AlsError('INVALID_HANDLE', `${what} must be an object this engine returned, got ${obj === null ? 'null' : typeof obj}`, { what, reason: 'not-a-handle' });
  }
  if (entry.call !== call) {
    throw new AlsError('INVALID_HANDLE', `${what} belongs to another engine: pass objects only to the engine that made them`, { what, reason: 'other-engine' });
  }
  return entry.handle;
}

/** @internal `handleIn` for an optional object. */
export function optionalHandleIn(call: WorkerCall, obj: object | undefined, what: string): number | undefined {
  return obj === undefined ? undefined : handleIn(call, obj, what);
}

/**
 * A main-side object naming something the engine holds in its worker
 * (ratings, a catalog): its summary as returned by the worker, and a
 * `dispose` that frees the worker's copy.
 */
export abstract class EngineHeld<S> {
  // Declared apart from the constructor so `@internal` strips them (and the
  // internal WorkerCall type) from the published declarations.
  /** @internal */
  protected readonly call: WorkerCall;
  /** @internal */
  protected readonly handle: number;

  /** @internal */
  constructor(
    call: WorkerCall,
    handle: number,
    readonly summary: S,
  ) {
    this.call = call;
    this.handle = handle;
    registerHeld(this, call, handle);
  }

  /** Free the worker's copy. */
  async dispose(): Promise<void> {
    await this.call((api) => api.dispose(this.handle));
  }
}
