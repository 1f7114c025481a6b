/** @internal The wasm-bindgen glue module (generated into ts/wasm/ by `npm run build:wasm`). */
export type CoreModule = typeof import('../wasm/als_core.js');

/**
 * The compute surface every build exports: the threaded glue minus its
 * loading and pool plumbing, which the single-threaded builds lack.
 *
 * @internal
 */
export type CoreExports = Omit<CoreModule, 'default' | 'initSync' | 'initThreadPool' | 'wbg_rayon_PoolBuilder' | 'wbg_rayon_start_worker'>;

/**
 * Which wasm build a worker loads. `threads`: shared memory, atomics and a
 * rayon pool (needs a cross-origin-isolated page in a browser). `simd`: the
 * same core without shared memory, on one thread (ts/wasm-simd/). `scalar`:
 * one thread without SIMD (ts/wasm-scalar/; Node only, for benchmarks).
 */
export type CoreVariant = 'threads' | 'simd' | 'scalar';

/** Why an engine runs a reduced build instead of the threaded one. */
export interface CoreFallback {
  reason: 'not-cross-origin-isolated';
  /** A sentence for people: what is missing and how to enable it. */
  message: string;
}

/** What the worker reports once the core and its thread pool are up. */
export interface CoreInfo {
  /** Version of the Rust core (must equal the package version). */
  version: string;
  /** Threads in the rayon pool (1 when the build or page cannot share memory). */
  threads: number;
  /** Whether the loaded build uses 128-bit SIMD. */
  simd: boolean;
  /** The build that was loaded. */
  variant: CoreVariant;
  /** Set only when the engine runs a reduced build, saying why. */
  fallback?: CoreFallback;
}

/** @internal Loads the glue, instantiates the module and starts the pool, per environment. */
export type CoreLoader = (threads: number, variant: CoreVariant) => Promise<CoreExports>;
