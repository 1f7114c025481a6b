/** The engine's WebAssembly core as the public API describes it: which build runs, and with how many threads. */
import type { SynthOptions, SynthSize } from './data.js';

/**
 * Which wasm build a worker loads. `threads`: shared memory, atomics and a
 * rayon pool (needs a cross-origin-isolated page in a browser). `relaxed`:
 * the same with relaxed SIMD, whose multiply-adds fuse where the CPU can
 * (ts/wasm-relaxed/; loaded by default where the JavaScript engine supports
 * it, see `EngineOptions.relaxedSimd`). `simd`: the core without shared
 * memory, on one thread (ts/wasm-simd/). `scalar`: one thread without SIMD
 * (ts/wasm-scalar/; Node only, for benchmarks).
 */
export type CoreVariant = 'threads' | 'relaxed' | 'simd' | 'scalar';

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
  /**
   * Whether the loaded build uses relaxed SIMD (fused multiply-add where the
   * CPU has it): faster, and its results may differ in the last bits from
   * machine to machine (docs/performance.md, "Reproducibility").
   */
  relaxedSimd: boolean;
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
   * Whether the threaded engine may load its relaxed-SIMD build (fused
   * multiply-add) where the JavaScript engine supports it. Default `true`;
   * `false` loads the plain SIMD build, whose results are bitwise the same on
   * every machine. Under Node the environment variable
   * `ALS_WASM_RELAXED_SIMD=0` does the same when this option is absent.
   */
  relaxedSimd?: boolean;
  /**
   * For benchmarks (Node only): load this build whatever `relaxedSimd` says:
   * `'threads'` (plain SIMD) or `'relaxed'`, or a single-threaded build,
   * `'simd'` or `'scalar'` (built by `scripts/build_wasm.sh simd|scalar`;
   * `threads` must then be 1). Default: `'relaxed'` or `'threads'` as above.
   */
  variant?: CoreVariant;
  /**
   * The most WebAssembly memory the engine may use, in bytes: 64 MiB to 4 GiB
   * (the default, all wasm32 can address), rounded down to 64 KiB pages. The
   * threaded build's memory cannot grow past it, and every memory check
   * (`estimateMemory`, loads, fits) counts against it.
   */
  memoryLimit?: number;
}

/** The core's memory (see `Engine.memoryUsage` and docs/memory.md). */
export interface MemoryUsage {
  /** Size of the WebAssembly memory; it only grows, so it is the high-water mark. */
  wasmBytes: number;
  /** Heap bytes the core holds now (ratings, layouts, models, scratch). */
  heapBytes: number;
  /** Most heap bytes held at once since the engine started, or since the last `resetPeak`. */
  heapPeakBytes: number;
}

/** A load and fit to estimate (`Engine.estimateMemory`). */
export interface MemoryPlan {
  /** Ratings to hold (required unless `synthetic` names them). */
  ratings?: number;
  /** A synthetic set (`Engine.synthesize`'s options): its ratings, users and movies, known before generating it. */
  synthetic?: SynthOptions;
  /** Users and items, when known (else 0: the per-rating parts dominate). */
  users?: number;
  items?: number;
  /** K of a fit; absent: the load alone. */
  factors?: number;
  /** Whether the set is split into train and test before the fit (as the CLI does). */
  split?: boolean;
  /** Reject with `OUT_OF_MEMORY` when the estimate does not fit, instead of returning it. */
  check?: boolean;
}

/** Bytes a plan needs, by structure (docs/memory.md has the formulas). */
export interface MemoryEstimate {
  totalBytes: number;
  /** The loaded set: its two layouts (the triples are not kept). */
  ratingsBytes: number;
  /** The train/test parts' layouts. */
  splitBytes: number;
  /** A fit's working memory per rating (a measured margin). */
  layoutBytes: number;
  idBytes: number;
  factorBytes: number;
  scratchBytes: number;
  baseBytes: number;
  /** What the engine holds already. */
  inUseBytes: number;
  /** With `synthetic` in the plan: the set it resolved to. */
  synthetic?: SynthSize;
  /** The most memory the engine can have (wasm32: 4 GiB). */
  limitBytes: number;
  /** The largest number of ratings that fits beside what is held, at this K. */
  maxRatings: number;
}
