/**
 * The worker's half of error transfer: every method of the exposed API
 * (nested objects included) throws an `ErrorPayload` instead of an `Error`.
 * Comlink passes plain objects through its default `throw` handler as they
 * are, so the codes and details arrive intact without touching comlink's
 * global handlers (an app's own comlink workers keep theirs).
 */
import { toPayload } from '../errors.js';

/** `api` seen through a proxy whose methods throw `ErrorPayload`s. */
export function withWireErrors<T extends object>(api: T): T {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value === 'function') return wrapMethod(value as (...args: unknown[]) => unknown, target);
      if (typeof value === 'object' && value !== null && typeof prop === 'string') return withWireErrors(value);
      return value;
    },
  });
}

function wrapMethod(f: (...args: unknown[]) => unknown, self: object): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = f.apply(self, args);
    } catch (e) {
      throw toPayload(e);
    }
    if (result instanceof Promise) return result.catch((e: unknown) => Promise.reject(toPayload(e)));
    return result;
  };
}
