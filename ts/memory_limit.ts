/** `createEngine`'s `memoryLimit`: checked and rounded to whole WebAssembly pages. */
import { AlsError } from './errors.js';
import type { EngineOptions } from './protocol/index.js';

/** The largest `EngineOptions.memoryLimit` (and the default): all wasm32 can address. */
export const MAX_MEMORY_LIMIT = 2 ** 32;
const MIN_MEMORY_LIMIT = 2 ** 26;

/** @internal `memoryLimit` checked (64 MiB to 4 GiB) and rounded down to 64 KiB pages. */
export function memoryLimitOf(options: EngineOptions): number {
  const v = options.memoryLimit ?? MAX_MEMORY_LIMIT;
  if (typeof v !== 'number' || !(v >= MIN_MEMORY_LIMIT && v <= MAX_MEMORY_LIMIT)) {
    throw new AlsError('INVALID_PARAM', `memoryLimit must be a number of bytes from ${MIN_MEMORY_LIMIT} (64 MiB) to ${MAX_MEMORY_LIMIT} (4 GiB), got ${String(v)}`,
      { name: 'memoryLimit', value: String(v), expected: '64 MiB to 4 GiB' });
  }
  return Math.floor(v / 65536) * 65536;
}
