/** Text rendering of scored movie lists (recommendations, neighbours, searches). */
import type { Scored } from '../node.js';
import { type Cell, fixed, formatTable } from './table.js';

/** A numbered table of movies: rank, id, score, title and genres (when the catalog knows them). */
export function scoredTable(list: Scored[], scoreLabel = 'score', digits = 3): string {
  if (list.length === 0) return '(none)';
  const rows: Cell[][] = list.map((s, r) => [r + 1, s.item, fixed(s.score, digits), s.title ?? '', (s.genres ?? []).join('|')]);
  return formatTable(['#', 'movie', scoreLabel, 'title', 'genres'], rows, ['r', 'r', 'r', 'l', 'l']);
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
  const rows: Cell[][] = list.map((s, r) => [r + 1, s.item, `${fixed(mean[r]!, 1)} ± ${fixed(std[r]!, 1)}`, s.title ?? '', (s.genres ?? []).join('|')]);
  return formatTable(['#', 'movie', 'rating ± std', 'title', 'genres'], rows, ['r', 'r', 'r', 'l', 'l']);
}
