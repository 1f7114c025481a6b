/** A catalog of movies (titles and genres) held by the engine. */
import type { CatalogSummary } from './protocol/index.js';
import type { Ratings } from './ratings.js';
import { EngineHeld, handleIn } from './worker_call.js';

/** Titles and genres of movies, held by the engine; used for the genre prior and to describe results. */
export class Catalog extends EngineHeld<CatalogSummary> {
  /** Number of titled movies. */
  get count(): number {
    return this.summary.count;
  }
  /** Genre labels. */
  get genres(): string[] {
    return this.summary.genres;
  }

  /** How many of the movies of `ratings` this catalog has a title for. */
  async coverage(ratings: Ratings): Promise<{ titled: number; movies: number }> {
    const r = handleIn(this.call, ratings, 'ratings');
    return this.call((api) => api.data.catalogCoverage(this.handle, r));
  }
}
