/**
 * The core's ratings parser in this process (the single-threaded SIMD build,
 * as on a page without SharedArrayBuffer), read back as plain arrays: dense
 * ids in first-seen order, the raw id of each, and the parse's statistics.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import type { CoreExports } from '../../ts/worker/core_module.js';
import { type ParseRatingsOptions, parseRatings as parseInCore } from '../../ts/worker/ratings_parse.js';
import type { ItemCatalog, SkipCounts } from '../../ts/ingest/index.js';
import { detectMovieLens, fileChunks, type MovieLensFiles, readMoviesFile } from '../../ts/ingest/node_files.js';

type Glue = CoreExports & { default(init: { module_or_path: Uint8Array }): Promise<unknown> };

let loaded: Promise<CoreExports> | undefined;

/** The single-threaded core, instantiated once per test file. */
export function singleThreadCore(): Promise<CoreExports> {
  loaded ??= (async () => {
    const dir = new URL('../../ts/wasm-simd/', import.meta.url);
    const core = (await import(new URL('als_core.js', dir).href)) as Glue;
    await core.default({ module_or_path: await readFile(new URL('als_core_bg.wasm', dir)) });
    return core;
  })();
  return loaded;
}

/** A parsed file as plain arrays. */
export interface ParsedTable {
  count: number;
  users: Uint32Array;
  items: Uint32Array;
  ratings: Float32Array;
  userIds: Uint32Array;
  itemIds: Uint32Array;
  stats: { lines: number; bytes: number; blankLines: number; header: boolean; userGrouped: boolean; skipped: SkipCounts };
}

/** Parses `chunks` in the core (a small batch by default, so lines straddle batches too). */
export async function parseRatings(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: ParseRatingsOptions = {},
): Promise<ParsedTable> {
  const core = await singleThreadCore();
  const parsed = await parseInCore(core, chunks, { batchBytes: 64, ...opts });
  try {
    return {
      count: parsed.count,
      users: parsed.users(),
      items: parsed.items(),
      ratings: parsed.ratings(),
      userIds: parsed.userIds(),
      itemIds: parsed.itemIds(),
      stats: parsed.stats() as ParsedTable['stats'],
    };
  } finally {
    parsed.free();
  }
}

/** A ratings file parsed in the core (errors name `path`). */
export function readRatingsFile(path: string, opts: ParseRatingsOptions = {}): Promise<ParsedTable> {
  return parseRatings(fileChunks(path), { batchBytes: 1 << 20, file: path, totalBytes: statSync(path).size, ...opts });
}

/** A MovieLens directory: its variant, the ratings parsed in the core, the movies. */
export async function loadMovieLens(dir: string): Promise<{ variant: string; files: MovieLensFiles; ratings: ParsedTable; catalog: ItemCatalog }> {
  const files = detectMovieLens(dir);
  const ratings = await readRatingsFile(files.ratingsFile, { format: files.ratingsFormat });
  const genreNames = files.genresFile
    ? readFileSync(files.genresFile, 'latin1').split('\n').map((l) => l.split('|')[0]!.trim()).filter((g) => g !== '')
    : undefined;
  const catalog = await readMoviesFile(files.moviesFile, { format: files.moviesFormat, encoding: files.moviesEncoding, genreNames });
  return { variant: files.variant, files, ratings, catalog };
}
