/**
 * Environment-neutral ingestion API (safe for browser bundles and workers). Node-only pieces
 * live in `node_files.ts` (files, directories) and `download.ts` (`als-wasm download`).
 */
export { IngestError, type IngestErrorCode, type IngestErrorDetails, type IngestProgress, type OnInvalid, type SkipCounts } from './errors.js';
export { RATINGS_CSV, RATINGS_DAT, RATINGS_U_DATA, type RatingsFormat } from './ratings_format.js';
export { parseMovies, type ByteChunks, type MoviesOptions, type ItemCatalog } from './movies.js';
export { MOVIELENS_VARIANTS, U_ITEM_GENRES, type MovieLensLayout, type MoviesFormat, type MoviesEncoding } from './movielens_variants.js';
export { blobChunks } from './blob_chunks.js';
