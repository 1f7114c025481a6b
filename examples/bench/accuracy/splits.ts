/**
 * The accuracy benchmark's data: seeded 80/20 splits written once as `userId,movieId,rating`
 * files, which both als-wasm and Surprise then read, so both sides score the same ratings.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Engine } from 'als-wasm';

import { generateMovieLens } from '../../../ts/synth/write_files.js';

/** One data set of the benchmark: where its ratings and movies are. */
export interface BenchSet { name: string; dir: string }

/** One split on disk. */
export interface SplitFiles { seed: number; train: string; test: string }

/** A synthetic MovieLens-shaped set with planted genre-correlated factors, generated once. */
export async function syntheticSet(ratings: number): Promise<BenchSet> {
  const dir = join('.bench', 'accuracy', `synth-${ratings}`);
  if (!existsSync(join(dir, 'ratings.csv'))) await generateMovieLens(dir, { ratings, seed: 7 });
  return { name: `synthetic ${ratings.toLocaleString('en-US')}`, dir };
}

/** Write (or reuse) the 80/20 split of `set` for each seed, made by the engine's seeded split. */
export async function writeSplits(engine: Engine, set: BenchSet, seeds: number[]): Promise<SplitFiles[]> {
  const out: SplitFiles[] = [];
  const base = join('.bench', 'accuracy', 'splits', set.name.replace(/[^a-z0-9]+/gi, '-'));
  const todo = seeds.filter((seed) => !existsSync(join(base, `seed-${seed}`, 'test.csv')));
  const all = todo.length > 0 ? await engine.loadRatings(join(set.dir, 'ratings.csv')) : undefined;
  for (const seed of seeds) {
    const dir = join(base, `seed-${seed}`);
    const files = { seed, train: join(dir, 'train.csv'), test: join(dir, 'test.csv') };
    if (all && todo.includes(seed)) {
      mkdirSync(dir, { recursive: true });
      const { train, test } = await all.split({ testRatio: 0.2, seed });
      writeFileSync(files.train, await csv(train));
      writeFileSync(files.test, await csv(test));
      await train.dispose();
      await test.dispose();
    }
    out.push(files);
  }
  await all?.dispose();
  return out;
}

async function csv(r: { toArrays(): Promise<{ users: Uint32Array; items: Uint32Array; ratings: Float32Array }> }): Promise<string> {
  const { users, items, ratings } = await r.toArrays();
  const lines = ['userId,movieId,rating'];
  for (let j = 0; j < users.length; j++) lines.push(`${users[j]},${items[j]},${ratings[j]}`);
  return `${lines.join('\n')}\n`;
}
