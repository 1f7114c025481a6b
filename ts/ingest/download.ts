/**
 * Node-only: `als-wasm download` — fetches an official MovieLens zip, resumes with HTTP Range
 * into a `.part` file, verifies the published MD5 (`<zip>.md5` beside each zip), and unzips
 * with yauzl into a temporary directory that is renamed into place only on success.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from './errors.js';
import { unzipFile } from './unzip.js';

/** Where GroupLens publishes the datasets. */
export const MOVIELENS_BASE_URL = 'https://files.grouplens.org/datasets/movielens/';

/** Downloadable datasets: zip name and the directory it unpacks to. */
export const MOVIELENS_DATASETS: Readonly<Record<string, { zip: string; dir: string }>> = {
  'ml-latest-small': { zip: 'ml-latest-small.zip', dir: 'ml-latest-small' },
  'ml-latest': { zip: 'ml-latest.zip', dir: 'ml-latest' },
  'ml-100k': { zip: 'ml-100k.zip', dir: 'ml-100k' },
  'ml-1m': { zip: 'ml-1m.zip', dir: 'ml-1m' },
  'ml-10m': { zip: 'ml-10m.zip', dir: 'ml-10M100K' },
  'ml-20m': { zip: 'ml-20m.zip', dir: 'ml-20m' },
  'ml-25m': { zip: 'ml-25m.zip', dir: 'ml-25m' },
  'ml-32m': { zip: 'ml-32m.zip', dir: 'ml-32m' },
};

/** Progress of a download: bytes of the current phase. */
export interface DownloadProgress { phase: 'download' | 'verify' | 'unzip'; bytes: number; totalBytes?: number }

/** Options of {@link downloadMovieLens}. */
export interface DownloadOptions {
  /** Directory to unpack into; default '.'. */
  dest?: string;
  /** Base URL (tests point it at a local server); default {@link MOVIELENS_BASE_URL}. */
  baseUrl?: string;
  /** Expected MD5 (hex); default: fetched from `<zip>.md5`. `false` skips verification. */
  md5?: string | false;
  /** Extra attempts after a dropped connection, each resuming from the `.part` file. Default 3. */
  retries?: number;
  /** Keep the zip after unpacking. Default false. */
  keepZip?: boolean;
  onProgress?: (p: DownloadProgress) => void;
}

/**
 * Downloads, verifies and unpacks one MovieLens dataset; returns the unpacked directory.
 * A network failure leaves `<zip>.part` for the next call to resume; a checksum or unzip
 * failure deletes the download and any partial output.
 *
 * @example
 * ```ts
 * const dir = await downloadMovieLens('ml-latest-small', { dest: 'data' });
 * ```
 */
export async function downloadMovieLens(name: string, opts: DownloadOptions = {}): Promise<string> {
  const ds = MOVIELENS_DATASETS[name];
  if (!ds) throw new IngestError('UNKNOWN_FORMAT', `unknown dataset (known: ${Object.keys(MOVIELENS_DATASETS).join(', ')})`, { file: name });
  const dest = opts.dest ?? '.';
  const out = join(dest, ds.dir);
  if (existsSync(out)) return out;
  const url = new URL(ds.zip, opts.baseUrl ?? MOVIELENS_BASE_URL).toString();
  const expected = opts.md5 === undefined ? await fetchMd5(`${url}.md5`) : opts.md5;
  const part = join(dest, `${ds.zip}.part`);
  await fetchResumable(url, part, opts.retries ?? 3, opts.onProgress);
  if (expected !== false) {
    const actual = await md5File(part, opts.onProgress);
    if (actual !== expected.toLowerCase()) {
      unlinkSync(part);
      throw new IngestError('CHECKSUM_MISMATCH', `MD5 ${actual} does not match the published ${expected}; download removed`, { file: url, expected, actual });
    }
  }
  const zip = join(dest, ds.zip);
  renameSync(part, zip);
  const tmp = join(dest, `.${ds.dir}.tmp-${process.pid}`);
  try {
    await unzipFile(zip, tmp, opts.onProgress);
    renameSync(existsSync(join(tmp, ds.dir)) ? join(tmp, ds.dir) : tmp, out);
  } catch (e) {
    rmSync(zip, { force: true });
    throw new IngestError('UNZIP_FAILED', `cannot unzip: ${(e as Error).message}; download removed`, { file: zip });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!opts.keepZip) rmSync(zip, { force: true });
  return out;
}

async function fetchMd5(url: string): Promise<string> {
  let res: Response;
  try { res = await fetch(url); } catch (e) {
    throw new IngestError('DOWNLOAD_FAILED', `cannot fetch checksum: ${(e as Error).message} (pass md5 explicitly, or md5: false)`, { file: url });
  }
  const m = res.ok ? /\b[0-9a-f]{32}\b/i.exec(await res.text()) : null;
  if (!m) throw new IngestError('DOWNLOAD_FAILED', `no MD5 published (HTTP ${res.status}); pass md5 explicitly, or md5: false`, { file: url });
  return m[0].toLowerCase();
}

async function fetchResumable(url: string, part: string, retries: number, onProgress?: (p: DownloadProgress) => void): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    const have = existsSync(part) ? statSync(part).size : 0;
    try {
      if (await fetchOnce(url, part, have, onProgress)) return;
      lastError = new Error('connection closed before the end of the file');
    } catch (e) {
      lastError = e;
      if (e instanceof IngestError) throw e;
    }
    await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
  }
  throw new IngestError('DOWNLOAD_FAILED', `${(lastError as Error)?.message ?? 'failed'}; ${part} kept, run again to resume`, { file: url });
}

/** One request; true when the whole file is in `part`. */
async function fetchOnce(url: string, part: string, have: number, onProgress?: (p: DownloadProgress) => void): Promise<boolean> {
  const res = await fetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
  if (res.status === 416 && have > 0) return true;
  if (res.status !== 200 && res.status !== 206) {
    throw new IngestError('DOWNLOAD_FAILED', `HTTP ${res.status}`, { file: url, status: res.status });
  }
  const start = res.status === 206 ? have : 0;
  const range = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
  const length = res.headers.get('content-length');
  const total = range ? Number(range[1]) : length ? start + Number(length) : undefined;
  const file = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' });
  let bytes = start;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!file.write(chunk)) await new Promise<void>((r) => file.once('drain', () => r()));
      bytes += chunk.length;
      onProgress?.({ phase: 'download', bytes, totalBytes: total });
    }
  } finally {
    await new Promise<void>((r) => file.end(() => r()));
  }
  return total === undefined || bytes === total;
}

async function md5File(path: string, onProgress?: (p: DownloadProgress) => void): Promise<string> {
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
