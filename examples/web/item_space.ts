// What the explore sections show about a trained model: the 2-D map of the
// most-rated movies (`model.itemMap`) with titles and genres, and the most
// and least polarizing movies (`model.polarizing`, the reference implementation's ‖q_i‖).
import type { AlsModel, Scored } from 'als-wasm';

/** A movie on the map. */
export interface MapPoint {
  item: number;
  x: number;
  y: number;
  /** Training ratings. */
  count: number;
  title: string;
  genres: string[];
}

export interface ItemMapData {
  points: MapPoint[];
  /** 'factors' for K ≤ 2 (plotted as is), 'pca' otherwise. */
  method: 'factors' | 'pca';
}

/** Coordinates of the `n` most-rated movies, with their titles and genres. */
export async function itemMap(model: AlsModel, n: number): Promise<ItemMapData> {
  const raw = await model.itemMap({ n });
  const described = await describe(model, Array.from(raw.items));
  const points = described.map((d, j) => ({ ...d, x: raw.x[j]!, y: raw.y[j]!, count: raw.counts[j]! }));
  return { points, method: raw.method };
}

/** The `n` movies with at least `minRatings` ratings that have the longest and the shortest factor vectors. */
export function polarizing(model: AlsModel, n: number, minRatings: number): Promise<{ most: Scored[]; least: Scored[] }> {
  return model.polarizing({ n, minRatings });
}

/** `rank ↦` the training count of the `rank`-th most-rated movie (1-based; the last one past the end). */
export async function countOfRank(model: AlsModel): Promise<(rank: number) => number> {
  const counts = (await model.itemTable()).counts.sort().reverse();
  return (rank) => counts[Math.min(rank, counts.length) - 1] ?? 0;
}

/** Title and genres of each movie (empty when the model has no catalog). */
async function describe(model: AlsModel, items: number[]): Promise<{ item: number; title: string; genres: string[] }[]> {
  return Promise.all(items.map(async (item) => {
    const [hit] = await model.findMovies(item, 1);
    return { item, title: hit?.title ?? `movie ${item}`, genres: hit?.genres ?? [] };
  }));
}
