/**
 * Node-only: `als-wasm download` — fetches an official MovieLens zip over https, resumes with
 * HTTP Range into a `.part` file, verifies the published MD5 (`<zip>.md5`, fetched over https),
 * and unzips with yauzl (size-capped) into a temporary directory that is renamed into place only
 * on success. A complete existing folder is kept; a damaged one is replaced.
 */
import { renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { existingState, prepareDest } from './download_dest.js';
import { checkScheme, type DownloadProgress, fetchMd5, fetchResumable, md5File } from './download_http.js';
import { IngestError } from './errors.js';
import { ExtractLimitError, unzipFile } from './unzip.js';

export type { DownloadProgress } from './download_http.js';

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

/** Extracted bytes allowed per zip byte (MovieLens text expands about 3–6×). */
export const MAX_EXPANSION = 20;
/** Extraction is always allowed at least this many bytes. */
export const MIN_EXTRACT_CAP = 256 << 20;

/** Options of {@link downloadMovieLens}. */
export interface DownloadOptions {
  /** Directory to unpack into (created if missing); default '.'. */
  dest?: string;
  /** Base URL of the zips (tests point it at a local server); default {@link MOVIELENS_BASE_URL}. */
  baseUrl?: string;
  /** Allow plain http base URLs (a trusted local mirror). Default false: https only. */
  insecure?: boolean;
  /** Expected MD5 (hex); default: fetched from `<zip>.md5`. `false` skips verification. */
  md5?: string | false;
  /** Where the published `<zip>.md5` is fetched: the base URL when it is https, else the official site. */
  checksumBaseUrl?: string;
  /** Extra attempts after a dropped connection, each resuming from the `.part` file. Default 3. */
  retries?: number;
  /** Milliseconds without data before a request is abandoned. Default 30000. */
  idleTimeoutMs?: number;
  /** Largest number of bytes unpacked; default max({@link MIN_EXTRACT_CAP}, {@link MAX_EXPANSION} × the zip size). */
  maxExtractBytes?: number;
  /** Keep the zip after unpacking. Default false. */
  keepZip?: boolean;
  onProgress?: (p: DownloadProgress) => void;
}

/** What {@link downloadDataset} did. */
export interface DownloadResult {
  dataset: string;
  dir: string;
  /** `present`: a complete folder was already there; `replaced`: a damaged one was. */
  status: 'downloaded' | 'present' | 'replaced';
  /** Size of the zip, when one was downloaded. */
  zipBytes?: number;
  md5?: string;
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
  return (await downloadDataset(name, opts)).dir;
}

/** {@link downloadMovieLens}, reporting whether anything was downloaded or replaced. */
export async function downloadDataset(name: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const ds = MOVIELENS_DATASETS[name];
  if (!ds) throw new IngestError('UNKNOWN_FORMAT', `unknown dataset (known: ${Object.keys(MOVIELENS_DATASETS).join(', ')})`, { file: name });
  const base = baseUrlOf(opts.baseUrl ?? MOVIELENS_BASE_URL, opts.insecure ?? false);
  const dest = opts.dest ?? '.';
  prepareDest(dest);
  const out = join(dest, ds.dir);
  const before = existingState(out, name);
  if (before === 'complete') return { dataset: name, dir: out, status: 'present' };
  const url = new URL(ds.zip, base).toString();
  const idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;
  const expected = opts.md5 === undefined ? await fetchMd5(`${new URL(ds.zip, checksumBase(base, opts)).toString()}.md5`, idleTimeoutMs) : opts.md5;
  const part = join(dest, `${ds.zip}.part`);
  await fetchResumable(url, part, { retries: opts.retries ?? 3, idleTimeoutMs, onProgress: opts.onProgress });
  const actual = await md5File(part, opts.onProgress);
  if (expected !== false && actual !== expected.toLowerCase()) {
    rmSync(part, { force: true });
    throw new IngestError('CHECKSUM_MISMATCH', `MD5 ${actual} does not match the published ${expected}; download removed`, { file: url, expected, actual });
  }
  const zip = join(dest, ds.zip);
  renameSync(part, zip);
  const zipBytes = statSync(zip).size;
  await unpack(zip, join(dest, `.${ds.dir}.tmp-${process.pid}`), ds.dir, out, opts.maxExtractBytes ?? Math.max(MIN_EXTRACT_CAP, MAX_EXPANSION * zipBytes), opts.onProgress);
  if (!opts.keepZip) rmSync(zip, { force: true });
  return { dataset: name, dir: out, status: before === 'damaged' ? 'replaced' : 'downloaded', zipBytes, md5: actual };
}

/** Unzip into `tmp`, then swap it in for `out` (a damaged `out` is removed only now). */
async function unpack(zip: string, tmp: string, dirName: string, out: string, maxBytes: number, onProgress?: (p: DownloadProgress) => void): Promise<void> {
  try {
    await unzipFile(zip, tmp, maxBytes, onProgress);
    rmSync(out, { recursive: true, force: true });
    renameSync(statIsDir(join(tmp, dirName)) ? join(tmp, dirName) : tmp, out);
  } catch (e) {
    rmSync(zip, { force: true });
    const code = e instanceof ExtractLimitError ? 'EXTRACT_LIMIT' : 'UNZIP_FAILED';
    throw new IngestError(code, `cannot unzip: ${(e as Error).message}; download removed`, { file: zip, maxBytes });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function statIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The base URL as a directory URL (a missing trailing slash would drop its last path segment). */
function baseUrlOf(text: string, insecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(text.endsWith('/') ? text : `${text}/`);
  } catch {
    throw new IngestError('INVALID_URL', 'not a URL', { file: text });
  }
  checkScheme(url, insecure);
  return url;
}

/** Checksums travel over https: from the base URL when it is https, else from the official site. */
function checksumBase(base: URL, opts: DownloadOptions): URL {
  if (opts.checksumBaseUrl !== undefined) return baseUrlOf(opts.checksumBaseUrl, opts.insecure ?? false);
  return base.protocol === 'https:' ? base : new URL(MOVIELENS_BASE_URL);
}
