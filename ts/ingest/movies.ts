/**
 * Movies files -> {@link ItemCatalog}: `movies.csv` (quoted titles with commas),
 * `movies.dat` (`::`) and ml-100k's `u.item` (pipes, 19 genre flags). Environment-neutral.
 */
import { IngestError, type IngestProgress, type OnInvalid } from './errors.js';
import { CatalogBuilder, type ItemCatalog } from './item_catalog.js';
import { concatChunks, decodeMovieText } from './movie_text.js';
import { U_ITEM_GENRES, type MoviesEncoding, type MoviesFormat } from './movielens_variants.js';
import { csvRows } from './csv_rows.js';

export type { ItemCatalog } from './item_catalog.js';

/** Anything that yields byte chunks: a Node stream, an async generator, an array of chunks. */
export type ByteChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Options of {@link parseMovies}. */
export interface MoviesOptions {
  /** Layout; default 'csv'. */
  format?: MoviesFormat;
  /** Default 'utf-8' for csv, 'auto' for dat, 'latin1' for u.item. */
  encoding?: MoviesEncoding;
  /** Name used in error messages. */
  file?: string;
  /** 'error' (default) or 'skip' (skip bad lines, count them in `stats.skipped`). */
  onInvalid?: OnInvalid;
  /** u.item genre names (from u.genre); default the 19 of ml-100k. */
  genreNames?: string[];
  totalBytes?: number;
  onProgress?: (p: IngestProgress) => void;
}

/**
 * Parses a movies file into an {@link ItemCatalog}.
 *
 * @example
 * ```ts
 * const cat = await parseMovies([new TextEncoder().encode('movieId,title,genres\n1,"Toy Story, The (1995)",Animation|Comedy\n')]);
 * cat.titles[0] === 'Toy Story, The (1995)'; cat.genres; // ['Animation', 'Comedy']
 * ```
 */
export async function parseMovies(chunks: ByteChunks, opts: MoviesOptions = {}): Promise<ItemCatalog> {
  const format = opts.format ?? 'csv';
  const file = opts.file ?? '<input>';
  const onInvalid = opts.onInvalid ?? 'error';
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    parts.push(c);
    total += c.length;
    opts.onProgress?.({ bytes: total, totalBytes: opts.totalBytes, rows: 0 });
  }
  const encoding = opts.encoding ?? (format === 'csv' ? 'utf-8' : format === 'dat' ? 'auto' : 'latin1');
  const { text, badLines } = decodeMovieText(concatChunks(parts, total), encoding, file, onInvalid);
  if (text.trim() === '') throw new IngestError('EMPTY_FILE', 'file is empty (no movies)', { file });
  const b = new CatalogBuilder(file, onInvalid, format === 'u.item' ? opts.genreNames ?? [...U_ITEM_GENRES] : undefined);
  b.skipped.invalidUtf8 = badLines.length;
  if (format === 'csv') parseCsvRows(text, b);
  else parseSplitRows(text, format, b);
  const catalog = b.finish();
  opts.onProgress?.({ bytes: total, totalBytes: opts.totalBytes, rows: catalog.movieIds.length });
  return catalog;
}

function parseCsvRows(text: string, b: CatalogBuilder): void {
  const { rows, errors: errRows } = csvRows(text);
  let line = 1, cols: number[] | undefined;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const here = line;
    line += 1;
    for (const f of row) if (f.includes('\n')) line += f.split('\n').length - 1;
    if (row.length === 1 && row[0]!.trim() === '') continue;
    if (!cols) {
      const names = row.map((n) => n.trim());
      cols = ['movieId', 'title', 'genres'].map((n) => names.indexOf(n));
      const miss = cols.indexOf(-1);
      if (miss >= 0) {
        throw new IngestError('MISSING_COLUMN', `header has no column "${['movieId', 'title', 'genres'][miss]}"`, { file: b.file, line: here, text: row.join(',') });
      }
      b.sawHeader = true;
      continue;
    }
    const bad = errRows.get(r);
    if (bad !== undefined) { b.invalid('PARSE_ERROR', bad, here, row.join(',')); continue; }
    b.addRow(row[cols[0]!], row[cols[1]!], row[cols[2]!]?.split('|'), here, row.join(','), Math.max(...cols) + 1, row.length);
  }
}

function parseSplitRows(text: string, format: MoviesFormat, b: CatalogBuilder): void {
  const lines = text.split('\n');
  const sep = format === 'dat' ? '::' : '|';
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const f = raw.split(sep);
    if (format === 'dat') {
      b.addRow(f[0], f[1], f[2]?.split('|'), k + 1, raw, 3, f.length);
    } else {
      const flags = f.slice(5);
      const genres = b.genreNames!.filter((_, g) => flags[g] === '1');
      b.addRow(f[0], f[1], genres, k + 1, raw, 5 + b.genreNames!.length, f.length);
    }
  }
}
