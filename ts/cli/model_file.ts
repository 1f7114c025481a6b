/**
 * Model files for `--model FILE` and `train --out FILE`. The `.als` file holds the model only;
 * titles come from `--movies FILE|DIR` or `--data DIR` (a MovieLens directory).
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { AlsError, type AlsModel, type Catalog, type Engine, type Provenance } from '../node.js';
import { UsageError } from './command_context.js';
import { type DataOptions, loadCatalog, mustExist } from './data.js';
import { checkModelData } from './provenance_check.js';

/** Options of commands that take a model. */
export interface ModelOptions extends DataOptions {
  model?: string;
  movies?: string;
  data?: string;
}

/** Load `--model` (required), with the catalog from `--movies` or `--data` when given. */
export async function openModel(engine: Engine, opts: ModelOptions): Promise<{ model: AlsModel; catalog?: Catalog }> {
  if (opts.model === undefined) throw new UsageError('this command needs --model FILE (write one with `als-wasm train --out FILE`)');
  mustExist(opts.model, 'model file');
  if (statSync(opts.model).isDirectory()) {
    throw new AlsError('NOT_A_FILE', `--model names a directory, not a model file: ${opts.model}`, { path: opts.model });
  }
  const titles = opts.movies ?? opts.data;
  const catalog = titles === undefined ? undefined : await loadCatalog(engine, titles);
  const model = await loadModelFile(engine, opts.model, catalog);
  if (opts.data !== undefined) await checkModelData(engine, model, opts.data, opts);
  return { model, catalog };
}

/** Read a model file; a `FORMAT` error names the file it came from. */
async function loadModelFile(engine: Engine, path: string, catalog: Catalog | undefined): Promise<AlsModel> {
  try {
    return await engine.loadModel(readFileSync(path), { catalog });
  } catch (e) {
    if (e instanceof AlsError && e.code === 'FORMAT') throw new AlsError('FORMAT', `${path}: ${e.message}`, { ...e.details, file: path });
    throw e;
  }
}

/**
 * Fail before any work if `path` cannot be written: its directory must exist and be writable,
 * and `path` itself must not be a directory (`NOT_WRITABLE`, exit 1).
 */
export function checkWritable(path: string, option: string): void {
  const dir = dirname(resolve(path));
  const why = !existsSync(dir) ? `its directory ${dirname(path)} does not exist`
    : !statSync(dir).isDirectory() ? `${dirname(path)} is not a directory`
      : existsSync(path) && statSync(path).isDirectory() ? 'it is a directory'
        : !canWrite(existsSync(path) ? path : dir) ? 'permission denied' : undefined;
  if (why !== undefined) throw new AlsError('NOT_WRITABLE', `${option} ${path} cannot be written: ${why}`, { path, option });
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Write `model` to `path`; returns the byte count. */
export async function saveModel(model: AlsModel, path: string, provenance?: Provenance): Promise<number> {
  const bytes = await model.save({ provenance });
  writeFileSync(path, bytes);
  return bytes.byteLength;
}
