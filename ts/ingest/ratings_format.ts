/**
 * Ratings file layouts (the core parses the files: crate/src/ingest/). Environment-neutral.
 */

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
