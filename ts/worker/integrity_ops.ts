/** Worker-side integrity: suspicious users and items of a model, and the injection experiment. */
import type { CoreRatings } from '../wasm/als_core.js';
import type { AlsParams } from '../params.js';
import { describe, type HeldModel } from './model_ops.js';
import type { CoreSession } from './session.js';
import type { DetectOptions, ExperimentOptions, ExperimentResult, IntegrityReport } from '../protocol/index.js';

/** @internal Reached as `api.integrity.*` through comlink. */
export class IntegrityOps {
  constructor(private readonly session: CoreSession) {}

  report(model: number, opts: DetectOptions): IntegrityReport {
    return this.session.guard((core) => {
      const m = this.session.handles.get<HeldModel>(model, 'model');
      const r = core.integrityReport(m.core, opts) as IntegrityReport;
      if (m.catalog) {
        for (const u of [...r.topShilling, ...r.topShared]) {
          u.ratings.titles = Array.from(u.ratings.movieIds, (id) => describe(m.catalog, id).title);
          for (const t of u.tastes ?? []) t.topTitles = Array.from(t.topMovieIds, (id) => describe(m.catalog, id).title);
        }
        for (const it of r.items) it.title = describe(m.catalog, it.movieId).title;
      }
      return r;
    });
  }

  experiment(ratings: number, params: Partial<AlsParams>, opts: ExperimentOptions): ExperimentResult {
    return this.session.guard((core) => core.integrityExperiment(this.session.handles.get<CoreRatings>(ratings, 'ratings'), params, opts) as ExperimentResult);
  }
}
