/** Environment-neutral exports of als-wasm; `node.ts` and `browser.ts` add `createEngine`. */
export { Engine, VERSION } from './engine.js';
export type { FitOptions } from './engine.js';
export { Catalog } from './catalog.js';
export { Ratings, type SplitOptions } from './ratings.js';
export { AlsModel } from './model.js';
export { type Fingerprint, type Provenance, sameData } from './provenance.js';
export { type AutoOptions, conventionalParams, DEFAULT_PARAMS, type AlsParams, type FitParams, type Preset, PRESETS, SEED_PARAMS } from './params.js';

export type { IngestProgress, MoviesFormat, OnInvalid, RatingsFormat } from './ingest/index.js';

export { fromNpy, toNpy, type NpyArray } from './npy.js';
export type { NpyMeta } from './model_export.js';
export type { SparkImportProgress, SparkImportRequest, SparkModelFile, SparkModelSource } from './spark/import.js';
export type { SparkExportOptions, SparkModelFiles } from './spark/export.js';
export { ALS_ERROR_CODES, AlsError } from './errors.js';
export { MAX_ID } from './ids.js';
export type { AlsErrorCode } from './errors.js';
export { rankingMetricsAtK, rankingMetricsForNewUsers } from './evaluate.js';
export type { ImplicitOptions } from './feedback.js';
export { type Fitter, gridSearch, type GridKey, type GridResult, type GridSearchOptions, type ParamGrid, scoreConfigs } from './tune.js';
export { detectSuspicious, runIntegrityExperiment } from './integrity.js';
export { fitEarlyStopped, type EarlyStopReport, type ValidationStop } from './early_stop.js';
export { autoFit, type AutoFitOptions, type AutoReport, type AutoRung } from './auto.js';
export type {
  CatalogSummary, Contribution, CoreFallback, CoreInfo, CoreVariant, DataSource, DetectOptions, DrivingRatings, EngineOptions, EpochStats,
  ExperimentOptions, ExperimentResult, Explanation, InjectKind, IntegrityReport, ItemMap, LoadControlOptions, LoadEventsOptions, LoadMoviesOptions,
  LoadRatingsOptions, MemoryEstimate, MemoryPlan, MemoryUsage, ModelArrays, ModelInfo, ModelPartsInput, RankingAtK, RankingMetrics, RankingOptions, RatedMovie, RatingsColumns, RatingsDescription, RatingsSummary, RecommendOptions, RidgeSolveInput, RidgeSolveOutput,
  Scored, ScoredUser, SuspiciousItem, SuspiciousUser, SynthOptions, SynthShape, SynthSize, Taste, UnknownIdPolicy,
} from './protocol/index.js';
