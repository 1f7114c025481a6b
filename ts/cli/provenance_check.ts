/**
 * Model commands against the split and data set a model records (`info.provenance`): `train`
 * writes it; `evaluate` defaults to the recorded split and refuses one that would score ratings
 * the model trained on; `--data` naming another data set than the model's is a warning.
 */
import { AlsError, type AlsModel, type Engine, type Provenance, type Ratings, sameData } from '../node.js';
import { type DataOptions, loadData } from './data.js';
import { warn } from './warnings.js';

/** What `train` records: the split it made and the whole data set's fingerprint. */
export async function provenanceOf(data: Ratings, split: { testFile?: string; testRatio: number; seed: number; heldOut: number }): Promise<Provenance> {
  const kind = split.testFile !== undefined ? 'testFile' : split.heldOut > 0 ? 'rating' : 'none';
  return { split: kind, seed: split.seed, testRatio: kind === 'rating' ? split.testRatio : 0, data: await data.fingerprint() };
}

/**
 * The random split `evaluate` should use: the one given, else the model's, else the defaults.
 * A split other than the model's (on the model's own data) would score training ratings:
 * `SPLIT_MISMATCH`, exit 1. A model that records nothing gets a warning.
 */
export function evaluationSplit(model: AlsModel, data: Ratings, given: { seed?: number; testRatio?: number }, fingerprint: Provenance['data']): { seed: number; testRatio: number } {
  const p = model.info.provenance;
  if (p === undefined) {
    warn('the model does not record its split (older file, or not written by `train --out`): make sure --seed and --test-ratio are the ones train used');
    return { seed: given.seed ?? 42, testRatio: given.testRatio ?? 0.1 };
  }
  if (!sameData(p.data, fingerprint)) {
    warn(`this data set (${data.count} ratings, ${data.userCount} users, ${data.itemCount} movies) is not the one the model was trained on (${p.data.ratings} ratings, ${p.data.users} users, ${p.data.items} movies)`);
    return { seed: given.seed ?? p.seed, testRatio: given.testRatio ?? (p.testRatio || 0.1) };
  }
  if (p.split !== 'rating') {
    const how = p.split === 'none' ? 'on every rating of this data set' : 'on every rating of this data set (scored on a test file)';
    throw new AlsError('SPLIT_MISMATCH', `the model was trained ${how}: a random held-out split of it would score training ratings; use --test FILE`, { split: p.split });
  }
  const seed = given.seed ?? p.seed, testRatio = given.testRatio ?? p.testRatio;
  if (seed !== p.seed || testRatio !== p.testRatio) {
    throw new AlsError('SPLIT_MISMATCH',
      `the model was trained with --seed ${p.seed} --test-ratio ${p.testRatio}; --seed ${seed} --test-ratio ${testRatio} would score ratings it trained on (omit them to use the model's split)`,
      { model: { seed: p.seed, testRatio: p.testRatio }, given: { seed, testRatio } });
  }
  return { seed, testRatio };
}

/** With `--data DIR` and a model that records its data set: warn when they differ (titles would be another set's). */
export async function checkModelData(engine: Engine, model: AlsModel, dataDir: string, opts: DataOptions): Promise<void> {
  const p = model.info.provenance;
  if (p === undefined) return;
  const { ratings } = await loadData(engine, dataDir, { ...opts, json: true });
  const now = await ratings.fingerprint();
  await ratings.dispose();
  if (!sameData(p.data, now)) {
    warn(`--data ${dataDir} (${now.ratings} ratings, ${now.items} movies) is not the data set the model was trained on (${p.data.ratings} ratings, ${p.data.items} movies): titles and filters may be wrong`);
  }
}
