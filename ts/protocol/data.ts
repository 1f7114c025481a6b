/**
 * Data across the worker boundary: where ratings and movies come from, the
 * options of loading them, and the summaries the worker returns for the
 * sets it holds.
 */
import type { IngestProgress, MoviesFormat, OnInvalid, RatingsFormat } from '../ingest/index.js';

/**
 * Where ratings or movies come from: a path (Node) or a `file:`/`http(s):`
 * URL (string or `URL`; relative URL strings resolve against the page in a
 * browser), a File/Blob, bytes already in memory, or a `ReadableStream` of bytes.
 */
export type DataSource = string | URL | Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

/** @internal A source as it reaches the worker (URLs as strings, streams transferred). */
export type WorkerSource = string | Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

/** @internal How the main side can stop a load: an `'abort'` message on `port`, or `timeoutMs` without data. */
export interface LoadControl {
  port?: MessagePort;
  /** A URL load fails when no data arrives for this long. Default 30 000 ms. */
  timeoutMs?: number;
}

/** How a load reports progress and can be stopped (beyond its format options). */
export interface LoadControlOptions {
  /** Called as bytes are read (at most once per chunk). */
  onProgress?: (p: IngestProgress) => void;
  /** Cancels the load between chunks (rejects with `CANCELLED`). */
  signal?: AbortSignal;
  /** A URL load fails (`SOURCE_UNREADABLE`, reason `'timeout'`) when no data arrives for this long. Default 30 000 ms. */
  timeoutMs?: number;
}

/** Options of `Engine.loadRatings`. */
export interface LoadRatingsOptions {
  /** `'csv'` (ratings.csv, default), `'dat'` (`::`), `'u.data'` (tab), or a column mapping. */
  format?: 'csv' | 'dat' | 'u.data' | RatingsFormat;
  /** `'error'` (default): the first bad line fails the load. `'skip'`: skip and count. */
  onInvalid?: OnInvalid;
  /** Accepted rating range (inclusive). Default 0.5..5. */
  scale?: { min: number; max: number };
  /** A repeated (user, movie) pair: `'error'` (default) or `'sum'` its values (events). */
  duplicates?: 'error' | 'sum';
}

/** Options of `Engine.loadEvents`. */
export interface LoadEventsOptions extends Pick<LoadRatingsOptions, 'onInvalid'> {
  /** Field separator. Default ','. */
  delimiter?: string;
  /** Whether the first line is a header; `'auto'` (default): a header if its user field is not an id. */
  header?: boolean | 'auto';
  /** Columns (0-based, or header names with `header: true`); `rating` is the count or weight. Default `{ user: 0, item: 1, rating: 2 }`. */
  columns?: RatingsFormat['columns'];
}

/** Options of `Engine.loadMovies`. */
export interface LoadMoviesOptions {
  format?: MoviesFormat;
  onInvalid?: OnInvalid;
  /** u.item genre names (from u.genre). */
  genreNames?: string[];
}

/** Columns of ratings in memory, with the app's own (raw) ids: `users[j]` rated `items[j]` with `ratings[j]`. */
export interface RatingsColumns {
  users: ArrayLike<number>;
  items: ArrayLike<number>;
  ratings: ArrayLike<number>;
}

/** Summary of a ratings set held by the worker. */
export interface RatingsSummary {
  handle: number;
  count: number;
  userCount: number;
  itemCount: number;
  /** Lines skipped per reason (lenient loads), when loaded from a file. */
  skipped?: Record<string, number>;
}

/** Sizes of a ratings set and of its dual layout (see `Ratings.describe`). */
export interface RatingsDescription {
  count: number;
  userCount: number;
  itemCount: number;
  /** Mean rating. */
  mu: number;
  /** Bytes of the user-CSR and item-CSC layouts together. */
  layoutBytes: number;
}

/** Summary of a catalog held by the worker. */
export interface CatalogSummary {
  handle: number;
  count: number;
  genres: string[];
}
