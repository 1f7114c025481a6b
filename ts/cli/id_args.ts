/**
 * Raw ids typed on the command line (`--user`, `--movie`, `--rate`, `--target`). The core keeps
 * ids as u32, so anything that is not a plain decimal integer in 0 ..= 4294967295 is refused here
 * with `INVALID_ID` (exit 2) instead of being wrapped modulo 2^32 into some other user's id.
 */
import { UsageError } from './command_context.js';

/** The largest id the core stores (u32). */
export const MAX_RAW_ID = 0xffff_ffff;

/** `text` as a raw id, or a `UsageError` with code `INVALID_ID` naming `what` and the value. */
export function parseRawId(text: string, what: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) {
    throw new UsageError(`${what} must be a non-negative integer id, got ${JSON.stringify(shown(text))}`, 'INVALID_ID', { option: what, value: shown(text) });
  }
  const id = Number(t);
  if (id > MAX_RAW_ID) {
    throw new UsageError(`${what} ${shown(t)} is out of range: ids go from 0 to ${MAX_RAW_ID}`, 'INVALID_ID', { option: what, value: shown(t), max: MAX_RAW_ID });
  }
  return id;
}

/** A commander option parser for a raw id. */
export function idArg(what: string): (v: string) => number {
  return (v) => parseRawId(v, what);
}

/** A value quoted in a message, at most 40 characters. */
function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
