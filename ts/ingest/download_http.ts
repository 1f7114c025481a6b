/**
 * Node-only: the HTTP side of `downloadMovieLens`: one resumable GET into a `.part` file (HTTP
 * Range), retried after dropped connections, with an idle timeout so a stalled server fails
 * instead of hanging; the published checksum; and the MD5 of what arrived.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { IngestError } from './errors.js';

/** Progress of a download: bytes of the current phase. */
export interface DownloadProgress { phase: 'download' | 'verify' | 'unzip'; bytes: number; totalBytes?: number }

/** How requests are made. */
export interface HttpOptions {
  /** Extra attempts after a dropped connection, each resuming from the `.part` file. */
  retries: number;
  /** Milliseconds without a byte before a request is abandoned (and retried). */
  idleTimeoutMs: number;
  onProgress?: (p: DownloadProgress) => void;
}

/** Refuse plain http unless `insecure` (a local mirror): a MITM could swap both archive and checksum. */
export function checkScheme(url: URL, insecure: boolean): void {
  if (url.protocol === 'https:' || (url.protocol === 'http:' && insecure)) return;
  const why = url.protocol === 'http:' ? 'plain http can be tampered with; pass --insecure (insecure: true) for a trusted local mirror' : 'only https (and http with --insecure) are supported';
  throw new IngestError('INSECURE_URL', `refusing ${url.protocol} URL: ${why}`, { file: url.toString() });
}

/** The MD5 published at `url` (a `<zip>.md5` file). */
export async function fetchMd5(url: string, idleTimeoutMs: number): Promise<string> {
  let res: Response;
  let text = '';
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(idleTimeoutMs) });
    if (res.ok) text = await res.text();
  } catch (e) {
    throw new IngestError('DOWNLOAD_FAILED', `cannot fetch the checksum: ${(e as Error).message} (pass --md5 HEX, or --no-verify)`, { file: url });
  }
  const m = /\b[0-9a-f]{32}\b/i.exec(text);
  if (!m) throw new IngestError('DOWNLOAD_FAILED', `no MD5 published (HTTP ${res.status}); pass --md5 HEX, or --no-verify`, { file: url });
  return m[0].toLowerCase();
}

/** GET `url` into `part`, resuming and retrying; `DOWNLOAD_FAILED` keeps `part` for the next run. */
export async function fetchResumable(url: string, part: string, o: HttpOptions): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    const have = existsSync(part) ? statSync(part).size : 0;
    try {
      if (await fetchOnce(url, part, have, o)) return;
      lastError = new Error('connection closed before the end of the file');
    } catch (e) {
      if (e instanceof IngestError) throw e;
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
  }
  throw new IngestError('DOWNLOAD_FAILED', `${(lastError as Error)?.message ?? 'failed'}; ${part} kept, run again to resume`, { file: url });
}

/** One request; true when the whole file is in `part`. */
async function fetchOnce(url: string, part: string, have: number, o: HttpOptions): Promise<boolean> {
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(new Error(`no data for ${o.idleTimeoutMs} ms`)), o.idleTimeoutMs);
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new Error(`no data for ${o.idleTimeoutMs} ms`)), o.idleTimeoutMs);
  };
  try {
    const res = await fetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: idle.signal });
    if (res.status === 416 && have > 0) return true;
    if (res.status !== 200 && res.status !== 206) {
      throw new IngestError('DOWNLOAD_FAILED', `HTTP ${res.status}`, { file: url, status: res.status });
    }
    const start = res.status === 206 ? have : 0;
    const range = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    const length = res.headers.get('content-length');
    const total = range ? Number(range[1]) : length ? start + Number(length) : undefined;
    const bytes = await copyBody(res, part, start, (n) => { poke(); o.onProgress?.({ phase: 'download', bytes: n, totalBytes: total }); });
    return total === undefined || bytes === total;
  } catch (e) {
    throw idle.signal.aborted && !(e instanceof IngestError) ? idle.signal.reason : e;
  } finally {
    clearTimeout(timer);
  }
}

/** Append (or write, from 0) the body to `part`; file errors reject instead of crashing the process. */
async function copyBody(res: Response, part: string, start: number, onBytes: (n: number) => void): Promise<number> {
  const file = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' });
  let failed: Error | undefined;
  file.on('error', (e) => { failed = e; });
  let bytes = start;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (failed) break;
      if (!file.write(chunk)) await drained(file);
      bytes += chunk.length;
      onBytes(bytes);
    }
  } finally {
    await new Promise<void>((r) => file.end(() => r()));
  }
  if (failed) throw new IngestError('NOT_WRITABLE', `cannot write ${part}: ${failed.message}`, { file: part });
  return bytes;
}

function drained(file: WriteStream): Promise<void> {
  return new Promise((r) => { file.once('drain', r); file.once('error', () => r()); });
}

/** MD5 (hex) of a file, reporting the `verify` phase. */
export async function md5File(path: string, onProgress?: (p: DownloadProgress) => void): Promise<string> {
  const h = createHash('md5');
  const totalBytes = statSync(path).size;
  let bytes = 0;
  for await (const c of createReadStream(path, { highWaterMark: 1 << 22 })) {
    h.update(c as Buffer);
    bytes += (c as Buffer).length;
    onProgress?.({ phase: 'verify', bytes, totalBytes });
  }
  return h.digest('hex');
}
