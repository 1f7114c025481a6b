/**
 * Byte-to-text decoding of movies files, strict about invalid UTF-8. Environment-neutral.
 */
import { IngestError, lineText, type OnInvalid } from './errors.js';
import type { MoviesEncoding } from './movielens_variants.js';

/** Concatenates chunks into one array (movies files are a few MB at most). */
export function concatChunks(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/**
 * Decodes a movies file. UTF-8 is strict: in 'error' mode the first line with invalid UTF-8
 * throws `INVALID_UTF8`; in 'skip' mode such lines become empty (so line numbers hold) and are
 * listed in `badLines`. 'auto' decodes UTF-8 when valid, latin-1 otherwise (old .dat files).
 */
export function decodeMovieText(
  bytes: Uint8Array, encoding: MoviesEncoding, file: string, onInvalid: OnInvalid,
): { text: string; badLines: number[] } {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  if (encoding === 'latin1') return { text: new TextDecoder('latin1').decode(body), badLines: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), badLines: [] };
  } catch {
    if (encoding === 'auto') return { text: new TextDecoder('latin1').decode(body), badLines: [] };
  }
  const strictDecoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  const badLines: number[] = [];
  let pos = 0;
  while (pos <= body.length) {
    let nl = body.indexOf(10, pos);
    if (nl < 0) nl = body.length;
    try {
      lines.push(strictDecoder.decode(body.subarray(pos, nl)));
    } catch {
      const line = lines.length + 1;
      if (onInvalid === 'error') {
        throw new IngestError('INVALID_UTF8', 'invalid UTF-8', { file, line, text: lineText(body, pos, nl) });
      }
      badLines.push(line);
      lines.push('');
    }
    pos = nl + 1;
  }
  return { text: lines.join('\n'), badLines };
}
