/** Worker-side model queries: results in raw ids, decorated with titles when a catalog is attached. */
import type { ItemCatalog } from '../ingest/index.js';
import type { CoreModel } from '../wasm/als_core.js';


/** A scored movie. `title` and `genres` are present when the model has a catalog. */
export interface Scored {
  /** MovieLens `movieId`. */
  item: number;
  /**
   * What the list is ranked by, larger first; not a predicted rating (use
   * `predict` for that). `recommend`, `recommendBatch`, `recommendAll`,
   * `recommendForNewUser`: the reference implementation's ranking score
   * `mu + p_u·q_i + 0.05 b_i` (the user's own bias does not change a ranking,
   * and the item bias is damped so popular movies do not crowd the list).
   * `similarItems`: the cosine of the two movies' factor vectors (−1..1).
   * `findMovies`: the movie's training rating count. `polarizing`: `‖q_i‖`.
   */
  score: number;
  title?: string;
  genres?: string[];
}

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

/** What one rated movie adds to the factor part of a score (see `AlsModel.explain`). */
export interface Contribution {
  /** MovieLens `movieId` the user rated. */
  item: number;
  /** The user's training rating of it. */
  rating: number;
  /** Its share of `factorScore`: `lambda (r_uj − mu − b_u − b_j) q_iᵀ A_u⁻¹ q_j`. */
  weight: number;
  title?: string;
}

/**
 * A score taken apart: `score = mu + userBias + itemBias + factorScore`, and
 * `factorScore = Σ weight (over all rated movies) + residual`.
 */
export interface Explanation {
  /** The prediction `mu + b_u + b_i + p_u·q_i` (as `predict` gives it). */
  score: number;
  baseline: { mu: number; userBias: number; itemBias: number };
  /** `p_u · q_i`. */
  factorScore: number;
  /** The rated movies with the largest |weight|, largest first. */
  contributions: Contribution[];
  /**
   * `factorScore` minus the sum of every rated movie's weight: the weights
   * refold the user against the final item factors, while `p_u` was solved
   * one item step earlier; near zero once training has converged.
   */
  residual: number;
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

/** 2-D coordinates of the most-rated movies (see `AlsModel.itemMap`). */
export interface ItemMap {
  /** MovieLens `movieId`s, most-rated first. */
  items: Uint32Array;
  x: Float32Array;
  y: Float32Array;
  /** Training ratings of each movie. */
  counts: Uint32Array;
  /** `'factors'` when K ≤ 2 (the factors themselves), else `'pca'` (first two principal components). */
  method: 'factors' | 'pca';
}
