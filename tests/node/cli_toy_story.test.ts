/**
 * Acceptance: with the default options, `train` on ml-latest-small, then `recommend --rate "1:5"`
 * (Toy Story rated 5) lists mostly Animation / Children's movies, and `similar --movie "toy story"`
 * finds mostly movies sharing those genres; `recommend --user` lists movies with enough ratings to
 * be known, not ones a handful of people rated. `train --preset seed` is the reference
 * implementation's parameterization, whose one-rating fold-in is all popularity.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { cli } from './cli_run.js';

const small = fileURLToPath(new URL('../../../shared/data/ml-latest-small', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'als-cli-toy-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const skip = existsSync(small) ? false : `no ${small}`;

type Listed = { title: string; genres: string[] };
const family = (l: Listed[]) => l.filter((s) => s.genres.includes('Animation') || s.genres.includes('Children'));
const titles = (l: Listed[]) => l.map((s) => s.title).join(' | ');

describe('a default-trained model gives a one-rating user a taste of their own', { skip }, () => {
  const model = join(tmp, 'small.als');
  let train: ReturnType<typeof cli>;
  before(() => {
    train = cli(['train', small, '--out', model, '--samples', '0', '--threads', '2', '--json']);
  });

  it('trains with the defaults: ALS-WR K=64, the genre prior (genres are known), early stopping', () => {
    assert.equal(train.code, 0, train.stderr);
    const t = train.json<{ params: Record<string, unknown>; earlyStop: { bestEpoch: number; maxEpochs: number }; epochs: { testRmse: number }[] }>();
    assert.equal(t.params.factors, 64);
    assert.equal(t.params.regularization, 'scaledFactors');
    assert.equal(t.params.genrePrior, true);
    assert.equal(t.earlyStop.maxEpochs, 30);
    assert.equal(t.epochs.length, t.earlyStop.bestEpoch);
    assert.ok(t.epochs.at(-1)!.testRmse < 0.85, `test RMSE ${t.epochs.at(-1)!.testRmse}`);
  });

  it('Toy Story rated 5 gives mostly Animation / Children', () => {
    const r = cli(['recommend', '--rate', '1:5', '--model', model, '--data', small, '--threads', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const recs = r.json<{ recommendations: Listed[] }>().recommendations;
    assert.equal(recs.length, 10);
    assert.ok(family(recs).length >= 5, `${family(recs).length}/10: ${titles(recs)}`);
  });

  it('the movies most like Toy Story share Animation or Children', () => {
    const r = cli(['similar', '--movie', 'toy story', '--model', model, '--data', small, '--threads', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const sims = r.json<{ similar: Listed[] }>().similar;
    assert.equal(sims.length, 10);
    assert.ok(family(sims).length >= 6, `${family(sims).length}/10: ${titles(sims)}`);
  });

  it('a training user\'s list holds movies with at least 50 ratings, as the JSON says', () => {
    const counts = new Map<number, number>();
    for (const line of readFileSync(join(small, 'ratings.csv'), 'utf8').split('\n').slice(1)) {
      const movie = Number(line.split(',')[1]);
      if (line !== '') counts.set(movie, (counts.get(movie) ?? 0) + 1);
    }
    for (const user of [1, 306, 414]) {
      const r = cli(['recommend', '--user', String(user), '--model', model, '--data', small, '--threads', '2', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const out = r.json<{ minRatings: number; recommendations: (Listed & { item: number })[] }>();
      assert.equal(out.minRatings, 50);
      assert.equal(out.recommendations.length, 10);
      const rare = out.recommendations.filter((s) => counts.get(s.item)! < 50);
      assert.deepEqual(rare, [], `user ${user}: ${titles(out.recommendations)}`);
    }
  });

  it('--preset seed trains the reference parameterization (K=20, uniform ridge, no prior)', () => {
    const r = cli(['train', small, '--preset', 'seed', '--patience', '0', '--epochs', '2', '--samples', '0', '--threads', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const t = r.json<{ params: Record<string, unknown>; earlyStop: unknown; epochs: unknown[] }>();
    assert.deepEqual([t.params.factors, t.params.regularization, t.params.genrePrior, t.earlyStop, t.epochs.length], [20, 'uniform', false, null, 2]);
  });

  it('--regularization seed still works as the deprecated name of uniform, with a warning', () => {
    const r = cli(['train', small, '--regularization', 'seed', '--patience', '0', '--epochs', '1', '--factors', '4', '--samples', '0', '--threads', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const t = r.json<{ params: Record<string, unknown>; warnings: string[] }>();
    assert.equal(t.params.regularization, 'uniform');
    assert.equal(t.warnings.filter((w) => /--regularization seed is deprecated/.test(w)).length, 1, t.warnings.join('; '));
  });
});
