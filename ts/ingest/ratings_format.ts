/**
 * Ratings file formats, options and the result type. Environment-neutral.
 */
import type { DenseIds } from './dense_ids.js';
import type { IngestProgress, OnInvalid, SkipCounts } from './errors.js';

/** How to find user, movie and rating in a delimited file. */
export interface RatingsFormat {
  /** Field separator: ',' (csv), '::' (ml-1m/ml-10m .dat), '\t' (ml-100k u.data), or any 1-2 byte string. */
  delimiter: string;
  /** Whether the first non-blank line is a header; 'auto' = a header if its user field is not an id. */
  header: boolean | 'auto';
  /**
   * Column of each field: a 0-based index, or a header name (needs `header: true`). Without a
   * `rating` column every line counts 1 (an event file of `user,item` pairs).
   */
  columns: { user: number | string; item: number | string; rating?: number | string };
}

/** `ratings.csv` of ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m. */
export const RATINGS_CSV: RatingsFormat = {
  delimiter: ',', header: true, columns: { user: 'userId', item: 'movieId', rating: 'rating' },
};
/** `ratings.dat` of ml-1m and ml-10m (`UserID::MovieID::Rating::Timestamp`). */
export const RATINGS_DAT: RatingsFormat = { delimiter: '::', header: false, columns: { user: 0, item: 1, rating: 2 } };
/** `u.data` of ml-100k (tab-separated `user item rating timestamp`). */
export const RATINGS_U_DATA: RatingsFormat = { delimiter: '\t', header: false, columns: { user: 0, item: 1, rating: 2 } };

/** Options of {@link parseRatings} and `readRatingsFile`. */
export interface RatingsOptions {
  /** File layout; default {@link RATINGS_CSV}. */
  format?: RatingsFormat;
  /** Name used in error messages; default '<input>'. */
  file?: string;
  /** 'error' (default): first bad line throws. 'skip': bad lines are skipped and counted in `stats.skipped`. */
  onInvalid?: OnInvalid;
  /** Accepted rating range, inclusive; default 0.5..5. */
  scale?: { min: number; max: number };
  /** Total input size when known; used for progress and to size the arrays once. */
  totalBytes?: number;
  /** Called at most once per chunk. */
  onProgress?: (p: IngestProgress) => void;
  /** Back the arrays with SharedArrayBuffer; default: whenever available. */
  shared?: boolean;
  /** Capacity hint (rows). */
  expectedRows?: number;
  /**
   * A repeated (user, movie) pair: `'error'` (default; skipped and counted with `onInvalid: 'skip'`)
   * or `'sum'`: one row whose value is the sum of the lines' values (implicit events: plays, clicks).
   */
  duplicates?: 'error' | 'sum';
}

/** Statistics of one load. */
export interface RatingsStats {
  /** Lines read, header and blank lines included. */
  lines: number;
  /** Bytes read. */
  bytes: number;
  /** Blank lines (ignored). */
  blankLines: number;
  /** Whether a header line was found. */
  header: boolean;
  /** Whether each user's ratings formed one contiguous run (true for every MovieLens file). */
  userGrouped: boolean;
  /** Lines skipped by reason (lenient mode only). */
  skipped: SkipCounts;
}

/**
 * Ratings as parallel typed arrays of dense indices (first-seen order), plus the id tables.
 * All arrays are SharedArrayBuffer-backed when available.
 */
export interface RatingsTable {
  /** Dense user index per rating. */
  users: Uint32Array;
  /** Dense item index per rating. */
  items: Uint32Array;
  /** Rating values. */
  ratings: Float32Array;
  /** Dense user -> raw userId. */
  userIds: Uint32Array;
  /** Dense item -> raw movieId. */
  itemIds: Uint32Array;
  /** Number of ratings (= length of users/items/ratings). */
  count: number;
  /** Raw -> dense lookups (`denseOf(raw)`, -1 if absent). */
  userIndex: DenseIds;
  itemIndex: DenseIds;
  stats: RatingsStats;
}
