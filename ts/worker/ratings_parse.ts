/**
 * Ratings bytes into the core: each chunk of the source is copied straight
 * into the Rust parser's buffer in wasm memory, where batches of lines are
 * parsed in parallel on the rayon pool (crate/src/ingest/). No row crosses
 * into JavaScript.
 */
import { toAlsError } from '../errors.js';
import { IngestError, type IngestErrorCode, type IngestErrorDetails, type IngestProgress, type OnInvalid } from '../ingest/errors.js';
import { RATINGS_CSV, type RatingsFormat } from '../ingest/ratings_format.js';
import { predictedRows } from '../ingest/row_estimate.js';
import type { CoreParsedRatings } from '../wasm/als_core.js';
import type { CoreExports } from './core_module.js';
import { checkLoadMemory } from './memory_checks.js';
import type { OpenedSource } from './sources.js';

/** @internal What `parseRatings` needs besides the bytes. */
export interface ParseRatingsOptions {
  /** File layout; default `ratings.csv` of MovieLens. */
  format?: RatingsFormat;
  /** Name used in error messages; default '<input>'. */
  file?: string;
  /** 'error' (default): the first bad line fails. 'skip': skipped and counted. */
  onInvalid?: OnInvalid;
  /** Accepted values, inclusive; default 0.5..5. */
  scale?: { min: number; max: number };
  /** A repeated (user, item) pair: 'error' (default) or 'sum' its values (events). */
  duplicates?: 'error' | 'sum';
  /** Total input size when known: progress, the memory check and presizing. */
  totalBytes?: number;
  /** Called once per chunk, and once more when every row is counted. */
  onProgress?: (p: IngestProgress) => void;
  /** Parse once this many bytes are buffered (default: 8 MiB per pool thread). */
  batchBytes?: number;
  /** The source's direct reads (`OpenedSource.readInto`), used instead of the chunks when the parser's buffer is in shared memory. */
  readInto?: OpenedSource['readInto'];
}

const INGEST_CODES = new Set<string>([
  'PARSE_ERROR', 'RATING_OUT_OF_SCALE', 'MISSING_COLUMN', 'EMPTY_FILE', 'HEADER_ONLY', 'DUPLICATE_RATING', 'ID_OVERFLOW', 'FORMAT',
]);

/**
 * @internal Parses byte chunks into the core. Strict by default: the first bad
 * line throws an `IngestError` naming file, line and text. The caller frees
 * the result (or spends it with `intoRatings`).
 */
export async function parseRatings(
  core: CoreExports, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: ParseRatingsOptions = {},
): Promise<CoreParsedRatings> {
  const fmt = opts.format ?? RATINGS_CSV;
  const { min, max } = opts.scale ?? { min: 0.5, max: 5 };
  const c = fmt.columns;
  const parser = call(() => new core.CoreRatingsParser(opts.file ?? '<input>', fmt.delimiter, String(fmt.header), c.user, c.item, c.rating,
    (opts.onInvalid ?? 'error') === 'error', min, max, opts.duplicates === 'sum'));
  try {
    if (opts.batchBytes !== undefined) parser.setBatchBytes(opts.batchBytes);
    // Shared memory neither moves nor detaches as it grows: a view of the
    // parser's buffer stays valid while a read fills it, and no copy is needed.
    const direct = opts.readInto !== undefined && inSharedMemory(call(() => parser.reserve(0)));
    const stream = direct && opts.readInto ? opts.readInto((n) => call(() => parser.reserve(n))) : chunks;
    let bytes = 0;
    for await (const chunk of stream) {
      if (bytes === 0 && opts.totalBytes !== undefined && chunk.length > 0) {
        const rows = predictedRows(chunk, opts.totalBytes);
        checkLoadMemory(core, rows);
        parser.reserveRows(Math.ceil(rows * 1.02) + 1024);
      }
      call(() => {
        if (!direct) parser.reserve(chunk.length).set(chunk);
        parser.commit(chunk.length);
      });
      bytes += chunk.length;
      opts.onProgress?.({ bytes, totalBytes: opts.totalBytes, rows: parser.rows });
    }
    const parsed = call(() => parser.finish());
    // Batches trail the chunks: the last report counts every row.
    opts.onProgress?.({ bytes, totalBytes: opts.totalBytes, rows: parsed.count });
    return parsed;
  } finally {
    parser.free();
  }
}

function inSharedMemory(view: Uint8Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && view.buffer instanceof SharedArrayBuffer;
}

/** `f`, with the core's ingest failures raised as `IngestError`s. */
function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    const err = toAlsError(e);
    if (!INGEST_CODES.has(err.code) || typeof err.details.file !== 'string') throw err;
    const { reason, ...details } = err.details as IngestErrorDetails & { reason?: string };
    throw new IngestError(err.code as IngestErrorCode, String(reason ?? err.message), details);
  }
}
