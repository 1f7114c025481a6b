/**
 * Models across the worker boundary: model summaries, list options and
 * results, explanations, epoch statistics, and the raw arrays a model is
 * made of.
 */
import type { AlsParams } from '../params.js';
import type { Provenance } from '../provenance.js';
import type { RankingAtK } from './ranking.js';

/** Sizes and parameters of a trained model. */
export interface ModelInfo {
  params: AlsParams;
  /** Mean training rating. */
  mu: number;
  userCount: number;
  itemCount: number;
  /** The split and data set it was trained from, when recorded (`save({ provenance })`). */
  provenance?: Provenance;
  /** Set for a Bayesian model (`method: 'bayes'`): kept samples, burn-in sweeps, posterior mean noise std. */
  posterior: { samples: number; burnIn: number; noiseStd: number } | null;
  /**
   * The `minRatings` of `recommend` and `recommendForNewUser` when unset: for explicit ratings
   * `min(50, ⌈ratings of the most-rated movie / 4⌉)`, for implicit feedback 0.
   */
  listMinRatings: number;
}

/** A movie someone rated, for new-user recommendations. */
export interface RatedMovie {
  /** MovieLens `movieId`. */
  item: number;
  rating: number;
}

/** What to do with an id the model never saw: fail (default), NaN, or mu + known biases. */
export type UnknownIdPolicy = 'error' | 'nan' | 'baseline';

/** Options of recommendation lists. */
export interface RecommendOptions {
  /** List length. Default 10. */
  n?: number;
  /**
   * Skip movies with fewer training ratings. Default for `recommend` and `recommendForNewUser`:
   * the model's `info.listMinRatings` (50 on MovieLens data: a movie rated a handful of times has
   * a factor vector fitted to those few ratings, docs/accuracy.md); 0 for the similarity lists.
   */
  minRatings?: number;
  /** Leave out movies the user rated in training. Default true. */
  filterRated?: boolean;
  /**
   * Weight of the movie bias in the score `mu + q_i·p_u + biasWeight · b_i`
   * of `recommend`: the reference implementation's 0.05 by default; 1 ranks by predicted rating
   * (Spark's `recommendForAllUsers`).
   */
  biasWeight?: number;
  /**
   * `recommend` on a model of explicit ratings ranks by `q_i·p_u / |q_i|`, the movie's direction
   * (default true), which keeps long, rarely-rated vectors from crowding the list; `false` gives the
   * plain `q_i·p_u` (with `biasWeight: 1`, the predicted rating that Spark ranks by). Implicit
   * models default to `false`. New users are always ranked by direction.
   */
  byDirection?: boolean;
  /**
   * Only these movies (raw ids) may be listed: an allow-list, e.g. what is
   * in stock (implicit's `items`). Ids the model does not know are ignored.
   */
  items?: ArrayLike<number>;
  /** Movies (raw ids) never to list (implicit's `filter_items`). Unknown ids are ignored. */
  exclude?: ArrayLike<number>;
}

/** @internal List options as the worker receives them (id lists validated into typed arrays). */
export interface ListRequest {
  n: number;
  /** Unset: the model's default (`ModelInfo.listMinRatings`). */
  minRatings?: number;
  biasWeight: number;
  /** Unset: the model's default (explicit: true). */
  byDirection?: boolean;
  filterRated: boolean;
  items?: Uint32Array;
  exclude: Uint32Array;
}

/** A scored training user (see `AlsModel.similarUsers`, `AlsModel.topUsersForItems`). */
export interface ScoredUser {
  /** Raw user id. */
  user: number;
  /** `similarUsers`: the cosine of the two users' factor vectors. `topUsersForItems`: the predicted rating. */
  score: number;
}

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

/** What one rated movie adds to the factor part of a score (see `AlsModel.explain`). */
export interface Contribution {
  /** MovieLens `movieId` the user rated. */
  item: number;
  /** The user's training rating of it (an implicit model: the event's count or weight). */
  rating: number;
  /**
   * Its share of `factorScore`: `lambda (r_uj − mu − b_u − b_j) q_iᵀ A_u⁻¹ q_j`; for an
   * implicit model `c_uj q_iᵀ A_u⁻¹ q_j` (confidence `c_uj`; `implicit`'s `explain`).
   */
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

/** Metrics after one epoch. `test*` are null without an evaluation set. */
export interface EpochStats {
  epoch: number;
  trainRmse: number;
  trainMae: number;
  testRmse: number | null;
  testMae: number | null;
  /** The training objective L (the reference parameterization). */
  objective: number;
  /** Wall time of this epoch, metrics included. */
  seconds: number;
  /** Where the epoch's time went, measured in the core: the user step, */
  userStepSeconds?: number;
  /** the item step, */
  itemStepSeconds?: number;
  /** and the train/test metrics and objective. */
  metricsSeconds?: number;
}

/**
 * Ranking metrics at one cut-off `k` as the core returns them: the shape of the public
 * `RankingAtK`, with means of 0 where no user was scored (`ranking_request.ts` makes them NaN).
 */
export type CutoffMetrics = RankingAtK;

/**
 * Everything needed to predict, as typed arrays in the model's dense order
 * (row `d` of the user arrays is user `userIds[d]`). Factors are row-major,
 * `k` values per row. Counts are training ratings per user / movie.
 */
export interface ModelArrays {
  userIds: Uint32Array;
  itemIds: Uint32Array;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  userBiases: Float32Array;
  itemBiases: Float32Array;
  userCounts: Uint32Array;
  itemCounts: Uint32Array;
  /** Mean training rating. */
  mu: number;
  /** Latent factors K. */
  k: number;
  params: AlsParams;
}

/** What a model can be rebuilt from: `ModelArrays` with counts optional (0) and parameters partial (the reference implementation's). */
export type ModelPartsInput = Omit<ModelArrays, 'params' | 'k' | 'userCounts' | 'itemCounts'> & {
  params: Partial<AlsParams>;
  k?: number;
  userCounts?: Uint32Array;
  itemCounts?: Uint32Array;
};
