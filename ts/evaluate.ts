/** Top-N (ranking) metrics of a trained model on held-out ratings. */
import type { Ratings } from './dataset.js';
import { AlsError } from './errors.js';
import type { AlsModel } from './model.js';

/** Options of {@link rankingMetricsAtK}. */
export interface RankingOptions {
  /** List length. Default 10. */
  k?: number;
  /** A held-out rating at least this high is relevant. Default 4. */
  threshold?: number;
  /** Score at most this many users (an even stride over the eligible ones). Default: all. */
  maxUsers?: number;
}

/** Result of {@link rankingMetricsAtK}: means over the users scored. */
export interface RankingMetrics {
  k: number;
  threshold: number;
  /** Hits in the top k, divided by k. */
  precision: number;
  /** Hits in the top k, divided by the user's relevant count. */
  recall: number;
  /** DCG of the top k over the ideal DCG (binary relevance, log2 discount). */
  ndcg: number;
  /** Users scored (those the model knows with at least one relevant held-out rating). */
  users: number;
}

/**
 * precision@k, recall@k and NDCG@k on held-out high ratings: for every user
 * with a test rating `>= threshold`, rank all movies except the user's
 * training movies and compare the top k with the relevant ones.
 *
 * Costs one `model.recommend` call per user (a full scoring pass over the
 * movies each): fine up to some ten thousand users; pass `maxUsers` beyond.
 *
 * @example
 * const { train, test } = await ratings.split({ testRatio: 0.2 });
 * const model = await engine.fit(train);
 * const m = await rankingMetricsAtK(model, train, test, { k: 10, threshold: 4 });
 * console.log(m.precision, m.recall, m.ndcg);
 */
export async function rankingMetricsAtK(model: AlsModel, train: Ratings, test: Ratings, opts: RankingOptions = {}): Promise<RankingMetrics> {
  const k = opts.k ?? 10;
  const threshold = opts.threshold ?? 4;
  if (!Number.isInteger(k) || k < 1) throw new AlsError('INVALID_PARAM', `k must be a positive integer, got ${k}`, { name: 'k', value: k });
  const relevant = groupByUser(await test.toArrays(), threshold);
  const seen = groupByUser(await train.toArrays(), -Infinity);
  let users = [...relevant.keys()].sort((a, b) => a - b);
  if (opts.maxUsers !== undefined && users.length > opts.maxUsers) {
    const stride = users.length / opts.maxUsers;
    users = Array.from({ length: opts.maxUsers }, (_, j) => users[Math.floor(j * stride)]!);
  }
  let precision = 0, recall = 0, ndcg = 0, scored = 0;
  for (const user of users) {
    const rated = seen.get(user) ?? new Set<number>();
    let top;
    try {
      top = await model.recommend(user, { n: k + rated.size, filterRated: false });
    } catch (e) {
      if (e instanceof AlsError && e.code === 'UNKNOWN_ID') continue;
      throw e;
    }
    const rel = relevant.get(user)!;
    const list = top.filter((s) => !rated.has(s.item)).slice(0, k);
    let hits = 0, dcg = 0, idcg = 0;
    list.forEach((s, r) => {
      if (rel.has(s.item)) { hits++; dcg += 1 / Math.log2(r + 2); }
    });
    for (let r = 0; r < Math.min(k, rel.size); r++) idcg += 1 / Math.log2(r + 2);
    precision += hits / k;
    recall += hits / rel.size;
    ndcg += dcg / idcg;
    scored++;
  }
  const mean = (x: number) => (scored ? x / scored : NaN);
  return { k, threshold, precision: mean(precision), recall: mean(recall), ndcg: mean(ndcg), users: scored };
}

/** Movies of each user rated at least `threshold`. */
function groupByUser(r: { users: Uint32Array; items: Uint32Array; ratings: Float32Array }, threshold: number): Map<number, Set<number>> {
  const by = new Map<number, Set<number>>();
  for (let j = 0; j < r.users.length; j++) {
    if (r.ratings[j]! < threshold) continue;
    let s = by.get(r.users[j]!);
    if (!s) by.set(r.users[j]!, (s = new Set()));
    s.add(r.items[j]!);
  }
  return by;
}
