/**
 * Raw ids (MovieLens `userId` / `movieId`, or any app's ids) as the core
 * stores them: u32. Anything that is not an integer in 0 ..= 4294967295 is
 * `INVALID_ID`, never truncated or wrapped modulo 2^32 into another id.
 */
import { AlsError } from './errors.js';

/** The largest raw id (u32). */
export const MAX_ID = 0xffff_ffff;

/** Whether `v` is a valid raw id. */
export function isRawId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ID;
}

/** `v` as a raw id, or `INVALID_ID` naming `what` (e.g. `'user'`) and the value. */
export function rawId(v: unknown, what: string): number {
  if (isRawId(v)) return v;
  throw invalidId(v, what);
}

/**
 * `values` as a `Uint32Array` of raw ids (a copy). The first value that is not
 * a valid id is `INVALID_ID` with its `index`.
 */
export function rawIds(values: ArrayLike<number>, what: string): Uint32Array {
  if (values instanceof Uint32Array) return values.slice();
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new AlsError('INVALID_ID', `${what} ids must be an array of integers, got ${shown(values)}`, { what, value: shown(values) });
  }
  const out = new Uint32Array(values.length);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (!isRawId(v)) throw invalidId(v, what, j);
    out[j] = v;
  }
  return out;
}

function invalidId(v: unknown, what: string, index?: number): AlsError {
  const at = index === undefined ? '' : ` at index ${index}`;
  const details: Record<string, unknown> = { what, value: shown(v), ...(index === undefined ? {} : { index }) };
  return new AlsError('INVALID_ID', `${what} id${at} must be an integer from 0 to ${MAX_ID}, got ${shown(v)}`, details);
}

/** A value as it appears in a message (strings quoted, at most 40 characters). */
function shown(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
