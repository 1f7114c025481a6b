/** The wasm-bindgen glue module (generated into ts/wasm/ by `npm run build:wasm`). */
export type CoreModule = typeof import('../wasm/als_core.js');

/** What the worker reports once the core and its thread pool are up. */
export interface CoreInfo {
  /** Version of the Rust core (must equal the package version). */
  version: string;
  /** Threads in the rayon pool (1 when the build or page cannot share memory). */
  threads: number;
  /** Whether the loaded build uses 128-bit SIMD. */
  simd: boolean;
}

/** Loads the glue, instantiates the module and starts the pool, per environment. */
export type CoreLoader = (threads: number) => Promise<CoreModule>;
