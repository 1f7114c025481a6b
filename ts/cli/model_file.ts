/**
 * Model files for `--model FILE` and `train --out FILE`. The `.als` file holds the model only;
 * titles come from `--movies FILE|DIR` or `--data DIR` (a MovieLens directory).
 */
import { readFileSync, writeFileSync } from 'node:fs';

import type { AlsModel, Catalog, Engine } from '../node.js';
import { UsageError } from './command_context.js';
import { loadCatalog, mustExist } from './data.js';

/** Options of commands that take a model. */
export interface ModelOptions {
  model?: string;
  movies?: string;
  data?: string;
}

/** Load `--model` (required), with the catalog from `--movies` or `--data` when given. */
export async function openModel(engine: Engine, opts: ModelOptions): Promise<{ model: AlsModel; catalog?: Catalog }> {
  if (opts.model === undefined) throw new UsageError('this command needs --model FILE (write one with `als-wasm train --out FILE`)');
  mustExist(opts.model, 'model file');
  const titles = opts.movies ?? opts.data;
  const catalog = titles === undefined ? undefined : await loadCatalog(engine, titles);
  const model = await engine.loadModel(readFileSync(opts.model), { catalog });
  return { model, catalog };
}

/** Write `model` to `path`; returns the byte count. */
export async function saveModel(model: AlsModel, path: string): Promise<number> {
  const bytes = await model.save();
  writeFileSync(path, bytes);
  return bytes.byteLength;
}
