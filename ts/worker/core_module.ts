import type { CoreVariant } from '../protocol/index.js';

/** @internal The wasm-bindgen glue module (generated into ts/wasm/ by `npm run build:wasm`). */
export type CoreModule = typeof import('../wasm/als_core.js');

/**
 * The compute surface every build exports: the threaded glue minus its
 * loading and pool plumbing, which the single-threaded builds lack.
 *
 * @internal
 */
export type CoreExports = Omit<CoreModule, 'default' | 'initSync' | 'initThreadPool' | 'wbg_rayon_PoolBuilder' | 'wbg_rayon_start_worker'>;

/** @internal Loads the glue, instantiates the module and starts the pool, per environment. */
export type CoreLoader = (threads: number, variant: CoreVariant, memoryLimit: number) => Promise<CoreExports>;

/**
 * @internal The shared memory the threaded build imports, capped at `memoryLimit` bytes
 * (undefined at 4 GiB: the glue's own memory has that maximum already).
 */
export function sharedMemory(memoryLimit: number): WebAssembly.Memory | undefined {
  if (memoryLimit >= 2 ** 32) return undefined;
  // 256 pages (16 MiB) start: above the module's static data, which the glue's own memory starts with.
  return new WebAssembly.Memory({ initial: 256, maximum: memoryLimit / 65536, shared: true });
}
