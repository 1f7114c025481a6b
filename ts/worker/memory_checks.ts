/**
 * The worker's memory checks: before a load or a synthetic set grows the
 * core's memory, the core's estimate (crate/src/memory.rs) is checked against
 * wasm32's 4 GiB, so an impossible request fails at once with `OUT_OF_MEMORY`
 * instead of trapping minutes later; and a trap that was an allocation
 * failure is reported as `OUT_OF_MEMORY`, not as an anonymous `unreachable`.
 */
import { AlsError } from '../errors.js';
import type { CoreExports } from './core_module.js';

/** Fails with `OUT_OF_MEMORY` if loading `ratings` over `users × items` cannot fit beside what the core holds. */
export function checkLoadMemory(core: CoreExports, ratings: number, users = 0, items = 0): void {
  core.memoryEstimate(ratings, users, items, undefined, false, true);
}

/**
 * A trap after the core's allocator failed is `OUT_OF_MEMORY` (still a trap:
 * the instance is unusable and the engine stops); other traps stay `WASM_TRAP`.
 */
export function trapError(core: CoreExports | undefined, err: AlsError): AlsError {
  const failed = core === undefined ? 0 : safeRead(() => core.heapFailure());
  if (err.code !== 'WASM_TRAP' || failed <= 0) return err;
  const held = safeRead(() => core!.heapLiveBytes());
  const limit = safeRead(() => core!.memoryLimitBytes());
  const gib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${Math.ceil(b / 2 ** 20)} MiB`);
  return new AlsError('OUT_OF_MEMORY',
    `the engine ran out of WebAssembly memory: a request for ${gib(failed)} failed with ${gib(held)} in use (the limit is ${gib(limit)}); it has been shut down`,
    { trap: true, requestBytes: failed, inUseBytes: held, limitBytes: limit });
}

function safeRead(f: () => number): number {
  try {
    return f();
  } catch {
    return 0;
  }
}
