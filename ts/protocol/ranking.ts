/** Ranking (top-N) evaluation across the worker boundary: its options and results. */

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
