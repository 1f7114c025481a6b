/** Environment-neutral exports of als-wasm; `node.ts` and `browser.ts` add `createEngine`. */
export { Engine, VERSION } from './engine.js';
export type { EngineOptions, FitOptions } from './engine.js';
export { Catalog, Ratings, type SplitOptions } from './dataset.js';
export { AlsModel, type ModelInfo, type RatedMovie } from './model.js';
export { conventionalParams, DEFAULT_PARAMS, type AlsParams } from './params.js';
export type { EpochStats } from './worker/fit_ops.js';
export type { LoadMoviesOptions, LoadRatingsOptions } from './worker/data_ops.js';
export type { RecommendOptions, Scored, UnknownIdPolicy } from './worker/model_queries.js';
export type { DataSource } from './worker/sources.js';
export type { SynthOptions } from './synth/index.js';
export { AlsError } from './errors.js';
export type { AlsErrorCode } from './errors.js';
export type { CoreFallback, CoreInfo, CoreVariant } from './worker/core_module.js';
export type { RidgeSolveInput, RidgeSolveOutput } from './types.js';
