/**
 * The one error type of als-wasm. Every code it can raise is listed in
 * `ALS_ERROR_CODES` and documented, with its `details` fields, in docs/errors.md.
 */

/** Every code als-wasm raises (core, engine, ingestion, CLI). */
export const ALS_ERROR_CODES = [
  // The Rust core (crate/src/error.rs).
  'INVALID_PARAM', 'LENGTH_MISMATCH', 'INVALID_RATING', 'INDEX_OUT_OF_RANGE', 'UNKNOWN_ID',
  'NON_FINITE', 'SOLVE_FAILED', 'CAPACITY', 'CANCELLED', 'FORMAT',
  // A load or fit whose memory estimate exceeds wasm32's 4 GiB, or a trap of the allocator.
  'OUT_OF_MEMORY',
  // The engine and its worker.
  'INVALID_ID', 'INVALID_HANDLE', 'WASM_TRAP', 'ENGINE_CLOSED', 'UNSUPPORTED',
  'NOT_FOUND', 'SOURCE_UNREADABLE', 'INTERNAL',
  // Ingestion of ratings and movies files, and the MovieLens download.
  'PARSE_ERROR', 'RATING_OUT_OF_SCALE', 'MISSING_COLUMN', 'EMPTY_FILE', 'HEADER_ONLY',
  'DUPLICATE_RATING', 'DUPLICATE_MOVIE', 'ID_OVERFLOW', 'INVALID_UTF8', 'UNKNOWN_FORMAT',
  'DOWNLOAD_FAILED', 'CHECKSUM_MISMATCH', 'UNZIP_FAILED',
  'EXTRACT_LIMIT', 'INSECURE_URL', 'INVALID_URL', 'NOT_WRITABLE',
  // The command line (docs/hardening.md).
  'USAGE', 'NOT_A_FILE', 'EMPTY_TEST_SET', 'SPLIT_MISMATCH',
] as const;

/** Stable error codes raised by als-wasm; docs/errors.md says what each means and which `details` it carries. */
export type AlsErrorCode = (typeof ALS_ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(ALS_ERROR_CODES);

/**
 * Every error als-wasm raises on purpose. `code` is stable; `details` holds
 * the fields of the failure (parameter name and value, index, file and line…).
 *
 * @example
 * try { await engine.ridgeSolve({ k: 0, ... }) }
 * catch (e) { if (e instanceof AlsError && e.code === 'INVALID_PARAM') console.log(e.details.name) }
 */
export class AlsError extends Error {
  override name = 'AlsError';
  constructor(
    readonly code: AlsErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Turn whatever was thrown (by wasm-bindgen, the worker, a trap, the platform) into an `AlsError`. */
export function toAlsError(e: unknown): AlsError {
  if (e instanceof AlsError) return e;
  if (isErrorPayload(e)) return fromPayload(e);
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) {
    return new AlsError('WASM_TRAP', `the WebAssembly engine trapped (${e.message}); it has been shut down`, {});
  }
  if (isAbort(e)) return new AlsError('CANCELLED', 'the operation was cancelled', {});
  if (e instanceof Error) {
    const { code, details } = e as Error & { code?: unknown; details?: unknown };
    // The core's errors are JS Errors with a string code and a details object.
    if (typeof code === 'string' && KNOWN_CODES.has(code)) {
      const err = new AlsError(code as AlsErrorCode, e.message, (details as Record<string, unknown>) ?? {});
      if (e.stack) err.stack = e.stack;
      return err;
    }
    return new AlsError('INTERNAL', e.message, { name: e.name, ...(typeof code === 'string' ? { cause: code } : {}) });
  }
  return new AlsError('INTERNAL', String(e));
}

/** An `AbortSignal`'s reason: a DOMException named AbortError (or TimeoutError). */
function isAbort(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof e === 'object' && e !== null && (name === 'AbortError' || name === 'TimeoutError') && !(e instanceof AlsError);
}

/**
 * How an error crosses the worker boundary: a plain object, which comlink's
 * default `throw` handler passes through unchanged (it only reshapes `Error`
 * instances). So this package needs no global transfer handler of its own.
 */
export interface ErrorPayload {
  alsWasmError: 1;
  code: AlsErrorCode;
  message: string;
  details: Record<string, unknown>;
  stack?: string;
}

/** The wire form of `e` (see `ErrorPayload`). */
export function toPayload(e: unknown): ErrorPayload {
  const err = toAlsError(e);
  return { alsWasmError: 1, code: err.code, message: err.message, details: err.details, stack: err.stack };
}

function isErrorPayload(e: unknown): e is ErrorPayload {
  return typeof e === 'object' && e !== null && (e as ErrorPayload).alsWasmError === 1;
}

function fromPayload(p: ErrorPayload): AlsError {
  const err = new AlsError(KNOWN_CODES.has(p.code) ? p.code : 'INTERNAL', p.message, p.details ?? {});
  if (p.stack) err.stack = p.stack;
  return err;
}
