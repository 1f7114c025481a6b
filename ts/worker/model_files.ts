/** Worker-side model persistence: model files, Spark models and the raw arrays a model is made of. */
import * as Comlink from 'comlink';

import type { ItemCatalog } from '../ingest/index.js';
import type { AlsParams } from '../params.js';
import type { ModelArrays, ModelPartsInput } from '../protocol/index.js';
import type { Provenance } from '../provenance.js';
import { readSparkModel, type DirLister, type SparkImportProgress, type SparkImportRequest, type SparkModelSource } from '../spark/import.js';
import type { CoreModel, CoreRatings } from '../wasm/als_core.js';
import type { CoreExports } from './core_module.js';
import type { HeldModel } from './model_ops.js';
import { type CoreSession, finishCall } from './session.js';
import type { FileOpener } from './sources.js';

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

/** @internal The `modelFiles` part of the worker API, reached as `api.modelFiles.*`: models in and out of files and arrays. */
export class ModelFilesApi {
  constructor(private readonly session: CoreSession, private readonly openFile?: FileOpener, private readonly listDir?: DirLister) {}

  /** The model as a model file (docs/model-format.md). */
  save(handle: number, provenance?: Provenance): Uint8Array {
    return this.session.guard(() => {
      // Genre labels are written only with a genre part; labels read from a file win.
      const m = this.model(handle);
      if (provenance !== undefined) {
        const { split, seed, testRatio, data } = provenance;
        m.core.setProvenance(split, seed, testRatio, data.ratings, data.users, data.items, data.idHash);
      }
      return saveModel(m.core, m.catalog?.genres ?? []);
    });
  }

  /** Read a model file into a new model handle, described by `catalog` if given. */
  loadModel(bytes: Uint8Array, catalog?: number): number {
    return this.session.guard((core) => this.hold(core.loadModel(bytes), catalog));
  }

  /** A model from raw arrays (no training ratings), as a new handle. */
  modelFromArrays(arrays: ModelPartsInput, catalog?: number): number {
    return this.session.guard((core) => this.hold(modelFromArrays(core, arrays), catalog));
  }

  /** Ids, factors, biases and counts of a model (copies, transferred). */
  exportArrays(handle: number): ModelArrays {
    return this.session.guard(() => arraysOf(this.model(handle).core));
  }

  /** A saved Spark ALSModel (`ts/spark/import.ts`) as a new model handle. */
  async importSparkModel(source: SparkModelSource, req: SparkImportRequest & { catalog?: number; ratings?: number }, onProgress?: (p: SparkImportProgress) => void): Promise<number> {
    const { catalog, ratings, ...rest } = req;
    const handles = this.session.handles;
    const train = ratings === undefined ? undefined : this.session.guard(() => handles.get<CoreRatings>(ratings, 'ratings'));
    const parts = await readSparkModel(source, rest, this.openFile, this.listDir, onProgress).finally(() => finishCall({}, onProgress));
    const handle = this.modelFromArrays(parts, catalog);
    if (train) {
      try {
        this.session.guard(() => this.model(handle).core.attachRatings(train));
      } catch (e) {
        handles.free(handle);
        throw e;
      }
    }
    return handle;
  }

  private model(handle: number): HeldModel {
    return this.session.handles.get<HeldModel>(handle, 'model');
  }

  private hold(core: CoreModel, catalog?: number): number {
    try {
      const held: HeldModel = { core, catalog: catalog === undefined ? undefined : this.session.handles.get<ItemCatalog>(catalog, 'catalog') };
      return this.session.handles.add('model', held);
    } catch (e) {
      core.free();
      throw e;
    }
  }
}
