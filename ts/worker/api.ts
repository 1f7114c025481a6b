import * as Comlink from 'comlink';

import { AlsError, toAlsError } from '../errors.js';
import type { IngestProgress, ItemCatalog } from '../ingest/index.js';
import type { Fingerprint } from '../provenance.js';
import type { SynthOptions } from '../synth/index.js';
import type { CoreRatings } from '../wasm/als_core.js';
import type { RidgeSolveInput, RidgeSolveOutput } from '../types.js';
import type { CoreExports, CoreLoader } from './core_module.js';
import { loadMovies, loadRatings, ratingsFromArrays, synthesize } from './data_ops.js';
import { type FitJob, runFit } from './fit_ops.js';
import { Handles } from './handles.js';
import { IntegrityOps } from './integrity_ops.js';
import type { HeldModel } from './model_ops.js';
import { ModelQueries } from './model_queries.js';
import type { FileOpener } from './sources.js';
import { readSparkModel, type DirLister, type SparkImportProgress, type SparkImportRequest, type SparkModelSource } from '../spark/import.js';
import type {
  CatalogSummary, CoreInfo, CoreVariant, EpochStats, LoadControl, LoadMoviesOptions, LoadRatingsOptions, RatingsDescription, RatingsSummary, WorkerSource,
} from '../protocol/index.js';

/** @internal Options of a fit, with handles in place of objects (see `Engine.fit`). */
export interface FitRequest extends Omit<FitJob, 'train' | 'eval' | 'catalog' | 'onEpoch'> {
  eval?: number;
  catalog?: number;
}

/**
 * The one object the engine worker exposes over comlink. Its methods run
 * synchronously on the worker's thread against the wasm core (ingestion
 * awaits its input stream); the main-side classes only forward to it.
 *
 * @internal
 */
export class WorkerApi extends ModelQueries {
  #core: CoreExports | undefined;
  #dead: AlsError | undefined;
  /** Integrity detectors and the injection experiment (`ts/integrity.ts`). */
  readonly integrity = Comlink.proxy(new IntegrityOps(this.handles, (f) => this.guard(f)));

  constructor(private readonly load: CoreLoader, private readonly openFile?: FileOpener, private readonly listDir?: DirLister) {
    super(new Handles());
  }

  /** Instantiate the core (`variant` build) and start a pool of `threads` rayon workers. */
  async init(threads: number, variant: CoreVariant = 'threads'): Promise<CoreInfo> {
    this.#core ??= await this.load(threads, variant);
    const core = this.#core;
    return { version: core.coreVersion(), threads: core.poolThreads(), simd: core.simdEnabled(), variant };
  }

  ridgeSolve(input: RidgeSolveInput): RidgeSolveOutput {
    return this.guard((core) => {
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

  async loadRatings(src: WorkerSource, opts: LoadRatingsOptions, control: LoadControl, onProgress?: (p: IngestProgress) => void): Promise<RatingsSummary> {
    const core = this.core();
    try {
      const { ratings, skipped } = await loadRatings(core, src, opts, this.openFile, control, onProgress);
      return { ...this.summarize(ratings), skipped };
    } catch (e) {
      throw this.noteTrap(e);
    } finally {
      finishCall(control, onProgress);
    }
  }

  async loadMovies(src: WorkerSource, opts: LoadMoviesOptions, control: LoadControl, onProgress?: (p: IngestProgress) => void): Promise<CatalogSummary> {
    try {
      const catalog = await loadMovies(src, opts, this.openFile, control, onProgress);
      return this.summarizeCatalog(catalog);
    } finally {
      finishCall(control, onProgress);
    }
  }

  /** Ratings from columns of raw ids (validated on the main side). */
  ratingsFromArrays(users: Uint32Array, items: Uint32Array, ratings: Float32Array): RatingsSummary {
    return this.guard((core) => this.summarize(ratingsFromArrays(core, users, items, ratings)));
  }

  synthesize(opts: SynthOptions): { ratings: RatingsSummary; catalog: CatalogSummary } {
    return this.guard((core) => {
      const { ratings, catalog } = synthesize(core, opts);
      return { ratings: this.summarize(ratings), catalog: this.summarizeCatalog(catalog) };
    });
  }

  catalogCoverage(catalog: number, ratings: number): { titled: number; movies: number } {
    return this.guard(() => {
      const c = this.handles.get<ItemCatalog>(catalog, 'catalog');
      const ids: Uint32Array = this.handles.get<CoreRatings>(ratings, 'ratings').itemIds();
      let titled = 0;
      for (const id of ids) if (c.rowOf.has(id)) titled++;
      return { titled, movies: ids.length };
    });
  }

  fingerprint(handle: number): Fingerprint {
    return this.guard(() => this.handles.get<CoreRatings>(handle, 'ratings').fingerprint() as Fingerprint);
  }

  describe(handle: number): RatingsDescription {
    return this.guard(() => this.handles.get<CoreRatings>(handle, 'ratings').describe() as RatingsDescription);
  }

  split(handle: number, ratio: number, seed: number, perUser: boolean): [RatingsSummary, RatingsSummary] {
    return this.guard(() => {
      const [train, test] = this.handles.get<CoreRatings>(handle, 'ratings').split(ratio, BigInt(seed), perUser);
      return [this.summarize(train!), this.summarize(test!)];
    });
  }

  /** The ratings `>= threshold` as implicit events (see `Ratings.asEvents`). */
  asEvents(handle: number, threshold: number, binary: boolean): RatingsSummary {
    return this.guard(() => this.summarize(this.handles.get<CoreRatings>(handle, 'ratings').asEvents(threshold, binary)));
  }

  /** Raw user ids, raw movie ids and ratings of a set (copies, transferred). */
  ratingsArrays(handle: number): { users: Uint32Array; items: Uint32Array; ratings: Float32Array } {
    return this.guard(() => {
      const r = this.handles.get<CoreRatings>(handle, 'ratings');
      const out = { users: r.rawUsers(), items: r.rawItems(), ratings: r.ratings() };
      return Comlink.transfer(out, [out.users.buffer, out.items.buffer, out.ratings.buffer]);
    });
  }

  /** `handle`'s ratings re-indexed into `other`'s id space, dropping unknown users and movies. */
  reindexLike(handle: number, other: number): { ratings: RatingsSummary; dropped: number } {
    return this.guard(() => {
      const result = this.handles.get<CoreRatings>(handle, 'ratings').reindexLike(this.handles.get<CoreRatings>(other, 'ratings'));
      try {
        return { ratings: this.summarize(result.take()!), dropped: result.dropped };
      } finally {
        result.free();
      }
    });
  }

  fit(train: number, req: FitRequest, onEpoch?: (s: EpochStats) => void): { handle: number; history: EpochStats[] } {
    return this.guard((core) => {
      const catalog = req.catalog === undefined ? undefined : this.handles.get<ItemCatalog>(req.catalog, 'catalog');
      const job: FitJob = {
        ...req,
        train: this.handles.get<CoreRatings>(train, 'ratings'),
        eval: req.eval === undefined ? undefined : this.handles.get<CoreRatings>(req.eval, 'ratings'),
        catalog,
        onEpoch,
      };
      try {
        const { model, history } = runFit(core, job);
        const held: HeldModel = { core: model, catalog };
        return { handle: this.handles.add('model', held), history };
      } finally {
        finishCall({}, onEpoch);
      }
    });
  }

  /** A saved Spark ALSModel (`ts/spark/import.ts`) as a new model handle. */
  async importSparkModel(source: SparkModelSource, req: SparkImportRequest & { catalog?: number; ratings?: number }, onProgress?: (p: SparkImportProgress) => void): Promise<number> {
    const { catalog, ratings, ...rest } = req;
    const train = ratings === undefined ? undefined : this.guard(() => this.handles.get<CoreRatings>(ratings, 'ratings'));
    const parts = await readSparkModel(source, rest, this.openFile, this.listDir, onProgress).finally(() => finishCall({}, onProgress));
    const handle = this.modelFromArrays(parts, catalog);
    if (train) {
      try {
        this.guard(() => this.handles.get<HeldModel>(handle, 'model').core.attachRatings(train));
      } catch (e) {
        this.handles.free(handle);
        throw e;
      }
    }
    return handle;
  }

  /** Bytes of the core's linear memory (see `Engine.memoryUsage`). */
  memoryUsage(): { wasmBytes: number } {
    return this.guard((core) => ({ wasmBytes: core.memoryBytes() }));
  }

  /** Release a handle (ratings, catalog or model). */
  dispose(handle: number): void {
    this.handles.free(handle);
  }

  private summarize(r: CoreRatings): RatingsSummary {
    return { handle: this.handles.add('ratings', r), count: r.count, userCount: r.userCount, itemCount: r.itemCount };
  }

  private summarizeCatalog(c: ItemCatalog): CatalogSummary {
    return { handle: this.handles.add('catalog', c), count: c.movieIds.length, genres: [...c.genres] };
  }

  protected override core(): CoreExports {
    if (this.#dead) throw this.#dead;
    if (!this.#core) throw new AlsError('ENGINE_CLOSED', 'the engine is not initialised');
    return this.#core;
  }

  /** A trap (a Rust panic under panic=abort) leaves the instance unusable: remember it. */
  protected override noteTrap(e: unknown): AlsError {
    const err = toAlsError(e);
    if (err.code === 'WASM_TRAP') this.#dead = err;
    return err;
  }
}

/**
 * Close the call's control port and release its callback proxy, so no
 * message port stays open (an open port would keep Node alive).
 */
function finishCall(control: LoadControl, callback: unknown): void {
  control.port?.close();
  (callback as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
}
