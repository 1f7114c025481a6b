import type { Ratings } from './ratings.js';
import { AlsError } from './errors.js';
import { csvFilesOf, npyFilesOf } from './model_export.js';
import type { AlsParams } from './params.js';
import { sparkFilesOf, type SparkExportOptions, type SparkModelFiles } from './spark/export.js';
import type { Provenance } from './provenance.js';

import type { ModelArrays } from './protocol/index.js';

import { listRequest } from './list_request.js';
import { rankingRequest, rankingResult } from './ranking_request.js';
import { rawId, rawIds } from './ids.js';
import { checkCount, checkOptions } from './option_keys.js';
import { handleIn, registerHeld, type WorkerCall } from './worker_call.js';
import type { EpochStats, Explanation, ItemMap, ModelInfo, RankingMetrics, RankingOptions, RatedMovie, RecommendOptions, Scored, ScoredUser, UnknownIdPolicy } from './protocol/index.js';

/**
 * A trained ALS model, held by the engine. Every method speaks raw ids
 * (MovieLens `userId` and `movieId`).
 *
 * @example
 * const model = await engine.fit(train, { factors: 20 }, { evalSet: test, onEpoch: (s) => console.log(s) });
 * await model.recommend(1, { n: 5 });          // [{ item, score, title?, genres? }, …]
 * await model.predict([1], [318]);             // Float32Array [4.6…]
 */
export class AlsModel {
  /** @internal */
  constructor(
    private readonly call: WorkerCall,
    private readonly handle: number,
    readonly info: ModelInfo,
    /** Metrics of every epoch of the training run (empty for a loaded model). */
    readonly history: EpochStats[],
  ) {
    registerHeld(this, call, handle);
  }

  /** Hyperparameters the model was trained with. */
  get params(): AlsParams {
    return this.info.params;
  }

  /**
   * Predicted ratings `mu + b_u + b_i + p_u·q_i` for `(users[j], items[j])`.
   * An id the model never saw fails with UNKNOWN_ID unless `unknown` is
   * `'nan'` or `'baseline'` (Spark's coldStartStrategy).
   */
  async predict(users: ArrayLike<number>, items: ArrayLike<number>, unknown: UnknownIdPolicy = 'error'): Promise<Float32Array> {
    const u = rawIds(users, 'user');
    const i = rawIds(items, 'item');
    checkUnknownPolicy(unknown);
    return this.call((api) => api.models.predict(this.handle, u, i, unknown));
  }

  /**
   * Posterior means and posterior predictive standard deviations of a
   * Bayesian model (`method: 'bayes'`): `mean[j] ± 1.96 std[j]` is a 95%
   * interval for the rating (factor uncertainty plus the sampled noise;
   * docs/bayes.md). `mean` is what `predict` gives. Unknown ids as in
   * `predict`, except that `'baseline'` gives a NaN std. Fails with
   * INVALID_PARAM on a model trained by ALS (`info.posterior` is null).
   */
  async predictWithStd(users: ArrayLike<number>, items: ArrayLike<number>, unknown: UnknownIdPolicy = 'error'):
  Promise<{ mean: Float32Array; std: Float32Array }> {
    const u = rawIds(users, 'user');
    const i = rawIds(items, 'item');
    checkUnknownPolicy(unknown);
    return this.call((api) => api.models.predictWithStd(this.handle, u, i, unknown));
  }

  /** RMSE and MAE on `ratings` (matched by raw id; unknown pairs are counted in `skipped`). */
  async evaluate(ratings: Ratings): Promise<{ rmse: number; mae: number; count: number; skipped: number }> {
    const r = handleIn(this.call, ratings, 'ratings');
    return this.call((api) => api.models.evaluate(this.handle, r));
  }

  /**
   * precision@k, recall@k, NDCG@k, MAP@k and coverage on held-out ratings
   * (see `rankingMetricsAtK`, which calls this). `train` and `test` must
   * belong to this model's engine.
   */
  async rankingMetrics(train: Ratings, test: Ratings, opts: RankingOptions = {}): Promise<RankingMetrics> {
    const { ks, threshold, maxUsers } = rankingRequest(opts);
    const [tr, te] = [handleIn(this.call, train, 'train'), handleIn(this.call, test, 'test')];
    return rankingResult(threshold, await this.call((api) => api.models.rankingMetrics(this.handle, tr, te, ks, threshold, maxUsers)));
  }

  /**
   * The same metrics for users folded in from their `history` events instead of
   * stored factors (strong generalization; see `rankingMetricsForNewUsers`, which
   * calls this). `history` and `test` must belong to this model's engine.
   */
  async rankingMetricsForNewUsers(history: Ratings, test: Ratings, opts: RankingOptions = {}): Promise<RankingMetrics> {
    const { ks, threshold, maxUsers } = rankingRequest(opts);
    const [h, te] = [handleIn(this.call, history, 'history'), handleIn(this.call, test, 'test')];
    return rankingResult(threshold, await this.call((api) => api.models.rankingMetricsNewUsers(this.handle, h, te, ks, threshold, maxUsers)));
  }

  /**
   * Top movies for a training user (rated movies left out unless
   * `filterRated: false`; `items` restricts the candidates, `exclude` removes
   * some). On explicit ratings the default ranks movies with at least
   * `info.listMinRatings` ratings by direction (`RecommendOptions.byDirection`).
   * `score` is the ranking score, not a predicted rating (see `Scored`).
   */
  async recommend(user: number, opts: RecommendOptions = {}): Promise<Scored[]> {
    const u = rawId(user, 'user');
    const req = listRequest(opts);
    return this.call((api) => api.models.recommend(this.handle, u, req));
  }

  /**
   * Top movies for many training users in one call, computed in parallel in
   * the core; list j is user `users[j]`'s (as `recommend` gives it).
   *
   * @example
   * const lists = await model.recommendBatch([1, 2, 3], { n: 5 });
   */
  async recommendBatch(users: ArrayLike<number>, opts: RecommendOptions = {}): Promise<Scored[][]> {
    const u = rawIds(users, 'user');
    const req = listRequest(opts);
    return this.call((api) => api.models.recommendUsers(this.handle, u, req));
  }

  /**
   * Top movies for every training user (Spark's `recommendForAllUsers`),
   * streamed in chunks of `chunkSize` users (default 4096), each one parallel
   * call into the core.
   *
   * @example
   * for await (const chunk of model.recommendAll({ n: 10 })) for (const { user, items } of chunk) save(user, items);
   */
  async *recommendAll(opts: RecommendOptions & { chunkSize?: number } = {}): AsyncGenerator<{ user: number; items: Scored[] }[]> {
    const { chunkSize = 4096, ...rest } = opts;
    checkCount(chunkSize, 'chunkSize');
    const req = listRequest(rest);
    const users = await this.call((api) => api.models.userIds(this.handle));
    for (let a = 0; a < users.length; a += Math.max(1, chunkSize)) {
      const part = users.slice(a, a + Math.max(1, chunkSize));
      const lists = await this.call((api) => api.models.recommendUsers(this.handle, part, req));
      yield Array.from(part, (user, j) => ({ user, items: lists[j]! }));
    }
  }

  /**
   * The `n` (default 10) training users with the highest predicted rating of
   * each movie in `items` (Spark's `recommendForAllItems` for a subset),
   * computed in parallel in the core; list j is `items[j]`'s.
   */
  async topUsersForItems(items: ArrayLike<number>, opts: { n?: number } = {}): Promise<ScoredUser[][]> {
    const i = rawIds(items, 'item');
    checkOptions('topUsers', opts);
    checkCount(opts.n);
    return this.call((api) => api.models.topUsersForItems(this.handle, i, opts.n ?? 10));
  }

  /**
   * `topUsersForItems` for every movie of the model (Spark's
   * `recommendForAllItems`), streamed in chunks of `chunkSize` movies (default 4096).
   */
  async *topUsersForAllItems(opts: { n?: number; chunkSize?: number } = {}): AsyncGenerator<{ item: number; users: ScoredUser[] }[]> {
    const { chunkSize = 4096, ...rest } = opts;
    checkCount(chunkSize, 'chunkSize');
    checkOptions('topUsers', rest);
    checkCount(rest.n);
    const items = await this.call((api) => api.models.itemIds(this.handle));
    for (let a = 0; a < items.length; a += Math.max(1, chunkSize)) {
      const part = items.slice(a, a + Math.max(1, chunkSize));
      const lists = await this.call((api) => api.models.topUsersForItems(this.handle, part, rest.n ?? 10));
      yield Array.from(part, (item, j) => ({ item, users: lists[j]! }));
    }
  }

  /**
   * Recommendations for someone new, from a few ratings: fold-in (b_u then
   * p_u with the movies fixed), then the score `mu + q·p/|q| + 0.05 b_i` (the item's
   * direction, not its length: docs/accuracy.md) over unrated movies with at least
   * `minRatings` (default `info.listMinRatings`, 50 on MovieLens data) ratings.
   */
  async recommendForNewUser(rated: RatedMovie[], opts: RecommendOptions = {}): Promise<Scored[]> {
    const req = listRequest(opts);
    const { items, ratings } = unzip(rated);
    return this.call((api) => api.models.recommendNew(this.handle, items, ratings, req));
  }

  /**
   * A Bayesian model's predicted ratings of `items` for someone new who
   * rated `rated`, with their posterior predictive standard deviations (the
   * new user's posterior given the model's posterior means; docs/bayes.md).
   * `recommendForNewUser` on a Bayesian model ranks by the same fold-in.
   * INVALID_PARAM on a model trained by ALS.
   */
  async predictForNewUser(rated: RatedMovie[], items: ArrayLike<number>): Promise<{ mean: Float32Array; std: Float32Array }> {
    const { items: ri, ratings } = unzip(rated);
    const targets = rawIds(items, 'item');
    return this.call((api) => api.models.predictNewUser(this.handle, ri, ratings, targets));
  }

  /**
   * The bias and factors a new user would get (implicit's `recalculate_user`); nothing is stored.
   * An implicit model takes the events' values as `rating`s and solves its weighted ridge system
   * exactly (bias 0).
   */
  async foldInUser(rated: RatedMovie[]): Promise<{ bias: number; factors: Float32Array }> {
    const { items, ratings } = unzip(rated);
    return this.call((api) => api.models.foldIn(this.handle, items, ratings));
  }

  /** Movies whose factor vectors have the largest cosine (`score`) with `item`'s; `items`/`exclude` filter them. */
  async similarItems(item: number, opts: RecommendOptions = {}): Promise<Scored[]> {
    const i = rawId(item, 'item');
    const req = listRequest(opts);
    return this.call((api) => api.models.similarItems(this.handle, i, req));
  }

  /**
   * Training users whose factor vectors have the largest cosine with
   * `user`'s (implicit's `similar_users`). Here `items` and `exclude` are
   * lists of user ids, and `minRatings` counts the users' training ratings.
   */
  async similarUsers(user: number, opts: Omit<RecommendOptions, 'filterRated'> = {}): Promise<ScoredUser[]> {
    const u = rawId(user, 'user');
    const req = listRequest(opts);
    return this.call((api) => api.models.similarUsers(this.handle, u, req));
  }

  /**
   * Predictions for the pairs whose user and movie the model knows, the
   * others dropped (Spark's `coldStartStrategy: 'drop'`): `users[j]`,
   * `items[j]` and `predictions[j]` describe the kept pairs, in input order.
   */
  async predictKnown(users: ArrayLike<number>, items: ArrayLike<number>): Promise<{ users: Uint32Array; items: Uint32Array; predictions: Float32Array }> {
    const u = rawIds(users, 'user');
    const i = rawIds(items, 'item');
    const all = await this.call((api) => api.models.predict(this.handle, u.slice(), i.slice(), 'nan'));
    const keep = all.reduce<number[]>((acc, v, j) => (Number.isNaN(v) ? acc : (acc.push(j), acc)), []);
    return { users: Uint32Array.from(keep, (j) => u[j]!), items: Uint32Array.from(keep, (j) => i[j]!), predictions: Float32Array.from(keep, (j) => all[j]!) };
  }

  /** Movies by id or by title substring (most-rated first); `score` is the training count. */
  async findMovies(query: string | number, limit = 10): Promise<Scored[]> {
    checkCount(limit, 'limit');
    return this.call((api) => api.models.findMovies(this.handle, query, limit));
  }

  /** Movie ids, training counts, biases and factors (`itemIds.length × factors`, row-major). */
  async itemTable(): Promise<{ itemIds: Uint32Array; counts: Uint32Array; biases: Float32Array; factors: Float32Array }> {
    return this.call((api) => api.models.itemTable(this.handle));
  }

  /**
   * The model as bytes of a model file (docs/model-format.md): parameters,
   * ids, biases, factors, counts, the genre part and the training ratings
   * (so a loaded model still filters rated movies and explains).
   *
   * @example
   * await writeFile('model.als', await model.save());
   * const again = await engine.loadModel(await readFile('model.als'));
   *
   * `provenance` (the split and `ratings.fingerprint()` of the whole data set)
   * is stored with the model and comes back as `info.provenance`.
   */
  async save(opts: { provenance?: Provenance } = {}): Promise<Uint8Array> {
    return this.call((api) => api.modelFiles.save(this.handle, opts.provenance));
  }

  /**
   * Why training user `user` gets its score for `item`: the baseline
   * `mu + b_u + b_i`, and `factorScore = p_u·q_i` split over the movies the
   * user rated (the `n`, default 10, with the largest |weight|) plus a
   * `residual`. Needs the training ratings (not kept by `modelFromNpyFiles`).
   *
   * @example
   * const e = await model.explain(1, 318, { n: 5 });
   * e.contributions[0]; // { item: 296, rating: 5, weight: 0.21, title: 'Pulp Fiction (1994)' }
   */
  async explain(user: number, item: number, opts: { n?: number } = {}): Promise<Explanation> {
    const [u, i] = [rawId(user, 'user'), rawId(item, 'item')];
    checkOptions('explain', opts);
    checkCount(opts.n);
    return this.call((api) => api.models.explain(this.handle, u, i, opts.n ?? 10));
  }

  /**
   * The reference implementation's most and least "polarizing" movies: the largest and smallest
   * `‖q_i‖` (`score`) among movies with at least `minRatings` (default 100)
   * training ratings; `n` (default 10) of each.
   */
  async polarizing(opts: { n?: number; minRatings?: number } = {}): Promise<{ most: Scored[]; least: Scored[] }> {
    checkOptions('polarizing', opts);
    checkCount(opts.n);
    checkCount(opts.minRatings, 'minRatings');
    return this.call((api) => api.models.polarizing(this.handle, opts.n ?? 10, opts.minRatings ?? 100));
  }

  /**
   * A 2-D map of the `n` (default 500) most-rated movies: the factors when
   * K ≤ 2, else their first two principal components (deterministic signs).
   */
  async itemMap(opts: { n?: number } = {}): Promise<ItemMap> {
    checkOptions('itemMap', opts);
    checkCount(opts.n);
    return this.call((api) => api.models.itemMap(this.handle, opts.n ?? 500));
  }

  /** Ids, factors (row-major, `k` per row), biases, counts, `mu` and parameters, as typed-array copies. */
  async exportArrays(): Promise<ModelArrays> {
    return this.call((api) => api.modelFiles.exportArrays(this.handle));
  }

  /**
   * NumPy files: `user_factors.npy`, `item_factors.npy`, `user_biases.npy`,
   * `item_biases.npy`, `user_ids.npy`, `item_ids.npy`, `user_counts.npy`,
   * `item_counts.npy` and `meta.json` (`mu`, `k`, `params`). In Python,
   * `mu + bu[u] + bi[i] + P[u] @ Q[i]` is the prediction (in float32).
   */
  async toNpyFiles(): Promise<Record<string, Uint8Array>> {
    return npyFilesOf(await this.exportArrays());
  }

  /** `item_factors.csv` (`movieId,bias,f0,…`) and `user_factors.csv` (`userId,bias,f0,…`). */
  async toCsvFiles(): Promise<Record<string, string>> {
    return csvFilesOf(await this.exportArrays());
  }

  /**
   * The model as a saved Spark MLlib `ALSModel` directory (relative path →
   * bytes; write them under one directory and `ALSModel.load` it). Biases
   * are folded into two extra factor columns (rank K+2) so Spark's
   * `transform` gives this model's `predict` (docs/spark.md). Ids above
   * 2³¹ − 1 reject with UNSUPPORTED.
   */
  async toSparkModel(opts: SparkExportOptions = {}): Promise<SparkModelFiles> {
    return sparkFilesOf(await this.exportArrays(), opts);
  }

  /** Free the worker's copy. */
  async dispose(): Promise<void> {
    await this.call((api) => api.dispose(this.handle));
  }
}

/** Items and ratings of a new user's list, validated (ids `INVALID_ID`, ratings finite). */
function unzip(rated: RatedMovie[]): { items: Uint32Array; ratings: Float32Array } {
  if (!Array.isArray(rated)) throw new AlsError('INVALID_PARAM', 'rated must be an array of { item, rating }', { name: 'rated' });
  const items = rawIds(rated.map((r) => r?.item), 'item');
  const ratings = Float32Array.from(rated, (r, j) => {
    if (typeof r.rating !== 'number' || !Number.isFinite(r.rating)) {
      throw new AlsError('INVALID_RATING', `rating at index ${j} must be a finite number, got ${String(r.rating)}`, { index: j, value: String(r.rating) });
    }
    return r.rating;
  });
  return { items, ratings };
}

function checkUnknownPolicy(unknown: unknown): void {
  if (unknown !== 'error' && unknown !== 'nan' && unknown !== 'baseline') {
    throw new AlsError('INVALID_PARAM', `unknown must be 'error', 'nan' or 'baseline', got ${String(unknown)}`, { name: 'unknown', value: String(unknown), expected: "'error', 'nan' or 'baseline'" });
  }
}
