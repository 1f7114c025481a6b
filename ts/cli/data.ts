/**
 * Where a command's ratings and movie titles come from: a MovieLens directory, a single
 * ratings file, or (no argument) a synthetic MovieLens- or Netflix-shaped set generated in memory.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { AlsError, type Catalog, type Engine, type LoadRatingsOptions, type Ratings, type SynthOptions, type SynthShape } from '../node.js';
import { detectMovieLens } from '../ingest/node_files.js';
import { type Command, Option } from 'commander';
import { type GlobalOptions, note } from './command_context.js';
import { progressBar } from './progress.js';
import { warn } from './warnings.js';

/** Options of commands that read ratings files. */
export interface DataOptions extends GlobalOptions {
  /** `skip`: drop bad lines (counted and reported as a warning) instead of failing on the first. */
  onInvalid?: 'error' | 'skip';
}

/** Add `--on-invalid error|skip`. */
export function addDataOptions(cmd: Command): Command {
  return cmd.addOption(new Option('--on-invalid <mode>', "bad ratings lines: 'error' (stop at the first, naming file and line) or 'skip' (drop and count them)")
    .choices(['error', 'skip']).default('error'));
}

/** The most synthetic ratings `--synth-ratings` accepts: the layouts index ratings with u32. */
export const MAX_SYNTH_RATINGS = 4_294_967_295;

/** Ratings generated when no data and no shape are given: about 6 s of training (50 epochs) on 2 cores. */
export const SYNTHETIC_RATINGS = 1_000_000;

/** How commands name a synthetic set: `--synth-shape` and `--synth-ratings`. */
export interface SynthArgs {
  synthShape?: SynthShape;
  synthRatings?: number;
  seed?: number;
}

/** `--synth-shape`: the real data set a generated one copies. */
export function synthShapeOption(): Option {
  return new Option('--synth-shape <name>', "shape of the generated set: 'ml-32m' (half stars) or 'netflix' (whole stars); full size unless --synth-ratings scales it")
    .choices(['ml-32m', 'netflix']);
}

/** The synthetic set the arguments name: a shape at full size, scaled to `--synth-ratings`, or 1M ML-32M-shaped ratings. */
export function synthOptionsOf(o: SynthArgs): SynthOptions {
  const ratings = o.synthRatings ?? (o.synthShape === undefined ? SYNTHETIC_RATINGS : undefined);
  return { shape: o.synthShape, ratings, seed: o.seed ?? 42 };
}

/** What was loaded, for summaries and `--json`. */
export interface DataSourceInfo {
  kind: 'movielens' | 'file' | 'synthetic';
  path?: string;
  variant?: string;
  moviesFile?: string;
}

/** Ratings (and titles when found) ready for training. */
export interface LoadedData {
  ratings: Ratings;
  catalog?: Catalog;
  source: DataSourceInfo;
}

/** The ratings format of a file, from its name: `.dat` (`::`), ml-100k's `u.data`/`.base`/`.test` (tab), else csv. */
export function ratingsFormatOf(path: string): LoadRatingsOptions['format'] {
  const name = basename(path);
  if (name.endsWith('.dat')) return 'dat';
  if (name === 'u.data' || /\.(base|test|data|tsv)$/.test(name)) return 'u.data';
  return 'csv';
}

/** Fail with a data error (exit 1) if `path` does not exist. */
export function mustExist(path: string, what: string): void {
  if (!existsSync(path)) throw new AlsError('NOT_FOUND', `${what} not found: ${path}`, { path });
}

/** Load one ratings file with a progress bar. */
export async function loadRatingsFile(engine: Engine, path: string, opts: DataOptions, label = 'load'): Promise<Ratings> {
  mustExist(path, 'ratings file');
  const bar = progressBar(label, statSync(path).size, !opts.json, ' B');
  let ratings: Ratings;
  try {
    ratings = await engine.loadRatings(path, {
      format: ratingsFormatOf(path), onInvalid: opts.onInvalid ?? 'error', onProgress: (p) => bar.update(p.bytes, `${p.rows} ratings`),
    });
  } finally {
    bar.stop();
  }
  warnSkipped(path, ratings.summary.skipped ?? {});
  return ratings;
}

/** One warning per file that had lines skipped, with the count per reason. */
function warnSkipped(path: string, skipped: Record<string, number>): void {
  const reasons = Object.entries(skipped).filter(([, n]) => n > 0);
  const total = reasons.reduce((a, [, n]) => a + n, 0);
  if (total > 0) warn(`${path}: skipped ${total} invalid lines (${reasons.map(([k, n]) => `${k} ${n}`).join(', ')})`);
}

/**
 * Load the data a command names: a MovieLens directory (any variant), a ratings file (movies
 * from its directory when it is a MovieLens one), or, when `arg` is absent, the synthetic set
 * `synthOptionsOf` names. `movies` (a file or a MovieLens directory) overrides where titles come from.
 */
export async function loadData(
  engine: Engine, arg: string | undefined, opts: DataOptions & SynthArgs & { movies?: string },
): Promise<LoadedData> {
  if (arg === undefined) {
    const synth = synthOptionsOf(opts);
    const { synthetic: size } = await engine.estimateMemory({ synthetic: synth });
    note(opts, `no data given: generating a synthetic ${size!.shape === 'netflix' ? 'Netflix' : 'MovieLens'}-shaped set of ${size!.ratings.toLocaleString('en-US')} ratings `
      + `(${size!.users.toLocaleString('en-US')} users × ${size!.movies.toLocaleString('en-US')} movies, seed ${synth.seed})`);
    const { ratings, catalog } = await engine.synthesize(synth);
    return { ratings, catalog, source: { kind: 'synthetic', variant: size!.shape === 'netflix' ? 'Netflix' : 'MovieLens' } };
  }
  mustExist(arg, 'data');
  if (statSync(arg).isDirectory()) {
    const files = detectMovieLens(arg);
    const ratings = await loadRatingsFile(engine, files.ratingsFile, opts);
    const catalog = await loadCatalog(engine, opts.movies ?? files.moviesFile);
    await warnCoverage(catalog, ratings, opts.movies ?? files.moviesFile);
    return { ratings, catalog, source: { kind: 'movielens', path: arg, variant: files.variant, moviesFile: opts.movies ?? files.moviesFile } };
  }
  const ratings = await loadRatingsFile(engine, arg, opts);
  const moviesFile = opts.movies ?? moviesNear(arg);
  const catalog = moviesFile === undefined ? undefined : await loadCatalog(engine, moviesFile);
  if (catalog !== undefined) await warnCoverage(catalog, ratings, moviesFile!);
  return { ratings, catalog, source: { kind: 'file', path: arg, moviesFile } };
}

/** Below this share of rated movies with a title, the movies file is probably not this data set's. */
export const MIN_TITLE_COVERAGE = 0.9;

/** Warn when `catalog` titles few of the rated movies (blank titles, and no genres for `--hierarchical`). */
async function warnCoverage(catalog: Catalog, ratings: Ratings, file: string): Promise<void> {
  const { titled, movies } = await catalog.coverage(ratings);
  if (movies > 0 && titled < MIN_TITLE_COVERAGE * movies) {
    warn(`${file} has titles and genres for only ${titled} of the ${movies} rated movies: the others stay untitled and get no genre prior`);
  }
}

/** Titles and genres from a movies file or a MovieLens directory. */
export async function loadCatalog(engine: Engine, fileOrDir: string): Promise<Catalog> {
  mustExist(fileOrDir, 'movies');
  const file = statSync(fileOrDir).isDirectory() ? detectMovieLens(fileOrDir).moviesFile : fileOrDir;
  const name = basename(file);
  const format = name.endsWith('.dat') ? 'dat' : name === 'u.item' ? 'u.item' : 'csv';
  return engine.loadMovies(file, { format });
}

/** The movies file beside a ratings file, if its directory is a MovieLens one. */
function moviesNear(ratingsFile: string): string | undefined {
  const dir = dirname(ratingsFile);
  for (const name of ['movies.csv', 'movies.dat', 'u.item']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
