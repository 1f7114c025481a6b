/** Top-N (ranking) metrics of a trained model on held-out ratings or events. */
import type { Ratings } from './ratings.js';
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

/**
 * Strong generalization: the same metrics for users the model was not
 * trained on. Each user of `history` is folded in from those events with the
 * items fixed (an implicit model solves its weighted ridge system exactly,
 * like `implicit`'s `recalculate_user`; an explicit one as `foldInUser`), then
 * ranked on their `test` events, their history items left out. Users are
 * matched by raw id between `history` and `test`; movies the model does not
 * know are dropped. Computed in the core, users in parallel.
 *
 * @example
 * const { train, test: heldOut } = await events.split({ by: 'heldOutUsers', testRatio: 0.1, seed: 1 });
 * const model = await engine.fit(train, { feedback: 'implicit' });
 * const { train: history, test } = await heldOut.split({ by: 'user', testRatio: 0.2, seed: 1 });
 * const m = await rankingMetricsForNewUsers(model, history, test, { k: 10, threshold: 0 });
 */
export async function rankingMetricsForNewUsers(model: AlsModel, history: Ratings, test: Ratings, opts: RankingOptions = {}): Promise<RankingMetrics> {
  return model.rankingMetricsForNewUsers(history, test, opts);
}
