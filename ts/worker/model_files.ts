/** Worker-side model persistence: model files and the raw arrays a model is made of. */
import * as Comlink from 'comlink';

import type { AlsParams } from '../params.js';
import type { CoreModel } from '../wasm/als_core.js';
import type { CoreExports } from './core_module.js';
import type { ModelArrays, ModelPartsInput } from '../protocol/index.js';

/** @internal The arrays of `core` (fresh copies, transferred to the caller). */
export function arraysOf(core: CoreModel): ModelArrays {
  const info = core.info() as { params: AlsParams; mu: number };
  const a: ModelArrays = {
    userIds: core.userIds(),
    itemIds: core.itemIds(),
    userFactors: core.userFactors(),
    itemFactors: core.itemFactors(),
    userBiases: core.userBiases(),
    itemBiases: core.itemBiases(),
    userCounts: core.userCounts(),
    itemCounts: core.itemCounts(),
    mu: info.mu,
    k: info.params.factors,
    params: info.params,
  };
  const buffers = [a.userIds, a.itemIds, a.userFactors, a.itemFactors, a.userBiases, a.itemBiases, a.userCounts, a.itemCounts].map((t) => t.buffer as ArrayBuffer);
  return Comlink.transfer(a, buffers);
}

/** @internal A model file of `core` (see docs/model-format.md), transferred. */
export function saveModel(core: CoreModel, genreLabels: readonly string[]): Uint8Array {
  const bytes = core.save([...genreLabels]);
  return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
}

/** @internal A model rebuilt from arrays (no training ratings), e.g. NPY files; the core checks every length. */
export function modelFromArrays(core: CoreExports, a: ModelPartsInput): CoreModel {
  const params = { ...a.params, factors: a.k ?? a.params.factors };
  return core.modelFromParts({ ...a, params });
}
