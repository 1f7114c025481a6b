/**
 * Node-only: writes a synthetic set as MovieLens `ratings.csv` + `movies.csv`
 * (header, quoted titles, pipe-delimited genres). The core generates the rows
 * (crate/src/synth/), on the single-threaded build loaded here, so the files
 * hold exactly the ratings `Engine.synthesize` gives for the same options.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';

import type { SynthOptions } from '../protocol/index.js';
import { toAlsError } from '../errors.js';
import { synthCatalog } from './catalog.js';

/** Progress of {@link generateMovieLens}. */
export interface SynthProgress { rows: number; totalRows: number; bytes: number }

type Glue = typeof import('../wasm-simd/als_core.js');
type CoreSynth = InstanceType<Glue['CoreSynth']>;

/** Users per call into the core: a few MB of rows each. */
const USERS_PER_CALL = 2048;

let glue: Promise<Glue> | undefined;

/** The single-threaded core, loaded once. */
function core(): Promise<Glue> {
  glue ??= (async () => {
    const dir = new URL('../wasm-simd/', import.meta.url);
    const g = (await import(new URL('als_core.js', dir).href)) as Glue;
    await g.default({ module_or_path: await readFile(new URL('als_core_bg.wasm', dir)) });
    return g;
  })();
  return glue;
}

/**
 * Writes `dir/ratings.csv` and `dir/movies.csv` of the synthetic set `opts` describes.
 *
 * @example
 * ```ts
 * await generateMovieLens('.bench/synth-1m', { ratings: 1_000_000, seed: 42 });
 * ```
 */
export async function generateMovieLens(
  dir: string, opts: SynthOptions = {}, onProgress?: (p: SynthProgress) => void,
): Promise<{ ratingsFile: string; moviesFile: string; ratings: number; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  const g = await core();
  let s: CoreSynth;
  try {
    s = new g.CoreSynth(opts);
  } catch (e) {
    throw toAlsError(e);
  }
  try {
    const moviesFile = join(dir, 'movies.csv');
    writeFileSync(moviesFile, moviesCsv(s));
    const ratingsFile = join(dir, 'ratings.csv');
    const bytes = await writeRatings(ratingsFile, s, onProgress);
    return { ratingsFile, moviesFile, ratings: s.ratingCount, bytes };
  } finally {
    s.free();
  }
}

function moviesCsv(s: CoreSynth): string {
  const c = synthCatalog(s);
  const rows = [['movieId', 'title', 'genres']];
  c.movieIds.forEach((id, m) => {
    const genres = Array.from(c.itemGenres.subarray(c.itemGenresIndptr[m], c.itemGenresIndptr[m + 1]), (x) => c.genres[x]!);
    rows.push([String(id), c.titles[m]!, genres.join('|')]);
  });
  return `${Papa.unparse(rows, { newline: '\n' })}\n`;
}

async function writeRatings(path: string, s: CoreSynth, onProgress?: (p: SynthProgress) => void): Promise<number> {
  const out = createWriteStream(path);
  const done = new Promise<void>((res, rej) => { out.on('finish', res); out.on('error', rej); });
  const header = Buffer.from('userId,movieId,rating,timestamp\n');
  let bytes = header.length, rows = 0;
  await write(out, header);
  for (let u = 0; u < s.userCount; u += USERS_PER_CALL) {
    const chunk = s.csvRows(u, u + USERS_PER_CALL);
    for (const b of chunk) if (b === 10) rows++;
    bytes += chunk.length;
    await write(out, chunk);
    onProgress?.({ rows, totalRows: s.ratingCount, bytes });
  }
  out.end();
  await done;
  return bytes;
}

async function write(out: NodeJS.WritableStream, b: Uint8Array): Promise<void> {
  if (!out.write(b)) await new Promise<void>((res) => out.once('drain', () => res()));
}
