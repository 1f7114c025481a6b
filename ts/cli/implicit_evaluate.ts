/**
 * `evaluate` on an implicit-feedback model: the same events and per-user
 * holdout as `train --implicit` (same `--threshold`, `--test-ratio` and
 * `--seed`), or `--test FILE` as held-out events; ranking metrics only
 * (an implicit model predicts preferences, not ratings).
 */
import { type AlsModel, type Engine, rankingMetricsAtK, type Ratings } from '../node.js';
import { emit, type GlobalOptions } from './command_context.js';
import { loadRatingsFile } from './data.js';
import { fixed } from './table.js';

export interface ImplicitEvaluateOptions extends GlobalOptions {
  test?: string;
  testRatio: number;
  seed: number;
  k: number;
  k2: number;
  /** Events are the ratings at least this high (all when absent), as in training. */
  threshold?: number;
  maxUsers: number;
}

export async function evaluateImplicit(engine: Engine, model: AlsModel, ratings: Ratings, o: ImplicitEvaluateOptions): Promise<void> {
  const events = await ratings.asEvents({ threshold: o.threshold });
  let train: Ratings, test: Ratings;
  if (o.test !== undefined) {
    const file = await loadRatingsFile(engine, o.test, o, 'test');
    [train, test] = [events, await file.asEvents({ threshold: o.threshold })];
  } else {
    ({ train, test } = await events.split({ testRatio: o.testRatio, seed: o.seed, by: 'user' }));
  }
  const top = await rankingMetricsAtK(model, train, test, { k: o.k, extraK: [o.k2], threshold: -Infinity, maxUsers: o.maxUsers });
  const at2 = top.at[1]!;
  const protocol = o.test ? { testFile: o.test } : { testRatio: o.testRatio, seed: o.seed, by: 'user' };
  const which = o.threshold === undefined ? 'every rating an event' : `ratings >= ${o.threshold} as events`;
  emit(o, () => [
    `held-out events: ${test.count.toLocaleString('en-US')} (${o.test ? `test file ${o.test}` : `per-user ${Math.round(o.testRatio * 100)}% holdout (seed ${o.seed})`}; ${which})`,
    `top-${o.k} over ${top.users.toLocaleString('en-US')} users (training items excluded):`,
    `precision@${o.k} ${fixed(top.precision)}   recall@${o.k} ${fixed(top.recall)}   NDCG@${o.k} ${fixed(top.ndcg)}   MAP@${o.k} ${fixed(top.map)}   recall@${at2.k} ${fixed(at2.recall)}   coverage@${o.k} ${fixed(top.coverage)}`,
  ].join('\n'), () => ({ protocol, feedback: 'implicit', threshold: o.threshold ?? null, count: test.count, ranking: top }));
}
