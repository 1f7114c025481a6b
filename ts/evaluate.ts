/** Top-N (ranking) metrics of a trained model on held-out ratings or events. */
import type { Ratings } from './dataset.js';
import type { AlsModel } from './model.js';
import type { RankingMetrics, RankingOptions } from './protocol/index.js';

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
  return model.rankingMetrics(train, test, opts);
}
