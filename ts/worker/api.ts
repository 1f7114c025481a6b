/**
 * The one object the engine worker exposes over comlink, composed of parts
 * named for what they hold: `data` (ratings and catalogs), `training`,
 * `models` (queries on trained models), `modelFiles` (models in and out of
 * files and arrays) and `integrity`. The parts share one `CoreSession`; their
 * methods run synchronously on the worker's thread against the wasm core
 * (ingestion awaits its input stream). The main-side classes only forward to it.
 */
import * as Comlink from 'comlink';

import type { CoreInfo, CoreVariant, MemoryEstimate, MemoryPlan, MemoryUsage, RidgeSolveInput, RidgeSolveOutput } from '../protocol/index.js';
import type { DirLister } from '../spark/import.js';
import type { CoreLoader } from './core_module.js';
import { DataApi } from './data_api.js';
import { TrainingApi } from './fit_ops.js';
import { IntegrityOps } from './integrity_ops.js';
import { ModelFilesApi } from './model_files.js';
import { ModelQueries } from './model_queries.js';
import { CoreSession } from './session.js';
import type { FileOpener } from './sources.js';

/** A part of the API; proxy-marked so that `Comlink.Remote` types it as a remote object. */
type Part<T> = T & Comlink.ProxyMarked;

/** @internal */
export class WorkerApi {
  readonly #session: CoreSession;
  /** Loading ratings and movies; the ratings sets and catalogs the worker holds. */
  readonly data: Part<DataApi>;
  /** Training models. */
  readonly training: Part<TrainingApi>;
  /** Predictions, lists and explanations of trained models. */
  readonly models: Part<ModelQueries>;
  /** Models in and out of model files, raw arrays and Spark directories. */
  readonly modelFiles: Part<ModelFilesApi>;
  /** Integrity detectors and the injection experiment (`ts/integrity.ts`). */
  readonly integrity: Part<IntegrityOps>;

  constructor(load: CoreLoader, openFile?: FileOpener, listDir?: DirLister) {
    const session = (this.#session = new CoreSession(load));
    this.data = Comlink.proxy(new DataApi(session, openFile));
    this.training = Comlink.proxy(new TrainingApi(session));
    this.models = Comlink.proxy(new ModelQueries(session));
    this.modelFiles = Comlink.proxy(new ModelFilesApi(session, openFile, listDir));
    this.integrity = Comlink.proxy(new IntegrityOps(session));
  }

  /** Instantiate the core (`variant` build) and start a pool of `threads` rayon workers. */
  async init(threads: number, variant: CoreVariant = 'threads', memoryLimit = 2 ** 32): Promise<CoreInfo> {
    const core = await this.#session.start(threads, variant, memoryLimit);
    return { version: core.coreVersion(), threads: core.poolThreads(), simd: core.simdEnabled(), relaxedSimd: core.relaxedSimdEnabled(), variant };
  }

  ridgeSolve(input: RidgeSolveInput): RidgeSolveOutput {
    return this.#session.guard((core) => {
      const { k, indptr, indices, values, factors, lambda, tau } = input;
      const result = core.ridgeSolveRows(k, indptr, indices, values, factors, lambda, tau);
      try {
        const solved = result.factors;
        return Comlink.transfer({ factors: solved, threadsUsed: result.threadsUsed }, [solved.buffer]);
      } finally {
        result.free();
      }
    });
  }

  /** The core's memory estimate of a plan (see `Engine.estimateMemory`). */
  estimateMemory(plan: MemoryPlan): MemoryEstimate {
    return this.#session.guard((core) => (plan.synthetic === undefined
      ? core.memoryEstimate(plan.ratings ?? NaN, plan.users ?? 0, plan.items ?? 0, plan.factors, plan.split ?? false, plan.check ?? false)
      : core.synthMemoryEstimate(plan.synthetic, plan.factors, plan.split ?? false, plan.check ?? false)) as MemoryEstimate);
  }

  /** Bytes of the core's linear memory and heap (see `Engine.memoryUsage`). */
  memoryUsage(resetPeak = false): MemoryUsage {
    return this.#session.guard((core) => {
      const usage = { wasmBytes: core.memoryBytes(), heapBytes: core.heapLiveBytes(), heapPeakBytes: core.heapPeakBytes() };
      if (resetPeak) core.heapResetPeak();
      return usage;
    });
  }

  /** Release a handle (ratings, catalog or model). */
  dispose(handle: number): void {
    this.#session.handles.free(handle);
  }
}
