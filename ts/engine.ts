import * as Comlink from 'comlink';

import { Catalog } from './catalog.js';
import { Ratings } from './ratings.js';
import { AlsError, toAlsError } from './errors.js';
import { closedError, type WorkerHandle, WorkerLink } from './engine_link.js';
import { rawIds } from './ids.js';
import type { IngestProgress } from './ingest/index.js';
import { AlsModel } from './model.js';
import { arraysFromNpyFiles } from './model_export.js';
import { autoFit, type AutoReport } from './auto.js';
import { currentParams } from './deprecations.js';
import { checkOptions } from './option_keys.js';
import { type AlsParams, type FitParams, withGenrePrior } from './params.js';
import type { SparkImportProgress, SparkImportRequest, SparkModelSource } from './spark/import.js';
import { loadControl, sourceForWorker } from './source_arg.js';
import type { WorkerApi } from './worker/api.js';
import { handleIn, optionalHandleIn } from './worker_call.js';
import { MAX_MEMORY_LIMIT } from './memory_limit.js';
import type {
  CoreFallback, CoreInfo, CoreVariant, DataSource, DetectOptions, EpochStats, ExperimentOptions, ExperimentResult, IntegrityReport,
  LoadControlOptions, LoadEventsOptions, LoadMoviesOptions, LoadRatingsOptions, MemoryEstimate, MemoryPlan, MemoryUsage, RatingsColumns,
  RidgeSolveInput, RidgeSolveOutput, SynthOptions,
} from './protocol/index.js';

declare global {
  // `Symbol.asyncDispose` (for `await using`) is in lib esnext.disposable and
  // @types/node; declared here too so the types check under plain ES2022 + DOM.
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}

/** Options of `Engine.fit` beyond the hyperparameters. */
export interface FitOptions {
  /** Held-out ratings (a part of the same split) scored after every epoch. */
  evalSet?: Ratings;
  /** Movie genres: switch the genre prior on (unless `genrePrior: false`); also name movies in results. */
  catalog?: Catalog;
  /** Called after every epoch. */
  onEpoch?: (stats: EpochStats) => void;
  /** Cancels training between epochs. */
  signal?: AbortSignal;
  /** Stop when the test RMSE has not improved by `minDelta` for `patience` epochs; keep the best epoch. */
  earlyStop?: { patience: number; minDelta?: number };
  /** With `auto` in the parameters: receives what the search chose and why. */
  onAutoReport?: (report: AutoReport) => void;
}

/** The package version; the core must report the same one. */
export const VERSION = '0.1.0';

/**
 * The als-wasm engine: a WebAssembly core with its own thread pool, running
 * in a dedicated worker so the calling thread never blocks. Create it with
 * `createEngine()` from `als-wasm`, and `close()` it when done.
 *
 * @example
 * const engine = await createEngine({ threads: 2 });
 * const { factors } = await engine.ridgeSolve({ k: 2, indptr, indices, values, factors: q, lambda: 1, tau: 0.1 });
 * await engine.close();
 */
export class Engine {
  readonly #link: WorkerLink;

  /** @internal */
  constructor(
    worker: WorkerHandle,
    /** Version, thread count and SIMD support of the loaded core. */
    readonly info: CoreInfo,
  ) {
    this.#link = new WorkerLink(worker);
  }

  /** Threads in the WebAssembly pool. */
  get threads(): number {
    return this.info.threads;
  }

  /**
   * The batched ridge solve ALS is made of: for every CSR row r, solve
   * `(lambda Σ v vᵀ + tau I) x_r = lambda Σ y v` over the rows `v` of
   * `factors` that row r points at. Rows are solved in parallel.
   */
  ridgeSolve(input: RidgeSolveInput): Promise<RidgeSolveOutput> {
    return this.call((api) => api.ridgeSolve(input));
  }

  /**
   * Stream a ratings file into the engine: a path (Node), a URL (string or
   * `URL`), a File/Blob, bytes or a `ReadableStream`. Bad lines fail the
   * load with an error naming file, line and text, unless `onInvalid: 'skip'`.
   * A rejected load (missing file, bad line, cancelled) leaves the engine usable.
   *
   * @example
   * const ratings = await engine.loadRatings('ml-latest-small/ratings.csv', { onProgress: (p) => console.log(p.rows) });
   */
  async loadRatings(src: DataSource, opts: LoadRatingsOptions & LoadControlOptions = {}): Promise<Ratings> {
    checkOptions('loadRatings', opts);
    const { onProgress, signal, timeoutMs, ...rest } = opts;
    const summary = await this.load(src, signal, timeoutMs, (source, control) =>
      this.call((api) => api.data.loadRatings(source, rest, control, onProgress && Comlink.proxy(onProgress))));
    return new Ratings(this.call, summary.handle, summary);
  }

  /**
   * Stream an implicit-feedback events file (docs/implicit.md): lines of
   * `user,item[,count|weight][,…]`, comma- or tab-separated (`delimiter`),
   * with or without a header. A repeated (user, item) pair sums its values;
   * without a value column (`columns: { user: 0, item: 1 }`) every line
   * counts 1. A timestamp column is accepted and not used: after the value
   * (`user,item,count,timestamp`), or in its place when the header names it
   * (`user,item,timestamp`: a third column headed timestamp, time or date is
   * never the value). Values must be finite and >= 0. Bad lines fail the load
   * with the same line-numbered errors as `loadRatings`.
   *
   * @example
   * const events = await engine.loadEvents('plays.csv', { columns: { user: 0, item: 1, rating: 2 } });
   * const model = await engine.fit(events, { feedback: 'implicit' });
   */
  loadEvents(src: DataSource, opts: LoadEventsOptions & { onProgress?: (p: IngestProgress) => void } = {}): Promise<Ratings> {
    const { delimiter, header, columns, ...rest } = opts;
    const format = { delimiter: delimiter ?? ',', header: header ?? 'auto', columns: columns ?? { user: 0, item: 1, rating: 2 } };
    return this.loadRatings(src, { ...rest, format, duplicates: 'sum', scale: { min: 0, max: Infinity } });
  }

  /** Load movie titles and genres (`movies.csv`, `movies.dat` or `u.item`) from the same sources as `loadRatings`. */
  async loadMovies(src: DataSource, opts: LoadMoviesOptions & LoadControlOptions = {}): Promise<Catalog> {
    checkOptions('loadMovies', opts);
    const { onProgress, signal, timeoutMs, ...rest } = opts;
    const summary = await this.load(src, signal, timeoutMs, (source, control) =>
      this.call((api) => api.data.loadMovies(source, rest, control, onProgress && Comlink.proxy(onProgress))));
    return new Catalog(this.call, summary.handle, summary);
  }

  /**
   * Ratings already in memory (an app's data, rows read from IndexedDB…), as
   * columns with raw ids. Ids must be integers in 0..4294967295 (`INVALID_ID`
   * names the first that is not); ratings must be finite.
   *
   * @example
   * const ratings = await engine.ratingsFromArrays({ users: [1, 1, 2], items: [10, 20, 10], ratings: [5, 3, 4] });
   */
  async ratingsFromArrays(columns: RatingsColumns): Promise<Ratings> {
    checkOptions('ratingsFromArrays', columns);
    const { users, items, ratings } = columns ?? {};
    const u = rawIds(users, 'user');
    const i = rawIds(items, 'item');
    if (ratings === null || typeof ratings !== 'object' || typeof ratings.length !== 'number') {
      throw new AlsError('INVALID_PARAM', 'ratings must be an array of numbers', { name: 'ratings' });
    }
    if (u.length !== i.length || u.length !== ratings.length) {
      throw new AlsError('LENGTH_MISMATCH', `users, items and ratings must have the same length, got ${u.length}, ${i.length} and ${ratings.length}`, {
        what: 'ratings columns', expected: u.length, actual: i.length !== u.length ? i.length : ratings.length,
      });
    }
    const r = Float32Array.from(ratings);
    const summary = await this.call((api) => api.data.ratingsFromArrays(
      Comlink.transfer(u, [u.buffer]), Comlink.transfer(i, [i.buffer]), Comlink.transfer(r, [r.buffer])));
    return new Ratings(this.call, summary.handle, summary);
  }

  /** Generate a seeded set shaped like MovieLens 32M or the Netflix prize, with a planted model, in the core (docs/synthetic.md). */
  async synthesize(opts: SynthOptions = {}): Promise<{ ratings: Ratings; catalog: Catalog }> {
    checkOptions('synthesize', opts);
    const { ratings, catalog } = await this.call((api) => api.data.synthesize(opts));
    return { ratings: new Ratings(this.call, ratings.handle, ratings), catalog: new Catalog(this.call, catalog.handle, catalog) };
  }

  /**
   * Train an ALS model on `train` (parameters default to the reference implementation's).
   * `onEpoch` receives train/test RMSE and MAE, the objective and the time
   * of every epoch; `signal` cancels between epochs (rejects with CANCELLED).
   * An unknown parameter or option key is `INVALID_PARAM` naming the nearest valid one.
   *
   * @example
   * const model = await engine.fit(train, { factors: 20, iterations: 30 }, { evalSet: test, onEpoch: console.log });
   */
  async fit(train: Ratings, params: FitParams = {}, opts: FitOptions = {}): Promise<AlsModel> {
    checkOptions('params', params);
    checkOptions('fit', opts);
    params = currentParams(params);
    checkOptions('earlyStop', opts.earlyStop);
    if (params.auto) {
      const { auto, ...rest } = params;
      if (auto !== true) checkOptions('auto', auto);
      const { model, report } = await autoFit(this, train, rest, { ...(auto === true ? {} : auto), catalog: opts.catalog, evalSet: opts.evalSet, onEpoch: opts.onEpoch, signal: opts.signal });
      opts.onAutoReport?.(report);
      return model;
    }
    const trainHandle = handleIn(this.call, train, 'the training set');
    const req = {
      params: withGenrePrior(params, opts.catalog !== undefined),
      eval: optionalHandleIn(this.call, opts.evalSet, 'evalSet'),
      catalog: optionalHandleIn(this.call, opts.catalog, 'catalog'),
      earlyStop: opts.earlyStop,
    };
    if (opts.signal?.aborted) throw new AlsError('CANCELLED', 'training was cancelled before it started');
    return this.runFit(trainHandle, req, opts);
  }

  private async runFit(train: number, req: { params: FitParams; eval?: number; catalog?: number; earlyStop?: FitOptions['earlyStop'] }, opts: FitOptions): Promise<AlsModel> {
    // Without shared memory (a page that is not isolated) training cannot be
    // stopped mid-run: the result is discarded once it arrives.
    const stopFlag = typeof SharedArrayBuffer === 'undefined' ? undefined : new Int32Array(new SharedArrayBuffer(4));
    const abort = () => stopFlag && Atomics.store(stopFlag, 0, 2);
    opts.signal?.addEventListener('abort', abort);
    // Progress travels on its own message port and may trail the result:
    // every epoch reaches `onEpoch` once, in order, before `fit` settles, and
    // nothing after (a late message would overwrite a "cancelled" status).
    let delivered = 0;
    let settled = false;
    const deliver = (s: EpochStats) => {
      if (settled) return;
      delivered++;
      opts.onEpoch?.(s);
    };
    try {
      const onEpoch = opts.onEpoch && Comlink.proxy(deliver);
      const { handle, history } = await this.call((api) => api.training.fit(train, { ...req, stopFlag }, onEpoch));
      history.slice(delivered).forEach(deliver);
      settled = true;
      const model = new AlsModel(this.call, handle, await this.call((api) => api.models.modelInfo(handle)), history);
      if (opts.signal?.aborted) {
        await model.dispose();
        throw new AlsError('CANCELLED', 'training was cancelled');
      }
      return model;
    } finally {
      settled = true;
      opts.signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * A model from the bytes of `model.save()`. A truncated, corrupted,
   * foreign or newer-version file rejects with code `FORMAT` and a reason.
   * `catalog` names movies in results. The model's `history` is empty.
   *
   * @example
   * const model = await engine.loadModel(await readFile('model.als'), { catalog });
   */
  async loadModel(bytes: Uint8Array, opts: { catalog?: Catalog } = {}): Promise<AlsModel> {
    checkOptions('loadModel', opts);
    if (!(bytes instanceof Uint8Array)) throw new AlsError('INVALID_PARAM', 'loadModel takes the bytes of a model file (a Uint8Array)', { name: 'bytes' });
    const catalog = optionalHandleIn(this.call, opts.catalog, 'catalog');
    const handle = await this.call((api) => api.modelFiles.loadModel(bytes, catalog));
    return this.held(handle);
  }

  /**
   * A model from `model.toNpyFiles()` output (or the same files written by
   * Python: float32/uint32 arrays plus `meta.json` with `mu`). It has no
   * training ratings: `filterRated` is a no-op and `explain` fails.
   */
  async modelFromNpyFiles(files: Record<string, Uint8Array | string>, opts: { catalog?: Catalog } = {}): Promise<AlsModel> {
    checkOptions('loadModel', opts);
    const parts = arraysFromNpyFiles(files);
    const catalog = optionalHandleIn(this.call, opts.catalog, 'catalog');
    const handle = await this.call((api) => api.modelFiles.modelFromArrays(parts, catalog));
    return this.held(handle);
  }

  /**
   * A saved Spark MLlib `ALSModel` (docs/spark.md): a directory path in Node,
   * or the directory's files (a folder picker's `FileList`, or `{ path, data }`
   * pairs with URLs, Blobs or bytes). It predicts and recommends by `p_u·q_i`
   * exactly as Spark does (`mu` and biases 0); fold-in solves Spark's ridge
   * `regParam · n` (pass the `regParam` it was trained with; default 0.1).
   * Spark does not save the training ratings: pass them as `ratings` (the
   * set the model was trained on, matched by raw id) for training counts
   * (`minRatings`), rated-movie filtering and `explain`; without them counts
   * are 0 (use `minRatings: 0`). Corrupt or foreign directories reject with
   * FORMAT / NON_FINITE naming the file.
   *
   * @example
   * const model = await engine.importSparkModel('spark-model/', { regParam: 0.05, ratings: train, onProgress: console.log });
   */
  async importSparkModel(
    source: SparkModelSource,
    opts: SparkImportRequest & { catalog?: Catalog; ratings?: Ratings; onProgress?: (p: SparkImportProgress) => void } = {},
  ): Promise<AlsModel> {
    checkOptions('importSparkModel', opts);
    const { catalog, ratings, onProgress, ...req } = opts;
    // URL objects cannot cross to the worker (structured clone): send their text.
    const files = typeof source === 'string' ? source : Array.from(source, (f) => ('path' in f && f.data instanceof URL ? { path: f.path, data: f.data.href } : f));
    const handles = { ...req, catalog: optionalHandleIn(this.call, catalog, 'catalog'), ratings: optionalHandleIn(this.call, ratings, 'ratings') };
    const handle = await this.call((api) => api.modelFiles.importSparkModel(files, handles, onProgress && Comlink.proxy(onProgress)));
    return this.held(handle);
  }

  private async held(handle: number): Promise<AlsModel> {
    return new AlsModel(this.call, handle, await this.call((api) => api.models.modelInfo(handle)), []);
  }

  /**
   * Score every training user of `model` as a shilling profile and as a
   * shared account, and list the most suspicious users and items
   * (docs/integrity.md). The model must have been trained in this engine
   * (it keeps its ratings). Also available as `detectSuspicious(engine, model, opts)`.
   */
  async detectSuspicious(model: AlsModel, opts: DetectOptions = {}): Promise<IntegrityReport> {
    const m = handleIn(this.call, model, 'model');
    return this.call((api) => api.integrity.report(m, opts));
  }

  /**
   * Inject an attack into `ratings` (seeded), train on the clean and the
   * attacked data with `params`, detect, and measure (docs/integrity.md).
   * Also available as `runIntegrityExperiment(engine, ratings, opts, params)`.
   */
  async runIntegrityExperiment(ratings: Ratings, opts: ExperimentOptions, params: Partial<AlsParams> = {}): Promise<ExperimentResult> {
    const r = handleIn(this.call, ratings, 'ratings');
    const current = currentParams(params);
    return this.call((api) => api.integrity.experiment(r, current, opts));
  }

  /**
   * The core's memory a load (split, fit at K) of `plan.ratings` needs, by structure, beside what
   * the engine holds and its limit (docs/memory.md). `check: true` rejects with `OUT_OF_MEMORY`
   * instead, as loads, synthetic sets and fits do themselves before allocating. `plan.synthetic`
   * (`synthesize`'s options, e.g. `{ shape: 'netflix' }`) counts that set's ratings, users and movies.
   */
  estimateMemory(plan: MemoryPlan): Promise<MemoryEstimate> {
    checkOptions('estimateMemory', plan);
    checkOptions('synthesize', plan.synthetic);
    return this.call((api) => api.estimateMemory(plan));
  }

  /**
   * Memory diagnostics: the size of the core's WebAssembly memory, which only
   * grows (so it is the peak so far), and the heap bytes the core holds now
   * and at most since the start (or since the last call with `resetPeak`).
   */
  memoryUsage(opts: { resetPeak?: boolean } = {}): Promise<MemoryUsage> {
    return this.call((api) => api.memoryUsage(opts.resetPeak ?? false));
  }

  /**
   * Stop the worker and its thread pool. Later calls, and calls still
   * pending, reject with `ENGINE_CLOSED`. Closing twice is harmless. An
   * engine that is never closed does not keep Node running once no call is
   * pending, but its memory is held until the process ends.
   */
  async close(): Promise<void> {
    this.#link.stop(closedError());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private get call(): <T>(f: (api: Comlink.Remote<WorkerApi>) => Promise<T>) => Promise<T> {
    return this.#link.call;
  }

  /** Run a load of `src` with its cancellation port, freeing the port when it settles. */
  private async load<T>(src: DataSource, signal: AbortSignal | undefined, timeoutMs: number | undefined,
    run: (source: ReturnType<typeof sourceForWorker>, control: ReturnType<typeof loadControl>['control']) => Promise<T>): Promise<T> {
    if (this.#link.stopped) throw this.#link.stopped;
    const source = sourceForWorker(src, this.#link.baseUrl);
    const { control, done } = loadControl(signal, timeoutMs);
    try {
      return await run(source, control);
    } finally {
      done();
    }
  }
}

/** @internal Which build of the core an entry point asks the worker to load, and why. */
export interface CorePlan {
  variant: CoreVariant;
  /** Set when `variant` is a reduced build; copied into `engine.info`. */
  fallback?: CoreFallback;
  /** The engine's memory limit in bytes (default 4 GiB). */
  memoryLimit?: number;
}

/** @internal Start a worker with `spawn`, load the core in it and start its pool. */
export async function startEngine(spawn: () => WorkerHandle, threads: number, plan: CorePlan = { variant: 'threads' }): Promise<Engine> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new AlsError('INVALID_PARAM', `threads must be a positive integer, got ${threads}`, { name: 'threads', value: threads });
  }
  const worker = spawn();
  try {
    const loaded = await Promise.race([worker.remote.init(threads, plan.variant, plan.memoryLimit ?? MAX_MEMORY_LIMIT), worker.died.then((e) => Promise.reject(e))]);
    const info: CoreInfo = plan.fallback ? { ...loaded, fallback: plan.fallback } : loaded;
    if (info.version !== VERSION) {
      throw new AlsError('UNSUPPORTED', `core version ${info.version} does not match als-wasm ${VERSION}: rebuild`, { core: info.version, package: VERSION });
    }
    return new Engine(worker, info);
  } catch (e) {
    worker.terminate();
    throw toAlsError(e);
  }
}
