/**
 * How a failed run ends: one line `error [CODE]: message` on stderr and, with `--json`, one JSON
 * document `{ error: { code, message, details, exitCode }, warnings }` on stdout. Messages quote
 * user input (file lines, option values), so control and binary bytes are escaped and the text is
 * cut to a readable length: a binary file passed as ratings gives a short, printable error.
 */
import { withWarnings } from './command_context.js';

/** Longest message printed, in characters. */
export const MAX_MESSAGE = 400;

/** `message` with control characters and undecodable bytes escaped, truncated to {@link MAX_MESSAGE}. */
export function printable(message: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, (c) =>
    c === '\ufffd' ? '\\ufffd' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE)}… (${escaped.length - MAX_MESSAGE} more characters)` : escaped;
}

/** Report a failure as described above; returns `exitCode`. */
export function fail(json: boolean, exitCode: number, code: string, message: string, details: Record<string, unknown>, hint = ''): number {
  process.stderr.write(`error [${code}]: ${printable(message)}${hint}\n`);
  if (json) printJsonError(exitCode, code, message, details);
  return exitCode;
}

/** The `--json` error document alone (for errors whose text is already on stderr). */
export function printJsonError(exitCode: number, code: string, message: string, details: Record<string, unknown>): void {
  const safe = JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'string' ? printable(v) : v))) as Record<string, unknown>;
  process.stdout.write(`${JSON.stringify(withWarnings({ error: { code, message: printable(message), details: safe, exitCode } }))}\n`);
}
