/**
 * Implicit models beyond their training users: strong generalization (held-out users folded in
 * from part of their events and ranked on the rest), fold-in and explain by the model's own
 * weighted ridge system.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AlsError, type AlsModel, createEngine, type Engine, rankingMetricsAtK, rankingMetricsForNewUsers, type Ratings } from 'als-wasm';

describe('implicit models and new users', () => {
  let engine: Engine;
  let events: Ratings;
  let model: AlsModel;
  let train: Ratings;
  let heldOut: Ratings;
  before(async () => {
    engine = await createEngine({ threads: 2 });
    const { ratings } = await engine.synthesize({ ratings: 40_000, seed: 7 });
    events = await ratings.asEvents({ threshold: 4 });
    ({ train, test: heldOut } = await events.split({ by: 'heldOutUsers', testRatio: 0.2, seed: 1 }));
    model = await engine.fit(train, { feedback: 'implicit', factors: 16, iterations: 8, seed: 1 });
  });
  after(async () => engine.close());

  it('splits whole users: each part keeps only its own users', async () => {
    assert.equal(train.count + heldOut.count, events.count);
    assert.equal(train.userCount + heldOut.userCount, events.userCount);
    assert.ok(heldOut.userCount > 0.1 * events.userCount && heldOut.userCount < 0.3 * events.userCount);
    const trainUsers = new Set((await train.toArrays()).users);
    assert.ok((await heldOut.toArrays()).users.every((u) => !trainUsers.has(u)));
    const bad = await events.split({ by: 'users' as 'user' }).then(() => undefined, (e: unknown) => e);
    assert.ok(bad instanceof AlsError && bad.code === 'INVALID_PARAM' && /heldOutUsers/.test(bad.message), String(bad));
  });

  it('ranks held-out users folded in from their history about as well as training users', async () => {
    const { train: history, test } = await heldOut.split({ by: 'user', testRatio: 0.2, seed: 2 });
    const strong = await rankingMetricsForNewUsers(model, history, test, { k: 10, extraK: [20], threshold: 0 });
    // Weak generalization on the training users, for scale (same protocol, their own holdout).
    const { train: seen, test: later } = await train.split({ by: 'user', testRatio: 0.2, seed: 2 });
    const weakModel = await engine.fit(seen, { feedback: 'implicit', factors: 16, iterations: 8, seed: 1 });
    const weak = await rankingMetricsAtK(weakModel, seen, later, { k: 10, threshold: 0 });
    assert.ok(strong.users > 0.9 * heldOut.userCount, `${strong.users} of ${heldOut.userCount} users`);
    assert.ok(strong.ndcg > 0.8 * weak.ndcg, `new users NDCG@10 ${strong.ndcg} vs training users ${weak.ndcg}`);
    assert.ok(strong.at[1]!.recall >= strong.recall);
    const five = await rankingMetricsForNewUsers(model, history, test, { k: 10, threshold: 0, maxUsers: 5 });
    assert.equal(five.users, 5);
    // The stored factors of these users do not exist: the ordinary metrics skip them all.
    const stored = await rankingMetricsAtK(model, history, test, { k: 10, threshold: 0 });
    assert.equal(stored.users, 0);
    await weakModel.dispose();
  });

  it('folds in and explains by the implicit system', async () => {
    const { users, items, ratings } = await train.toArrays();
    const user = users[0]!;
    const mine = Array.from(items.filter((_, j) => users[j] === user), (item, j) => ({ item, rating: ratings.filter((_, e) => users[e] === user)[j]! }));
    const folded = await model.foldInUser(mine);
    assert.equal(folded.bias, 0);
    const a = await model.exportArrays();
    const row = a.userIds.indexOf(user);
    const own = a.userFactors.subarray(row * a.k, (row + 1) * a.k);
    const dist = Math.hypot(...own.map((v, d) => v - folded.factors[d]!));
    assert.ok(dist < 0.1 * Math.hypot(...own), `refolded user moved ${dist} from |p| ${Math.hypot(...own)}`);
    const [top] = await model.recommend(user, { n: 1 });
    const e = await model.explain(user, top!.item, { n: 1000 });
    assert.deepEqual(e.baseline, { mu: 0, userBias: 0, itemBias: 0 });
    assert.equal(e.contributions.length, mine.length);
    const sum = e.contributions.reduce((a, c) => a + c.weight, 0);
    assert.ok(Math.abs(sum + e.residual - e.factorScore) < 1e-4);
    assert.ok(Math.abs(e.residual) < 0.1 * Math.abs(e.factorScore), `residual ${e.residual} of ${e.factorScore}`);
  });
});
