/**
 * Node-only file access for ingestion: file streams, the movies file and MovieLens directory
 * recognition. Browser bundles must not import this module (it uses `node:fs`).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IngestError } from './errors.js';
import { parseMovies, type ItemCatalog, type MoviesOptions } from './movies.js';
import { MOVIELENS_VARIANTS, type MovieLensLayout } from './movielens_variants.js';

/** A file as `Uint8Array` chunks (4 MiB reads). */
export function fileChunks(path: string, chunkBytes = 1 << 22): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: chunkBytes });
}

/** Reads a movies file (`movies.csv`, `movies.dat` or `u.item`, chosen by `opts.format` or the name). */
export async function readMoviesFile(path: string, opts: MoviesOptions = {}): Promise<ItemCatalog> {
  const name = basename(path);
  const format = opts.format ?? (name.endsWith('.dat') ? 'dat' : name === 'u.item' ? 'u.item' : 'csv');
  const totalBytes = opts.totalBytes ?? statSync(path).size;
  return parseMovies(fileChunks(path), { file: path, ...opts, format, totalBytes });
}

/** A recognised MovieLens directory: its variant and the absolute file paths. */
export interface MovieLensFiles extends MovieLensLayout {
  ratingsFile: string;
  moviesFile: string;
  /** `u.genre` of ml-100k, when present. */
  genresFile?: string;
}

/**
 * Recognises the MovieLens variant in `dir` from its files (and name, to tell ml-1m from
 * ml-10m and ml-latest from ml-25m): ratings.csv+movies.csv, ratings.dat+movies.dat or u.data+u.item.
 */
export function detectMovieLens(dir: string): MovieLensFiles {
  const name = basename(dir.replace(/[/\\]+$/, '')).toLowerCase();
  for (const layout of MOVIELENS_VARIANTS) {
    const ratingsFile = join(dir, layout.ratings);
    const moviesFile = join(dir, layout.movies);
    if (!existsSync(ratingsFile) || !existsSync(moviesFile)) continue;
    const sameFiles = MOVIELENS_VARIANTS.filter((v) => v.ratings === layout.ratings);
    const byName = sameFiles.find((v) => v.dirNames.includes(name));
    const chosen = byName ?? sameFiles[sameFiles.length - 1]!;
    const genresFile = chosen.genres ? join(dir, chosen.genres) : undefined;
    return { ...chosen, ratingsFile, moviesFile, genresFile: genresFile && existsSync(genresFile) ? genresFile : undefined };
  }
  throw new IngestError('UNKNOWN_FORMAT', 'no MovieLens files found (ratings.csv+movies.csv, ratings.dat+movies.dat or u.data+u.item)', { file: dir });
}
