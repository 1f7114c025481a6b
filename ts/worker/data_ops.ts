/** Worker-side loading: ratings and movies into the core, and synthetic data. */
import {
  parseMovies, RATINGS_CSV, RATINGS_DAT, RATINGS_U_DATA,
  type IngestProgress, type ItemCatalog,
} from '../ingest/index.js';
import { generateRatings, synthShape, type SynthOptions } from '../synth/index.js';
import { checkLoadMemory } from './memory_checks.js';
import { parseRatings } from './ratings_parse.js';
import type { CoreRatings } from '../wasm/als_core.js';
import type { CoreExports } from './core_module.js';
import { type FileOpener, openSource } from './sources.js';
import { AlsError } from '../errors.js';
import type { LoadControl, LoadMoviesOptions, LoadRatingsOptions, WorkerSource } from '../protocol/index.js';


const FORMATS = { csv: RATINGS_CSV, dat: RATINGS_DAT, 'u.data': RATINGS_U_DATA } as const;

/** @internal Parse a ratings source in the core (its bytes are copied into wasm memory chunk by chunk) into a `CoreRatings`. */
export async function loadRatings(
  core: CoreExports, src: WorkerSource, opts: LoadRatingsOptions, openFile: FileOpener | undefined,
  control: LoadControl, onProgress?: (p: IngestProgress) => void,
): Promise<{ ratings: CoreRatings; skipped: Record<string, number> }> {
  const opened = await openSource(src, openFile, control);
  const format = typeof opts.format === 'object' ? opts.format : FORMATS[opts.format ?? 'csv'];
  const parsed = await parseRatings(core, opened.chunks, {
    format, file: opened.name, onInvalid: opts.onInvalid, scale: opts.scale, duplicates: opts.duplicates, totalBytes: opened.size, onProgress,
  });
  try {
    checkLoadMemory(core, parsed.count, parsed.userCount, parsed.itemCount);
    const skipped = (parsed.stats() as { skipped: Record<string, number> }).skipped;
    return { ratings: parsed.intoRatings(), skipped };
  } finally {
    parsed.free();
  }
}

/** @internal Parse a movies source into a catalog (titles and genres stay in the worker). */
export async function loadMovies(
  src: WorkerSource, opts: LoadMoviesOptions, openFile: FileOpener | undefined, control: LoadControl,
  onProgress?: (p: IngestProgress) => void,
): Promise<ItemCatalog> {
  const opened = await openSource(src, openFile, control);
  return parseMovies(opened.chunks, { ...opts, file: opened.name, totalBytes: opened.size, onProgress });
}

/** @internal Ratings from columns of raw ids: dense ids in first-seen order, then the core renumbers. */
export function ratingsFromArrays(core: CoreExports, users: Uint32Array, items: Uint32Array, ratings: Float32Array): CoreRatings {
  if (users.length !== items.length || users.length !== ratings.length) {
    throw new AlsError('LENGTH_MISMATCH', `users, items and ratings must have the same length, got ${users.length}, ${items.length} and ${ratings.length}`, {
      what: 'ratings columns', expected: users.length, actual: items.length !== users.length ? items.length : ratings.length,
    });
  }
  const u = denseIds(users);
  const i = denseIds(items);
  checkLoadMemory(core, users.length, u.raw.length, i.raw.length);
  return new core.CoreRatings(u.dense, i.dense, ratings, u.raw, i.raw);
}

/** @internal A synthetic MovieLens-shaped data set, generated in memory (seeded). */
export function synthesize(core: CoreExports, opts: SynthOptions): { ratings: CoreRatings; catalog: ItemCatalog } {
  const shape = synthShape(opts);
  checkLoadMemory(core, shape.ratings, shape.users, shape.items);
  const s = generateRatings(opts);
  const users = denseIds(s.users);
  const items = denseIds(s.items);
  const ratings = new core.CoreRatings(users.dense, items.dense, s.ratings, users.raw, items.raw);
  const m = s.movies;
  const indptr = new Uint32Array(m.movieIds.length + 1);
  m.movieGenres.forEach((g, r) => (indptr[r + 1] = indptr[r]! + g.length));
  const catalog: ItemCatalog = {
    movieIds: m.movieIds, titles: m.titles, genres: m.genres,
    itemGenresIndptr: indptr, itemGenres: Uint16Array.from(m.movieGenres.flat()),
    rowOf: new Map(Array.from(m.movieIds, (id, r) => [id, r])),
    stats: { lines: m.movieIds.length, skipped: {} as ItemCatalog['stats']['skipped'] },
  };
  return { ratings, catalog };
}

/** Dense indices in first-seen order, and the raw id of each. */
function denseIds(raw: Uint32Array): { dense: Uint32Array; raw: Uint32Array } {
  const index = new Map<number, number>();
  const dense = new Uint32Array(raw.length);
  for (let e = 0; e < raw.length; e++) {
    let d = index.get(raw[e]!);
    if (d === undefined) index.set(raw[e]!, (d = index.size));
    dense[e] = d;
  }
  return { dense, raw: Uint32Array.from(index.keys()) };
}

/** @internal Genres of each dense item of a model (`itemIds` order) as CSR, from the catalog. */
export function genresOf(itemIds: Uint32Array, catalog: ItemCatalog): { indptr: Uint32Array; genres: Uint32Array } {
  const indptr = new Uint32Array(itemIds.length + 1);
  const genres: number[] = [];
  itemIds.forEach((id, d) => {
    const row = catalog.rowOf.get(id);
    if (row !== undefined) {
      for (let e = catalog.itemGenresIndptr[row]!; e < catalog.itemGenresIndptr[row + 1]!; e++) genres.push(catalog.itemGenres[e]!);
    }
    indptr[d + 1] = genres.length;
  });
  return { indptr, genres: Uint32Array.from(genres) };
}
