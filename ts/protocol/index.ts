/**
 * The types that cross the engine's worker boundary and that the public API
 * takes and returns. Both the main-side classes and the worker depend on
 * this folder, never on each other.
 */
export type * from './core.js';
export type * from './data.js';
export type * from './integrity.js';
export type * from './models.js';
export type * from './ranking.js';
export type * from './ridge.js';
