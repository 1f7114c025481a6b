/** Worker-side training: a `CoreFit` run with per-epoch callbacks and cancellation, and the `training` part of the worker API. */
import { AlsError } from '../errors.js';
import type { ItemCatalog } from '../ingest/index.js';
import type { FitParams } from '../params.js';
import type { CoreModel, CoreRatings } from '../wasm/als_core.js';
import type { CoreExports } from './core_module.js';
import { genresOf } from './data_ops.js';
import type { HeldModel } from './model_ops.js';
import { type CoreSession, finishCall } from './session.js';
import type { EpochStats } from '../protocol/index.js';

/** @internal What the worker needs for one fit (the main side resolves handles). */
export interface FitJob {
  train: CoreRatings;
  params: FitParams;
  eval?: CoreRatings;
  catalog?: ItemCatalog;
  earlyStop?: { patience: number; minDelta?: number };
  /** Shared flag: non-zero asks training to stop (1 keep model, 2 cancel). */
  stopFlag?: Int32Array;
  onEpoch?: (s: EpochStats) => void;
}

/** @internal Train; the model is returned only if every epoch succeeded. */
export function runFit(core: CoreExports, job: FitJob): { model: CoreModel; history: EpochStats[] } {
  const fit = new core.CoreFit(job.train, job.params);
  try {
    if (job.eval) fit.setEval(job.eval);
    if (job.params.genrePrior) {
      if (!job.catalog) throw new AlsError('INVALID_PARAM', 'genrePrior needs a movie catalog (FitOptions.catalog)', { name: 'catalog' });
      const { indptr, genres } = genresOf(Uint32Array.from(job.train.itemIds()), job.catalog);
      fit.setGenres(job.catalog.genres.length, indptr, genres);
    }
    if (job.earlyStop) fit.setEarlyStop(job.earlyStop.patience, job.earlyStop.minDelta ?? 0);
    const history: EpochStats[] = [];
    let t0 = performance.now();
    const model = fit.run((raw: Omit<EpochStats, 'seconds'>) => {
      const now = performance.now();
      const stats = { ...raw, seconds: (now - t0) / 1000 } as EpochStats;
      t0 = now;
      history.push(stats);
      job.onEpoch?.(stats);
      return job.stopFlag ? Atomics.load(job.stopFlag, 0) : 0;
    });
    return { model, history };
  } finally {
    freeAfter(fit);
  }
}

/**
 * Free `fit`. After a trap inside `run` the object is still marked borrowed and
 * `free` throws; the trap is the error to report, so that throw is dropped.
 */
function freeAfter(fit: { free(): void }): void {
  try {
    fit.free();
  } catch {
    // The instance trapped: the engine stops and its memory goes with it.
  }
}

/** @internal Options of a fit, with handles in place of objects (see `Engine.fit`). */
export interface FitRequest extends Omit<FitJob, 'train' | 'eval' | 'catalog' | 'onEpoch'> {
  eval?: number;
  catalog?: number;
}

/** @internal Reached as `api.training.*` through comlink. */
export class TrainingApi {
  constructor(private readonly session: CoreSession) {}

  fit(train: number, req: FitRequest, onEpoch?: (s: EpochStats) => void): { handle: number; history: EpochStats[] } {
    const handles = this.session.handles;
    return this.session.guard((core) => {
      const catalog = req.catalog === undefined ? undefined : handles.get<ItemCatalog>(req.catalog, 'catalog');
      const job: FitJob = {
        ...req,
        train: handles.get<CoreRatings>(train, 'ratings'),
        eval: req.eval === undefined ? undefined : handles.get<CoreRatings>(req.eval, 'ratings'),
        catalog,
        onEpoch,
      };
      try {
        const { model, history } = runFit(core, job);
        const held: HeldModel = { core: model, catalog };
        return { handle: handles.add('model', held), history };
      } finally {
        finishCall({}, onEpoch);
      }
    });
  }
}
