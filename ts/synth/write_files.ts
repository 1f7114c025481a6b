/**
 * Node-only: writes synthetic `ratings.csv` + `movies.csv` in MovieLens format (header,
 * quoted titles, pipe-delimited genres). Lines are formatted straight into byte buffers.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { Rng } from './prng.js';
import { SynthModel, type SynthOptions } from './synth_model.js';
import { NO_GENRES, SYNTH_GENRES } from './synth_titles.js';

/** Progress of {@link generateMovieLens}. */
export interface SynthProgress { rows: number; totalRows: number; bytes: number }

/**
 * Writes `dir/ratings.csv` and `dir/movies.csv` with the ML-32M shape scaled to `opts.ratings`.
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
  const m = new SynthModel(opts);
  const moviesFile = join(dir, 'movies.csv');
  const rows = [['movieId', 'title', 'genres']];
  for (let i = 0; i < m.movieIds.length; i++) {
    const g = m.movieGenres[i]!;
    rows.push([String(m.movieIds[i]), m.titles[i]!, g.length ? g.map((x) => SYNTH_GENRES[x]).join('|') : NO_GENRES]);
  }
  writeFileSync(moviesFile, `${Papa.unparse(rows, { newline: '\n' })}\n`);
  const ratingsFile = join(dir, 'ratings.csv');
  const bytes = await writeRatings(ratingsFile, m, onProgress);
  return { ratingsFile, moviesFile, ratings: m.ratings, bytes };
}

const BUF = 1 << 22;

async function writeRatings(path: string, m: SynthModel, onProgress?: (p: SynthProgress) => void): Promise<number> {
  const out = createWriteStream(path);
  const done = new Promise<void>((res, rej) => { out.on('finish', res); out.on('error', rej); });
  const header = Buffer.from('userId,movieId,rating,timestamp\n');
  let buf = Buffer.allocUnsafe(BUF), o = header.copy(buf, 0), total = 0, rows = 0;
  const pending: Buffer[] = [];
  const rng = new Rng(m.seed, 3);
  for (const { user: u, n, items, ratings } of m.userRatings()) {
    const t0 = 789_652_009 + rng.int(900_000_000);
    const span = 3600 + Math.exp(rng.normal() * 2 + 14);
    const uid = u + 1;
    for (let j = 0; j < n; j++) {
      if (o > BUF - 64) { pending.push(buf.subarray(0, o)); total += o; buf = Buffer.allocUnsafe(BUF); o = 0; }
      o = writeUint(buf, o, uid); buf[o++] = 44;
      o = writeUint(buf, o, m.movieIds[items[j]!]!); buf[o++] = 44;
      const r2 = Math.round(ratings[j]! * 2);
      buf[o++] = 48 + (r2 >> 1); buf[o++] = 46; buf[o++] = r2 & 1 ? 53 : 48; buf[o++] = 44;
      o = writeUint(buf, o, t0 + Math.floor(rng.float() * span)); buf[o++] = 10;
    }
    rows += n;
    if (pending.length) { onProgress?.({ rows, totalRows: m.ratings, bytes: total }); await drain(out, pending); }
  }
  pending.push(buf.subarray(0, o)); total += o;
  await drain(out, pending);
  out.end();
  await done;
  onProgress?.({ rows, totalRows: m.ratings, bytes: total });
  return total;
}

async function drain(out: NodeJS.WritableStream, pending: Buffer[]): Promise<void> {
  for (const b of pending.splice(0)) {
    if (!out.write(b)) await new Promise<void>((res) => out.once('drain', () => res()));
  }
}

function writeUint(buf: Buffer, o: number, v: number): number {
  if (v < 10) { buf[o] = 48 + v; return o + 1; }
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let p = o + digits - 1; p >= o; p--) { const q = Math.floor(v / 10); buf[p] = 48 + (v - q * 10); v = q; }
  return o + digits;
}
