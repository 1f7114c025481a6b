/** Worker-side model queries: results in raw ids, decorated with titles when a catalog is attached. */
import type { ItemCatalog } from '../ingest/index.js';
import type { CoreModel } from '../wasm/als_core.js';
import type { Explanation, Scored } from '../protocol/index.js';

/** @internal A trained model and the catalog used to describe its movies. */
export interface HeldModel {
  core: CoreModel;
  catalog?: ItemCatalog;
}

/** @internal Title and genre labels of `movieId`, if the catalog knows it. */
export function describe(catalog: ItemCatalog | undefined, movieId: number): { title?: string; genres?: string[] } {
  const row = catalog?.rowOf.get(movieId);
  if (catalog === undefined || row === undefined) return {};
  const genres: string[] = [];
  for (let e = catalog.itemGenresIndptr[row]!; e < catalog.itemGenresIndptr[row + 1]!; e++) genres.push(catalog.genres[catalog.itemGenres[e]!]!);
  return { title: catalog.titles[row], genres };
}

/** @internal `{ items, scores }` from the core as a list of `Scored`. */
export function scoredList(m: HeldModel, raw: { items: Uint32Array; scores: Float32Array }): Scored[] {
  return Array.from(raw.items, (item, r) => ({ item, score: raw.scores[r]!, ...describe(m.catalog, item) }));
}

/** @internal Movies matching `query`: an exact movieId, else titles containing it (case-insensitive), most-rated first. */
export function findMovies(m: HeldModel, query: string | number, limit: number): Scored[] {
  const ids = Uint32Array.from(m.core.itemIds());
  const counts = Uint32Array.from(m.core.itemCounts());
  const rowOfItem = new Map(Array.from(ids, (id, d) => [id, d]));
  if (typeof query === 'number' || /^\d+$/.test(query)) {
    const d = rowOfItem.get(Number(query));
    return d === undefined ? [] : [{ item: Number(query), score: counts[d]!, ...describe(m.catalog, Number(query)) }];
  }
  const q = query.toLowerCase();
  const hits: Scored[] = [];
  m.catalog?.titles.forEach((title, row) => {
    const id = m.catalog!.movieIds[row]!;
    const d = rowOfItem.get(id);
    if (d !== undefined && title.toLowerCase().includes(q)) hits.push({ item: id, score: counts[d]!, ...describe(m.catalog, id) });
  });
  return hits.sort((a, b) => b.score - a.score || a.item - b.item).slice(0, limit);
}

/** @internal Raw explanation from the core, with movies described. */
export function explanationOf(m: HeldModel, raw: {
  score: number; mu: number; userBias: number; itemBias: number; factorScore: number;
  items: Uint32Array; ratings: Float32Array; weights: Float32Array; residual: number;
}): Explanation {
  const contributions = Array.from(raw.items, (item, j) => {
    const title = describe(m.catalog, item).title;
    return { item, rating: raw.ratings[j]!, weight: raw.weights[j]!, ...(title === undefined ? {} : { title }) };
  });
  const { score, mu, userBias, itemBias, factorScore, residual } = raw;
  return { score, baseline: { mu, userBias, itemBias }, factorScore, contributions, residual };
}

