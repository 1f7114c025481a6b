import * as Comlink from 'comlink';

/** Stable error codes raised by als-wasm (from the Rust core, the worker or ingestion). */
export type AlsErrorCode =
  | 'INVALID_PARAM'
  | 'LENGTH_MISMATCH'
  | 'INVALID_RATING'
  | 'INDEX_OUT_OF_RANGE'
  | 'UNKNOWN_ID'
  | 'NON_FINITE'
  | 'SOLVE_FAILED'
  | 'CAPACITY'
  | 'CANCELLED'
  | 'FORMAT'
  | 'WASM_TRAP'
  | 'ENGINE_CLOSED'
  | 'UNSUPPORTED'
  | (string & {});

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

/** Turn whatever was thrown (by wasm-bindgen, the worker, a trap) into an `AlsError`. */
export function toAlsError(e: unknown): AlsError {
  if (e instanceof AlsError) return e;
  if (e instanceof WebAssembly.RuntimeError) {
    return new AlsError('WASM_TRAP', `the WebAssembly engine trapped (${e.message}); it has been shut down`, {});
  }
  if (e instanceof Error) {
    const { code, details } = e as Error & { code?: unknown; details?: unknown };
    // The core's errors (named AlsError) and ingestion's IngestError both
    // carry a string code and a details object.
    if (typeof code === 'string') {
      const err = new AlsError(code, e.message, (details as Record<string, unknown>) ?? {});
      if (e.stack) err.stack = e.stack;
      return err;
    }
    return new AlsError('INTERNAL', e.message, { name: e.name });
  }
  return new AlsError('INTERNAL', String(e));
}

type Serialized = { isError: boolean; value: unknown };

/**
 * Comlink's own `throw` handler keeps only name, message and stack. This
 * one also carries `code` and `details`, and rebuilds an `AlsError` on the
 * receiving side. Call it on both sides of the worker boundary.
 */
export function registerErrorTransfer(): void {
  const original = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize({ value }: { value: unknown }) {
      if (value instanceof Error || value instanceof WebAssembly.RuntimeError) {
        const e = toAlsError(value);
        const payload = { message: e.message, name: e.name, stack: e.stack, code: e.code, details: e.details };
        return [{ isError: true, value: payload }, []];
      }
      return [{ isError: false, value }, []];
    },
    deserialize(serialized: Serialized) {
      if (!serialized.isError) throw serialized.value;
      const v = serialized.value as { message: string; stack?: string; code: string; details: Record<string, unknown> };
      const e = new AlsError(v.code, v.message, v.details);
      if (v.stack) e.stack = v.stack;
      throw e;
    },
  } as Comlink.TransferHandler<unknown, unknown>);
}
