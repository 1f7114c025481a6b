/** Environment-neutral exports of als-wasm; `node.ts` and `browser.ts` add `createEngine`. */
export { Engine, VERSION } from './engine.js';
export type { EngineOptions } from './engine.js';
export { AlsError } from './errors.js';
export type { AlsErrorCode } from './errors.js';
export type { CoreInfo } from './worker/core_module.js';
export type { RidgeSolveInput, RidgeSolveOutput } from './types.js';
