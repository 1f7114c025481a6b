/** Environment-neutral exports of als-wasm; `node.ts` and `browser.ts` add `createEngine`. */
export { Engine, VERSION } from './engine.js';
export type { EngineOptions, FitOptions, LoadControlOptions, LoadEventsOptions, RatingsColumns } from './engine.js';
export { Catalog, Ratings, type SplitOptions } from './dataset.js';
export type { CatalogSummary, RatingsDescription } from './worker/api.js';
export { AlsModel } from './model.js';
export { type Fingerprint, type Provenance, sameData } from './provenance.js';
export { type AutoOptions, conventionalParams, DEFAULT_PARAMS, type AlsParams, type FitParams, type Preset, PRESETS, SEED_PARAMS } from './params.js';

export type { LoadMoviesOptions, LoadRatingsOptions, RatingsSummary } from './worker/data_ops.js';
export type { IngestProgress, MoviesFormat, OnInvalid, RatingsFormat } from './ingest/index.js';

export type { ModelArrays, ModelPartsInput } from './worker/model_files.js';
export { fromNpy, toNpy, type NpyArray } from './npy.js';
export type { NpyMeta } from './model_export.js';
export type { SparkImportProgress, SparkImportRequest, SparkModelFile, SparkModelSource } from './spark/import.js';
export type { SparkExportOptions, SparkModelFiles } from './spark/export.js';
export type { DataSource } from './worker/sources.js';
export type { SynthOptions } from './synth/index.js';
export { ALS_ERROR_CODES, AlsError } from './errors.js';
export { MAX_ID } from './ids.js';
export type { AlsErrorCode } from './errors.js';
export type { CoreFallback, CoreInfo, CoreVariant } from './worker/core_module.js';
export type { RidgeSolveInput, RidgeSolveOutput } from './types.js';
export { rankingMetricsAtK, type RankingAtK, type RankingMetrics, type RankingOptions } from './evaluate.js';
export type { ImplicitOptions } from './feedback.js';
export { type Fitter, gridSearch, type GridKey, type GridResult, type GridSearchOptions, type ParamGrid, scoreConfigs } from './tune.js';
export { detectSuspicious, runIntegrityExperiment } from './integrity.js';
export type {
  DetectOptions, DrivingRatings, ExperimentOptions, ExperimentResult, InjectKind, IntegrityReport, SuspiciousItem, SuspiciousUser, Taste,
} from './integrity.js';
export { fitEarlyStopped, type EarlyStopReport, type ValidationStop } from './early_stop.js';
export { autoFit, type AutoFitOptions, type AutoReport, type AutoRung } from './auto.js';
export type { Contribution, EpochStats, Explanation, ItemMap, ModelInfo, RatedMovie, RecommendOptions, Scored, ScoredUser, UnknownIdPolicy } from './protocol.js';
