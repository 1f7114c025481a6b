/** The engine's WebAssembly core as the public API describes it: which build runs, and with how many threads. */

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

/** Options of `createEngine`. */
export interface EngineOptions {
  /** Threads in the WebAssembly pool. Default: all logical cores. */
  threads?: number;
  /**
   * For benchmarks (Node only): load a single-threaded build instead of the
   * threaded one, `'simd'` or `'scalar'` (built by `scripts/build_wasm.sh simd|scalar`);
   * `threads` must then be 1. Default `'threads'`.
   */
  variant?: CoreVariant;
}
