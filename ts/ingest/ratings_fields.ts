/**
 * Field parsers of the ratings byte scanner, and header resolution. Environment-neutral.
 */
import { MAX_RAW_ID } from './dense_ids.js';
import type { RatingsFormat } from './ratings_format.js';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parses an unsigned decimal id in `b[s..e)` (optionally in double quotes).
 * Returns the id, -1 when it is not a non-negative integer, -2 when it exceeds u32.
 */
export function parseIdField(b: Uint8Array, s: number, e: number): number {
  if (e - s >= 2 && b[s] === 34 && b[e - 1] === 34) { s++; e--; }
  if (s >= e) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v > MAX_RAW_ID ? -2 : v;
}

/** Parses a rating in `b[s..e)`: fast path for `d[.ddd]`, else `Number()`. NaN when unparsable. */
export function parseRatingField(b: Uint8Array, s: number, e: number): number {
  if (e - s >= 2 && b[s] === 34 && b[e - 1] === 34) { s++; e--; }
  let i = s, v = 0;
  while (i < e) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    i++;
  }
  const intEnd = i;
  if (i < e && b[i] === 46) {
    i++;
    let frac = 0;
    const fs = i;
    while (i < e) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      frac = frac * 10 + c;
      i++;
    }
    const n = i - fs;
    if (n > 0 && n < POW10.length) v += frac / POW10[n]!;
    else if (n >= POW10.length) return slowNumber(b, s, e);
  }
  if (i === e && (intEnd > s || i > intEnd + 1)) return v;
  return slowNumber(b, s, e);
}

function slowNumber(b: Uint8Array, s: number, e: number): number {
  let str = '';
  for (let i = s; i < e && i < s + 64; i++) str += String.fromCharCode(b[i]!);
  if (str.trim() === '') return NaN;
  return Number(str);
}

/** Header names of a time column: in an events file such a column is never the value. */
const TIME_COLUMN = /^(timestamp|time|ts|date|datetime|time_?stamp|event_?time)$/i;

/**
 * Splits a header line and resolves named columns. `missing` names the first absent one.
 * For events (`events`), a value column given by index whose header names a time
 * (`user,item,timestamp`) is dropped: every line then counts 1.
 */
export function resolveHeader(
  text: string, fmt: RatingsFormat, events = false,
): { cols?: [number, number, number]; missing?: string } {
  const names = text.replace(/^\uFEFF/, '').split(fmt.delimiter).map((n) => n.trim().replace(/^"(.*)"$/, '$1'));
  const c = fmt.columns;
  const want = [c.user, c.item, c.rating];
  const cols: number[] = [];
  for (const w of want) {
    if (w === undefined) { cols.push(-1); continue; }
    if (typeof w === 'number') { cols.push(events && w === c.rating && TIME_COLUMN.test(names[w] ?? '') ? -1 : w); continue; }
    const idx = names.indexOf(w);
    if (idx < 0) return { missing: w };
    cols.push(idx);
  }
  return { cols: cols as [number, number, number] };
}
