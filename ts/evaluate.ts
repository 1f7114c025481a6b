/** Top-N (ranking) metrics of a trained model on held-out ratings or events. */
import type { Ratings } from './dataset.js';
import { AlsError } from './errors.js';
import type { AlsModel } from './model.js';
import type { CutoffMetrics } from './protocol/index.js';

/** Options of {@link rankingMetricsAtK}. */
export interface RankingOptions {
  /** List length. Default 10. */
  k?: number;
  /** More cut-offs to report in `at` (e.g. `[20]` for Recall@20). Default none. */
  extraK?: number[];
  /** A held-out rating at least this high is relevant. Default 4 (use 0 or `-Infinity` for events). */
  threshold?: number;
  /** Score at most this many users (an even stride over the eligible ones). Default: all. */
  maxUsers?: number;
}

/** Metrics at one cut-off: means over the users scored. */
export interface RankingAtK {
  k: number;
  /** Hits in the top k, divided by k. */
  precision: number;
  /** Hits in the top k, divided by the user's relevant count. */
  recall: number;
  /** DCG of the top k over the ideal DCG (binary relevance, log2 discount). */
  ndcg: number;
  /** Mean over users of Σ precision@r at each hit r, over min(k, relevant). */
  map: number;
  /** Distinct movies in all users' top k, over all movies of the model. */
  coverage: number;
  /** Users scored (those the model knows with at least one relevant held-out rating). */
  users: number;
}

/** Result of {@link rankingMetricsAtK}: the first cut-off, then every cut-off in `at`. */
export interface RankingMetrics extends RankingAtK {
  threshold: number;
  /** Every cut-off asked for (`k`, then `extraK`), in that order. */
  at: RankingAtK[];
}

/**
 * precision@k, recall@k, NDCG@k, MAP@k and coverage on held-out ratings:
 * for every user with a test rating `>= threshold`, rank all movies except
 * the user's training movies and compare the top k with the relevant ones.
 * Computed in the core, users in parallel.
 *
 * @example
 * const { train, test } = await ratings.split({ testRatio: 0.2 });
 * const model = await engine.fit(train);
 * const m = await rankingMetricsAtK(model, train, test, { k: 10, threshold: 4, extraK: [20] });
 * console.log(m.precision, m.recall, m.ndcg, m.map, m.at[1]!.recall);
 */
export async function rankingMetricsAtK(model: AlsModel, train: Ratings, test: Ratings, opts: RankingOptions = {}): Promise<RankingMetrics> {
  const k = opts.k ?? 10;
  const threshold = opts.threshold ?? 4;
  const ks = [k, ...(opts.extraK ?? [])];
  for (const c of ks) {
    if (!Number.isInteger(c) || c < 1) throw new AlsError('INVALID_PARAM', `k must be a positive integer, got ${c}`, { name: 'k', value: c });
  }
  const maxUsers = opts.maxUsers ?? 0;
  if (!Number.isInteger(maxUsers) || maxUsers < 0) {
    throw new AlsError('INVALID_PARAM', `maxUsers must be a non-negative integer, got ${maxUsers}`, { name: 'maxUsers', value: maxUsers });
  }
  const at = (await model.rankingMetricsIn(train, test, ks, threshold, maxUsers)).map(withNaN);
  return { ...at[0]!, threshold, at };
}

/** Means over no users are NaN (nothing was scored), as before. */
function withNaN(m: CutoffMetrics): RankingAtK {
  if (m.users > 0) return m;
  return { ...m, precision: NaN, recall: NaN, ndcg: NaN, map: NaN };
}
