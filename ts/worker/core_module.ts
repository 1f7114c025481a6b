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
export type CoreLoader = (threads: number, variant: CoreVariant) => Promise<CoreExports>;
