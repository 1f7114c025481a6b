/**
 * Environment-neutral synthetic data API. The file writer (`generateMovieLens`) is Node-only
 * and lives in `write_files.ts`.
 */
export { generateRatings, SYNTH_GENRE_LABELS, type SyntheticRatings } from './generate.js';
export { SynthModel, synthShape, type SynthOptions, type UserRatings } from './synth_model.js';
export { Rng } from './prng.js';
