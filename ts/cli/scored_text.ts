/** Text rendering of scored movie lists (recommendations, neighbours, searches). */
import type { Scored } from '../node.js';
import { type Cell, fixed, formatTable } from './table.js';

/** A numbered table of movies: rank, id, score, title and genres (when the catalog knows them). */
export function scoredTable(list: Scored[], scoreLabel = 'score', digits = 3): string {
  if (list.length === 0) return '(none)';
  return movieTable(list, scoreLabel, list.map((s) => fixed(s.score, digits)));
}

/** Rank, id, the given score cells, then title and genres when the catalog knows any. */
function movieTable(list: Scored[], scoreLabel: string, scores: Cell[]): string {
  if (!list.some((s) => s.title)) {
    const rows: Cell[][] = list.map((s, r) => [r + 1, s.item, scores[r]!]);
    return formatTable(['#', 'movie', scoreLabel], rows, ['r', 'r', 'r']);
  }
  const rows: Cell[][] = list.map((s, r) => [r + 1, s.item, scores[r]!, s.title ?? '', (s.genres ?? []).join('|')]);
  return formatTable(['#', 'movie', scoreLabel, 'title', 'genres'], rows, ['r', 'r', 'r', 'l', 'l']);
}

/** A line under a model's list without titles (the model file holds ids only), else nothing. */
export function titlesHint(list: Scored[]): string[] {
  return list.length > 0 && !list.some((s) => s.title) ? ['(titles: add --data DIR with the MovieLens folder, or --movies FILE)'] : [];
}

/** `title (id)` or just the id. */
export function movieLabel(s: { item: number; title?: string }): string {
  return s.title ? `${s.title} (${s.item})` : `movie ${s.item}`;
}

/**
 * A numbered table of movies with a Bayesian model's predicted rating and its
 * posterior predictive standard deviation, e.g. `4.2 ± 0.4`.
 */
export function intervalTable(list: Scored[], mean: Float32Array, std: Float32Array): string {
  if (list.length === 0) return '(none)';
  return movieTable(list, 'rating ± std', list.map((_, r) => `${fixed(mean[r]!, 1)} ± ${fixed(std[r]!, 1)}`));
}
