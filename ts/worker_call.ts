import type * as Comlink from 'comlink';

import { AlsError } from './errors.js';
import type { WorkerApi } from './worker/api.js';

/** @internal How main-side objects reach the worker: through the engine, which fails fast once it is closed. */
export type WorkerCall = <T>(f: (api: Comlink.Remote<WorkerApi>) => Promise<T>) => Promise<T>;

/** @internal A main-side object naming something the worker holds (ratings, catalog, model). */
export interface Held {
  /** @internal The engine the object belongs to. */
  readonly call: WorkerCall;
  /** @internal */
  readonly handle: number;
}

/**
 * The handle of `obj` if it belongs to the engine reached through `call`;
 * an object of another engine (or not one of ours) is `INVALID_HANDLE`.
 *
 * @internal
 */
export function handleIn(call: WorkerCall, obj: Held, what: string): number {
  if (obj === null || typeof obj !== 'object' || typeof obj.handle !== 'number') {
    throw new AlsError('INVALID_HANDLE', `${what} must be an object this engine returned, got ${obj === null ? 'null' : typeof obj}`, { what, reason: 'not-a-handle' });
  }
  if (obj.call !== call) {
    throw new AlsError('INVALID_HANDLE', `${what} belongs to another engine: pass objects only to the engine that made them`, { what, reason: 'other-engine' });
  }
  return obj.handle;
}

/** @internal `handleIn` for an optional object. */
export function optionalHandleIn(call: WorkerCall, obj: Held | undefined, what: string): number | undefined {
  return obj === undefined ? undefined : handleIn(call, obj, what);
}
