/** Integrity across the worker boundary: detector options, the suspicious users and items they list, and injection experiments. */

/** Options of the detectors (see `crate/src/integrity`). */
export interface DetectOptions {
  /** Users and items listed (most suspicious first). Default 20. */
  top?: number;
  /** Ratings (and taste examples) per explanation. Default 5. */
  explain?: number;
  /** Assignment rounds of the two-taste test. Default 6. */
  twoTasteIters?: number;
  /** Shilling score above which a profile's extreme ratings count towards item anomalies. Default 4. */
  suspiciousScore?: number;
  /** Profiles with at most this many ratings also count as low-history raters for item anomalies. Default 0. */
  lowHistory?: number;
}

/** The ratings that drive a user's score, largest weight first (parallel typed arrays). */
export interface DrivingRatings {
  movieIds: Uint32Array;
  ratings: Float32Array;
  predicted: Float32Array;
  itemMeans: Float32Array;
  itemCounts: Float32Array;
  /** `|r − item mean|` (shilling) or the squared residual (shared). */
  weights: Float32Array;
  /** Titles of `movieIds` when the model has a catalog. */
  titles?: (string | undefined)[];
}

/** One of the two tastes the two-taste test found in a profile. */
export interface Taste {
  size: number;
  meanRating: number;
  topMovieIds: Uint32Array;
  bottomMovieIds: Uint32Array;
  /** Titles of `topMovieIds` when the model has a catalog. */
  topTitles?: (string | undefined)[];
}

/** A suspicious user with the evidence. */
export interface SuspiciousUser {
  userId: number;
  score: number;
  stats: {
    count: number; residualMean: number; residualVar: number; residualMad: number; extremeFraction: number;
    ratingVar: number; ratingEntropy: number; itemMeanDeviation: number; rdma: number; popularity: number; twoTasteGain: number;
    /** `‖Σ c_j q_j‖² / Σ ‖c_j q_j‖²`: how much the profile's ratings pull its factor vector one way (low = tastes cancel). */
    tasteCoherence: number;
    /** Second eigenvalue of the rated movies' co-rating affinity (near 1 = two groups others rarely rate together). */
    itemCommunity: number;
  };
  ratings: DrivingRatings;
  /** Shared-account list only: the two tastes. */
  tastes: [Taste, Taste] | null;
}

/** An item with a burst of extreme ratings from suspicious profiles. */
export interface SuspiciousItem {
  movieId: number;
  title?: string;
  count: number;
  suspiciousExtreme: number;
  /** Binomial z-score of that count. */
  z: number;
  /** > 0 pushed, < 0 nuked (mean of those ratings minus the others' mean). */
  direction: number;
  userIds: Uint32Array;
}

/** Scores of every user (`userIds` order) and the ranked, explained lists. */
export interface IntegrityReport {
  userIds: Uint32Array;
  shilling: Float32Array;
  shared: Float32Array;
  topShilling: SuspiciousUser[];
  topShared: SuspiciousUser[];
  items: SuspiciousItem[];
}

/** Attacks the harness injects. */
export type InjectKind = 'random' | 'average' | 'bandwagon' | 'segment' | 'shared';

/** Options of an injection experiment. */
export interface ExperimentOptions extends DetectOptions {
  inject: InjectKind;
  /** Profiles added (pairs merged for `shared`) as a fraction of users. Default 0.03. */
  attackSize?: number;
  /** Filler items per profile as a fraction of items. Default 0.05. */
  filler?: number;
  seed?: number;
  /** Push (top rating, default) or nuke (lowest) the target. */
  intent?: 'push' | 'nuke';
  /** Target movieId; default a seeded pick among movies with >= 20 ratings. */
  target?: number;
}

/** What one experiment measured. */
export interface ExperimentResult {
  detector: 'shilling' | 'shared';
  auc: number;
  precisionAtK: number;
  recallAtK: number;
  /** Number of injected (or merged) profiles; precision and recall are of the top k. */
  k: number;
  users: number;
  targetMovieId: number | null;
  /** Place of the target in the suspicious-item list (0 = first), null when not listed. */
  targetItemRank: number | null;
  /** Mean predicted rating of the target over real users: before, after, after removing the top-k flagged and retraining. */
  shift: { before: number; after: number; afterRemoval: number; users: number } | null;
}
