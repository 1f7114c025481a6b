/**
 * The catalog of a synthetic set (movie ids, titles, genres), read from the
 * core's planted model. Environment-neutral.
 */
import type { ItemCatalog } from '../ingest/index.js';

/** The catalog parts of the core's `CoreSynth` (threaded and single-threaded glues alike). */
export interface SynthCatalogSource {
  movieIds(): Uint32Array;
  titles(): string;
  genreLabels(): string;
  genreIndptr(): Uint32Array;
  genres(): Uint16Array;
}

/** The synthetic catalog as a movies catalog (movies without genres carry '(no genres listed)'). */
export function synthCatalog(s: SynthCatalogSource): ItemCatalog {
  const movieIds = s.movieIds();
  return {
    movieIds,
    titles: s.titles().split('\n'),
    genres: s.genreLabels().split('\n'),
    itemGenresIndptr: s.genreIndptr(),
    itemGenres: s.genres(),
    rowOf: new Map(Array.from(movieIds, (id, r) => [id, r])),
    stats: { lines: movieIds.length, skipped: {} as ItemCatalog['stats']['skipped'] },
  };
}
