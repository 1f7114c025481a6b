/** A set of ratings held by the engine: its sizes and layout, fingerprint, seeded splits, arrays and events view. */
import type { RatingsDescription, RatingsSummary } from './protocol/index.js';
import { checkOptions } from './option_keys.js';
import { EngineHeld, handleIn } from './worker_call.js';
import type { Fingerprint } from './provenance.js';

/** Options of `Ratings.split`. */
export interface SplitOptions {
  /** Fraction of ratings for the test set. Default 0.2. */
  testRatio?: number;
  /** Seed of the split. Default 42. */
  seed?: number;
  /**
   * `'rating'` (default, the reference implementation's): each rating goes to test with
   * probability `testRatio`. `'user'`: that fraction of each user's ratings,
   * every user keeping at least one training rating. `'heldOutUsers'`: that
   * fraction of the users go to test with all their ratings, each part keeping
   * only its own users (strong generalization: see `rankingMetricsForNewUsers`).
   */
  by?: 'rating' | 'user' | 'heldOutUsers';
  /**
   * This set will be used again after the split (`fitEarlyStopped`'s validation split): the
   * train part keeps room for the test part's ratings (9 bytes each) while this set lives, so
   * that merging the parts back needs no second copy of the user rows. Default false.
   */
  mergeBack?: boolean;
}

/**
 * A set of ratings held by the engine (in its worker). Raw ids stay the
 * user's own (MovieLens `userId`, `movieId`); no array of objects is ever built.
 */
export class Ratings extends EngineHeld<RatingsSummary> {
  /** Number of ratings. */
  get count(): number {
    return this.summary.count;
  }
  /** Users in the id space (of the whole data set, for a split part). */
  get userCount(): number {
    return this.summary.userCount;
  }
  /** Movies in the id space. */
  get itemCount(): number {
    return this.summary.itemCount;
  }

  /**
   * Build the dual layout training uses (user-CSR and item-CSC, in parallel
   * in the core; kept for the next `fit`) and report its sizes. Fails like
   * training would, e.g. on a repeated (user, movie) pair.
   */
  describe(): Promise<RatingsDescription> {
    return this.call((api) => api.data.describe(this.handle));
  }

  /**
   * Counts and a hash of the id maps: equal for the same data loaded the same way, so a
   * model can record what it was trained on (`model.save({ provenance })`). A split part
   * shares its whole set's ids, hence its hash.
   */
  fingerprint(): Promise<Fingerprint> {
    return this.call((api) => api.data.fingerprint(this.handle));
  }

  /**
   * Seeded train/test split; the parts share this set's ids (their users, for `by: 'heldOutUsers'`).
   *
   * @example
   * const { train, test } = await ratings.split({ testRatio: 0.2, seed: 42 });
   */
  async split(opts: SplitOptions = {}): Promise<{ train: Ratings; test: Ratings }> {
    checkOptions('split', opts);
    const [train, test] = await this.call((api) => api.data.split(this.handle, opts.testRatio ?? 0.2, opts.seed ?? 42, opts.by ?? 'rating', opts.mergeBack ?? false));
    return { train: new Ratings(this.call, train.handle, train), test: new Ratings(this.call, test.handle, test) };
  }

  /**
   * The ratings as typed arrays of raw ids (a copy): `users[j]` rated `items[j]` with `ratings[j]`.
   *
   * @example
   * const { users, items, ratings } = await test.toArrays();
   */
  toArrays(): Promise<{ users: Uint32Array; items: Uint32Array; ratings: Float32Array }> {
    return this.call((api) => api.data.ratingsArrays(this.handle));
  }

  /**
   * These ratings as implicit-feedback events (docs/implicit.md): those
   * `>= threshold` (default: all), each of value 1 unless `binary: false`
   * keeps the value as the event's count or weight. Same ids as this set.
   *
   * @example
   * const events = await ratings.asEvents({ threshold: 4 });
   * const model = await engine.fit(events, { feedback: 'implicit' });
   */
  async asEvents(opts: { threshold?: number; binary?: boolean } = {}): Promise<Ratings> {
    const summary = await this.call((api) => api.data.asEvents(this.handle, opts.threshold ?? -Infinity, opts.binary ?? true));
    return new Ratings(this.call, summary.handle, summary);
  }

  /**
   * These ratings in `other`'s id space (e.g. a separate test file scored
   * during `fit` on `other`); ratings of users or movies `other` lacks are dropped.
   */
  async alignTo(other: Ratings): Promise<{ ratings: Ratings; dropped: number }> {
    const target = handleIn(this.call, other, 'alignTo target');
    const { ratings, dropped } = await this.call((api) => api.data.reindexLike(this.handle, target));
    return { ratings: new Ratings(this.call, ratings.handle, ratings), dropped };
  }
}
