/** The `data` part of the worker API: loading ratings and movies, and the ratings sets the worker holds. */
import * as Comlink from 'comlink';

import type { IngestProgress, ItemCatalog } from '../ingest/index.js';
import type { Fingerprint } from '../provenance.js';
import type {
  CatalogSummary, LoadControl, LoadMoviesOptions, LoadRatingsOptions, RatingsDescription, RatingsSummary, SynthOptions, WorkerSource,
} from '../protocol/index.js';
import type { CoreRatings } from '../wasm/als_core.js';
import { loadMovies, loadRatings, ratingsFromArrays, synthesize } from './data_ops.js';
import { type CoreSession, finishCall } from './session.js';
import type { FileOpener } from './sources.js';

/** @internal Reached as `api.data.*` through comlink. */
export class DataApi {
  constructor(private readonly session: CoreSession, private readonly openFile?: FileOpener) {}

  async loadRatings(src: WorkerSource, opts: LoadRatingsOptions, control: LoadControl, onProgress?: (p: IngestProgress) => void): Promise<RatingsSummary> {
    const core = this.session.core();
    try {
      const { ratings, skipped } = await loadRatings(core, src, opts, this.openFile, control, onProgress);
      return { ...this.summarize(ratings), skipped };
    } catch (e) {
      throw this.session.noteTrap(e);
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
    return this.session.guard((core) => this.summarize(ratingsFromArrays(core, users, items, ratings)));
  }

  synthesize(opts: SynthOptions): { ratings: RatingsSummary; catalog: CatalogSummary } {
    return this.session.guard((core) => {
      const { ratings, catalog } = synthesize(core, opts);
      return { ratings: this.summarize(ratings), catalog: this.summarizeCatalog(catalog) };
    });
  }

  catalogCoverage(catalog: number, ratings: number): { titled: number; movies: number } {
    return this.session.guard(() => {
      const c = this.session.handles.get<ItemCatalog>(catalog, 'catalog');
      const ids: Uint32Array = this.ratings(ratings).itemIds();
      let titled = 0;
      for (const id of ids) if (c.rowOf.has(id)) titled++;
      return { titled, movies: ids.length };
    });
  }

  fingerprint(handle: number): Fingerprint {
    return this.session.guard(() => this.ratings(handle).fingerprint() as Fingerprint);
  }

  describe(handle: number): RatingsDescription {
    return this.session.guard(() => this.ratings(handle).describe() as RatingsDescription);
  }

  split(handle: number, ratio: number, seed: number, by: string, mergeBack: boolean): [RatingsSummary, RatingsSummary] {
    return this.session.guard(() => {
      const whole = this.ratings(handle);
      // The core checks the memory a split needs (a copy only when a fit or model holds the layouts).
      const [train, test] = whole.split(ratio, BigInt(seed), by, mergeBack);
      return [this.summarize(train!), this.summarize(test!)];
    });
  }

  /** The ratings `>= threshold` as implicit events (see `Ratings.asEvents`). */
  asEvents(handle: number, threshold: number, binary: boolean): RatingsSummary {
    return this.session.guard(() => this.summarize(this.ratings(handle).asEvents(threshold, binary)));
  }

  /** Raw user ids, raw movie ids and ratings of a set (copies, transferred). */
  ratingsArrays(handle: number): { users: Uint32Array; items: Uint32Array; ratings: Float32Array } {
    return this.session.guard(() => {
      const r = this.ratings(handle);
      const out = { users: r.rawUsers(), items: r.rawItems(), ratings: r.ratings() };
      return Comlink.transfer(out, [out.users.buffer, out.items.buffer, out.ratings.buffer]);
    });
  }

  /** `handle`'s ratings re-indexed into `other`'s id space, dropping unknown users and movies. */
  reindexLike(handle: number, other: number): { ratings: RatingsSummary; dropped: number } {
    return this.session.guard(() => {
      const result = this.ratings(handle).reindexLike(this.ratings(other));
      try {
        return { ratings: this.summarize(result.take()!), dropped: result.dropped };
      } finally {
        result.free();
      }
    });
  }

  private ratings(handle: number): CoreRatings {
    return this.session.handles.get<CoreRatings>(handle, 'ratings');
  }

  private summarize(r: CoreRatings): RatingsSummary {
    return { handle: this.session.handles.add('ratings', r), count: r.count, userCount: r.userCount, itemCount: r.itemCount };
  }

  private summarizeCatalog(c: ItemCatalog): CatalogSummary {
    return { handle: this.session.handles.add('catalog', c), count: c.movieIds.length, genres: [...c.genres] };
  }
}
