/**
 * Errors raised while ingesting MovieLens-style files.
 *
 * Every error names the file, the 1-based line and the offending text, so a user can open the
 * file at that line. `IngestError` is an `AlsError` (one error type for the whole package)
 * whose `code` is one of the ingest codes and whose `details` always name the file.
 */
import { AlsError } from '../errors.js';

/** Stable codes for every defined bad-input case. */
export type IngestErrorCode =
  | 'PARSE_ERROR'
  | 'RATING_OUT_OF_SCALE'
  | 'MISSING_COLUMN'
  | 'EMPTY_FILE'
  | 'HEADER_ONLY'
  | 'DUPLICATE_RATING'
  | 'DUPLICATE_MOVIE'
  | 'ID_OVERFLOW'
  | 'INVALID_UTF8'
  | 'UNKNOWN_FORMAT'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'UNZIP_FAILED'
  | 'EXTRACT_LIMIT'
  | 'INSECURE_URL'
  | 'INVALID_URL'
  | 'NOT_WRITABLE'
  | 'FORMAT';

/** Where and what: the fields every ingest error carries (some are absent for whole-file errors). */
export interface IngestErrorDetails {
  /** File name (or the label the caller gave an in-memory source). */
  file: string;
  /** 1-based line number, when the problem is on one line. */
  line?: number;
  /** The offending line (truncated to 200 characters). */
  text?: string;
  /** 0-based column (field) index, when one field is at fault. */
  column?: number;
  /** The offending field value. */
  value?: string;
  /** Anything else worth knowing (expected scale, first occurrence, ...). */
  [key: string]: unknown;
}

/**
 * Error thrown by every ingest function: an `AlsError` with an ingest code.
 *
 * @example
 * ```ts
 * try { await engine.loadRatings('ratings.csv'); }
 * catch (e) { if (e instanceof AlsError && e.code === 'DUPLICATE_RATING') console.log(e.details.line); }
 * ```
 */
export class IngestError extends AlsError {
  declare readonly code: IngestErrorCode;
  declare readonly details: IngestErrorDetails;

  constructor(code: IngestErrorCode, message: string, details: IngestErrorDetails) {
    const where = details.line !== undefined ? `${details.file}:${details.line}` : details.file;
    const text = details.text !== undefined ? `: ${JSON.stringify(details.text)}` : '';
    super(code, `${where}: ${message}${text}`, details);
  }
}

/** Per-reason counts of skipped lines (all zero in strict mode, where the first one throws). */
export interface SkipCounts {
  parse: number;
  outOfScale: number;
  missingColumn: number;
  duplicate: number;
  idOverflow: number;
  invalidUtf8: number;
}

/** A fresh all-zero {@link SkipCounts}. */
export function emptySkipCounts(): SkipCounts {
  return { parse: 0, outOfScale: 0, missingColumn: 0, duplicate: 0, idOverflow: 0, invalidUtf8: 0 };
}

/** Maps a line-level error code to the counter it increments in lenient mode. */
export function skipReason(code: IngestErrorCode): keyof SkipCounts {
  switch (code) {
    case 'RATING_OUT_OF_SCALE': return 'outOfScale';
    case 'MISSING_COLUMN': return 'missingColumn';
    case 'DUPLICATE_RATING': case 'DUPLICATE_MOVIE': return 'duplicate';
    case 'ID_OVERFLOW': return 'idOverflow';
    case 'INVALID_UTF8': return 'invalidUtf8';
    default: return 'parse';
  }
}

/** What to do with a bad line: throw (default) or skip it and count it. */
export type OnInvalid = 'error' | 'skip';

/** Progress of a streaming read, reported at most once per chunk. */
export interface IngestProgress {
  /** Bytes consumed so far. */
  bytes: number;
  /** Total bytes when known (file size, Content-Length, Blob size). */
  totalBytes?: number;
  /** Data rows accepted so far. */
  rows: number;
}

/** Decodes a line for an error message, never throwing, truncated to 200 characters. */
export function lineText(bytes: Uint8Array, start: number, end: number): string {
  let e = end;
  if (e > start && bytes[e - 1] === 13) e--;
  const s = new TextDecoder('utf-8').decode(bytes.subarray(start, Math.min(e, start + 800)));
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
