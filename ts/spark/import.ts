/**
 * A saved Spark `ALSModel` directory read into the arrays a model is rebuilt
 * from (`ModelPartsInput`). Environment-neutral: it runs in the engine worker,
 * which opens each file (a path in Node, a File/Blob or URL in the browser).
 */
import type { ModelPartsInput } from '../protocol/index.js';
import type { DataSource } from '../protocol/index.js';
import { openSource, type FileOpener } from '../worker/sources.js';
import { parseMetadata, type SparkMetadata } from './metadata.js';
import { formatError, readFactorFile, type FactorRows } from './parquet_factors.js';

/** One file of a Spark model directory: its path inside the directory (`userFactors/part-00000-….parquet`) and its content. */
export interface SparkModelFile {
  path: string;
  data: DataSource;
}

/**
 * A saved Spark ALS model: a directory path (Node), or its files — from a
 * folder picker (`<input type="file" webkitdirectory>`: each `File`'s
 * `webkitRelativePath` locates it) or as `{ path, data }` pairs, where
 * `data` is a URL, a Blob or bytes.
 */
export type SparkModelSource = string | ArrayLike<SparkModelFile | File>;

/** Progress of an import, after every factors file. */
export interface SparkImportProgress {
  side: 'userFactors' | 'itemFactors';
  /** Files of this side read so far, and in all. */
  filesDone: number;
  files: number;
  /** Rows (users or items) of this side read so far. */
  rows: number;
}

/** Options of `Engine.importSparkModel` the worker needs. */
export interface SparkImportRequest {
  /**
   * Spark's `regParam` the model was trained with (it is not saved with the
   * model). Fold-in of new users solves Spark's ridge `regParam · n`. Default 0.1 (Spark's).
   */
  regParam?: number;
}

/** Largest float32: the bias ridge that pins fold-in biases at 0 (Spark's model has none). */
const PINNED_BIAS_RIDGE = 3.4028234663852886e38;

/** @internal Lists a directory's files recursively as paths relative to it (Node). */
export type DirLister = (dir: string) => SparkModelFile[];

/** @internal Read and check a Spark model directory; the arrays of the model it holds. */
export async function readSparkModel(
  source: SparkModelSource,
  req: SparkImportRequest,
  openFile: FileOpener | undefined,
  listDir: DirLister | undefined,
  onProgress?: (p: SparkImportProgress) => void,
): Promise<ModelPartsInput> {
  const regParam = req.regParam ?? 0.1;
  if (!(Number.isFinite(regParam) && regParam > 0)) {
    throw formatError('regParam', 'invalid', `must be a finite number > 0, got ${regParam}`);
  }
  const dir = typeof source === 'string' ? source : '';
  const files = typeof source === 'string' ? listSource(source, listDir) : Array.from(source, asModelFile);
  const meta = await readMetadata(files, dir, openFile);
  const users = await readSide(files, 'userFactors', dir, meta, openFile, onProgress);
  const items = await readSide(files, 'itemFactors', dir, meta, openFile, onProgress);
  return {
    userIds: new Uint32Array(users.ids.buffer, users.ids.byteOffset, users.ids.length),
    itemIds: new Uint32Array(items.ids.buffer, items.ids.byteOffset, items.ids.length),
    userFactors: users.factors,
    itemFactors: items.factors,
    userBiases: new Float32Array(users.ids.length),
    itemBiases: new Float32Array(items.ids.length),
    mu: 0,
    k: meta.rank,
    // Spark's explicit ALS solves each row with the ridge regParam · n and a
    // unit weight on the squared error: 'scaled' with lambda 1, tau regParam.
    params: { factors: meta.rank, lambda: 1, tau: regParam, gamma: PINNED_BIAS_RIDGE, regularization: 'scaled' },
  };
}

function listSource(dir: string, listDir: DirLister | undefined): SparkModelFile[] {
  if (!listDir) throw formatError(dir, 'unsupported', 'is a path, which cannot be listed here: pass the directory\'s files (a folder picker\'s FileList, or { path, data } pairs)');
  return listDir(dir);
}

function asModelFile(f: SparkModelFile | File): SparkModelFile {
  if (typeof Blob !== 'undefined' && f instanceof Blob) {
    const file = f as File;
    return { path: file.webkitRelativePath || file.name, data: file };
  }
  return f as SparkModelFile;
}

/** Files directly in `part` (`metadata`, `userFactors`, `itemFactors`) that Spark reads: not hidden, no checksums. */
function filesIn(files: SparkModelFile[], part: string): SparkModelFile[] {
  return files
    .filter((f) => {
      const segs = f.path.split(/[/\\]/).filter((s) => s !== '');
      const name = segs[segs.length - 1] ?? '';
      return segs[segs.length - 2] === part && !name.startsWith('_') && !name.startsWith('.') && !name.endsWith('.crc');
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function readMetadata(files: SparkModelFile[], dir: string, openFile: FileOpener | undefined): Promise<SparkMetadata> {
  const [first] = filesIn(files, 'metadata');
  if (!first) {
    throw formatError(join(dir, 'metadata'), 'missing-metadata', 'is missing or empty: a saved Spark ALSModel has metadata/part-00000 (is this the model directory?)');
  }
  const name = join(dir, first.path);
  return parseMetadata(new TextDecoder().decode(await readAll(first.data, openFile)), name);
}

async function readSide(
  files: SparkModelFile[],
  side: SparkImportProgress['side'],
  dir: string,
  meta: SparkMetadata,
  openFile: FileOpener | undefined,
  onProgress?: (p: SparkImportProgress) => void,
): Promise<FactorRows> {
  const parts = filesIn(files, side);
  if (parts.length === 0) throw formatError(join(dir, side), 'missing-factors', 'is missing or holds no Parquet files');
  const read: FactorRows[] = [];
  let rows = 0;
  for (const f of parts) {
    const rowsOf = await readFactorFile(await readAll(f.data, openFile), join(dir, f.path), meta.rank);
    read.push(rowsOf);
    rows += rowsOf.ids.length;
    onProgress?.({ side, filesDone: read.length, files: parts.length, rows });
  }
  return concat(read, rows, meta.rank);
}

function concat(parts: FactorRows[], rows: number, rank: number): FactorRows {
  if (parts.length === 1) return parts[0]!;
  const out: FactorRows = { ids: new Int32Array(rows), factors: new Float32Array(rows * rank) };
  let at = 0;
  for (const p of parts.splice(0)) {
    out.ids.set(p.ids, at);
    out.factors.set(p.factors, at * rank);
    at += p.ids.length;
  }
  return out;
}

async function readAll(data: DataSource, openFile: FileOpener | undefined): Promise<Uint8Array> {
  const { chunks, size } = await openSource(data, openFile);
  const list: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    list.push(c);
    total += c.byteLength;
  }
  if (list.length === 1) return list[0]!;
  const out = new Uint8Array(size !== undefined && size === total ? size : total);
  let at = 0;
  for (const c of list) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function join(dir: string, path: string): string {
  return dir === '' ? path : `${dir.replace(/[/\\]+$/, '')}/${path}`;
}
