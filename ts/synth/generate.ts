/**
 * In-memory synthetic MovieLens ratings (typed arrays, no files), for tests and benchmarks.
 * Environment-neutral.
 */
import { SynthModel, type SynthOptions } from './synth_model.js';
import { NO_GENRES, SYNTH_GENRES } from './synth_titles.js';

/** Synthetic ratings with raw MovieLens ids, the catalog, and the planted truth. */
export interface SyntheticRatings {
  /** Raw userId per rating (1-based, contiguous, grouped by user). */
  users: Uint32Array;
  /** Raw movieId per rating (sparse ids, ascending within a user). */
  items: Uint32Array;
  /** Half-star ratings in 0.5..5. */
  ratings: Float32Array;
  movies: { movieIds: Uint32Array; titles: string[]; genres: string[]; movieGenres: number[][] };
  /** The planted model (catalog order; `k` factors per row). */
  truth: { mu: number; k: number; userBias: Float32Array; itemBias: Float32Array; userFactors: Float32Array; itemFactors: Float32Array };
}

/** Genre labels of synthetic catalogs: 19 genres then '(no genres listed)' (index 19). */
export const SYNTH_GENRE_LABELS: readonly string[] = [...SYNTH_GENRES, NO_GENRES];

/**
 * Generates synthetic ratings in memory.
 *
 * @example
 * ```ts
 * const s = generateRatings({ ratings: 100_000, seed: 1 });
 * s.ratings.length === 100_000;
 * ```
 */
export function generateRatings(opts: SynthOptions = {}): SyntheticRatings {
  const m = new SynthModel(opts);
  const users = new Uint32Array(m.ratings), items = new Uint32Array(m.ratings), ratings = new Float32Array(m.ratings);
  let o = 0;
  for (const { user: u, n, items: its, ratings: rs } of m.userRatings()) {
    users.fill(u + 1, o, o + n);
    for (let j = 0; j < n; j++) items[o + j] = m.movieIds[its[j]!]!;
    ratings.set(rs.subarray(0, n), o);
    o += n;
  }
  return {
    users, items, ratings,
    movies: {
      movieIds: m.movieIds, titles: m.titles, genres: [...SYNTH_GENRE_LABELS],
      movieGenres: m.movieGenres.map((g) => (g.length ? g : [19])),
    },
    truth: { mu: m.mu, k: m.k, userBias: m.userBias, itemBias: m.itemBias, userFactors: m.userFactors, itemFactors: m.itemFactors },
  };
}
