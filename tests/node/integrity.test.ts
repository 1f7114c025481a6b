// Integrity through the public API on synthetic data: injected shilling
// profiles and merged accounts are found, explanations name real ratings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AlsError, createEngine, detectSuspicious, runIntegrityExperiment, type Engine, type Ratings } from 'als-wasm';

describe('integrity on a synthetic set', () => {
  let engine: Engine;
  let ratings: Ratings;
  before(async () => {
    engine = await createEngine({ threads: 2 });
    ({ ratings } = await engine.synthesize({ ratings: 60_000, seed: 3 }));
  });
  after(() => engine.close());

  test('average attack (3%, 5% filler): AUC >= 0.9, the target is pushed, removal undoes most of it', async () => {
    const r = await runIntegrityExperiment(engine, ratings, { inject: 'average', attackSize: 0.03, filler: 0.05, seed: 1 }, { iterations: 10 });
    assert.equal(r.detector, 'shilling');
    assert.ok(r.k > 0);
    assert.ok(r.auc >= 0.9, `AUC ${r.auc}`);
    assert.ok(r.precisionAtK >= 0 && r.precisionAtK <= 1 && r.recallAtK === r.precisionAtK); // k = positives
    const s = r.shift!;
    assert.ok(s.after > s.before, `shift ${JSON.stringify(s)}`);
    assert.ok(s.afterRemoval < s.after);
  });

  test('seeded: the same options give the same result', async () => {
    const o = { inject: 'random' as const, attackSize: 0.02, filler: 0.05, seed: 7 };
    const [a, b] = [await runIntegrityExperiment(engine, ratings, o, { iterations: 5 }), await runIntegrityExperiment(engine, ratings, o, { iterations: 5 })];
    assert.deepEqual(a, b);
  });

  test('shared accounts: scored by the shared detector, better than chance', async () => {
    const r = await runIntegrityExperiment(engine, ratings, { inject: 'shared', attackSize: 0.05, seed: 1 }, { iterations: 10 });
    assert.equal(r.detector, 'shared');
    assert.equal(r.shift, null);
    assert.ok(r.auc > 0.5, `AUC ${r.auc}`);
  });

  test('detectSuspicious: ranked users with the ratings behind the score, tastes for shared accounts', async () => {
    const model = await engine.fit(ratings, { iterations: 5 });
    const rep = await detectSuspicious(engine, model, { top: 5, explain: 3 });
    assert.equal(rep.shilling.length, rep.userIds.length);
    assert.equal(rep.topShilling.length, 5);
    const s = rep.topShilling.map((u) => u.score);
    assert.deepEqual(s, [...s].sort((a, b) => b - a));
    const u = rep.topShared[0]!;
    assert.equal(u.ratings.movieIds.length, 3);
    assert.equal(u.tastes!.length, 2);
    assert.equal(u.tastes![0].size + u.tastes![1].size, u.stats.count);
    await assert.rejects(runIntegrityExperiment(engine, ratings, { inject: 'nope' as 'random' }), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM');
  });
});
