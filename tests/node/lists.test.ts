// Top-N lists as implicit and Spark users expect them: many users in one
// call, every user streamed in chunks, similar users, candidate filters,
// Spark's 'drop' cold-start policy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AlsError, createEngine, type AlsModel, type Engine } from 'als-wasm';

import { ratingsCsv } from './ratings_fixture.ts';

describe('top-N lists', () => {
  let engine: Engine;
  let model: AlsModel;
  before(async () => {
    engine = await createEngine({ threads: 2 });
    const ratings = await engine.loadRatings(new TextEncoder().encode(ratingsCsv()));
    model = await engine.fit(ratings, { factors: 4, iterations: 5 });
  });
  after(() => engine.close());

  test('recommendBatch gives each user the list recommend gives', async () => {
    const users = [3, 1, 40, 7];
    const batch = await model.recommendBatch(users, { n: 5 });
    assert.equal(batch.length, 4);
    for (const [j, u] of users.entries()) assert.deepEqual(batch[j], await model.recommend(u, { n: 5 }));
  });

  test('recommendAll streams every training user once, in chunks', async () => {
    const seen: number[] = [];
    let chunks = 0;
    for await (const chunk of model.recommendAll({ n: 3, chunkSize: 16 })) {
      chunks++;
      assert.ok(chunk.length <= 16);
      for (const { user, items } of chunk) {
        seen.push(user);
        assert.equal(items.length, 3);
      }
    }
    assert.equal(seen.length, 40);
    assert.equal(new Set(seen).size, 40);
    assert.equal(chunks, 3);
    const one = await model.recommend(seen[5]!, { n: 3 });
    const again = (await model.recommendBatch([seen[5]!], { n: 3 }))[0];
    assert.deepEqual(again, one);
  });

  test('an allow-list and an exclusion list filter the candidates', async () => {
    const allowed = [10, 20, 30, 40, 50, 60];
    const plain = await model.recommend(1, { n: 30, filterRated: false });
    const only = await model.recommend(1, { n: 30, filterRated: false, items: allowed });
    assert.deepEqual(only.map((s) => s.item), plain.map((s) => s.item).filter((i) => allowed.includes(i)));
    const without = await model.recommend(1, { n: 30, filterRated: false, exclude: [plain[0]!.item, 999_999] });
    assert.deepEqual(without.map((s) => s.item), plain.slice(1).map((s) => s.item));
    const similar = await model.similarItems(10, { n: 5, items: allowed });
    assert.ok(similar.every((s) => allowed.includes(s.item) && s.item !== 10));
    await assert.rejects(model.recommend(1, { items: [1.5] }), (e) => e instanceof AlsError && e.code === 'INVALID_ID');
  });

  test('by default an explicit model ranks by direction among movies with enough ratings', async () => {
    const floor = model.info.listMinRatings;
    const table = await model.itemTable();
    const counts = new Map(Array.from(table.itemIds, (id, j) => [id, table.counts[j]!] as [number, number]));
    const most = Math.max(...table.counts);
    assert.equal(floor, Math.min(50, Math.ceil(most / 4)));
    const byDefault = await model.recommend(1, { n: 10 });
    assert.ok(byDefault.every((s) => counts.get(s.item)! >= floor), 'the floor applies');
    assert.deepEqual(byDefault, await model.recommend(1, { n: 10, byDirection: true, minRatings: floor }));
    await assert.rejects(model.recommend(1, { byDirection: 'yes' as never }), (e) => e instanceof AlsError && e.code === 'INVALID_PARAM');
  });

  test('recommendForNewUser weighs the movie bias by biasWeight', async () => {
    const rated = [{ item: 10, rating: 5 }, { item: 20, rating: 2 }];
    const [none, full] = await Promise.all([0, 1].map((biasWeight) => model.recommendForNewUser(rated, { n: 30, minRatings: 0, biasWeight })));
    const table = await model.itemTable();
    for (const s of full!) {
      const other = none!.find((x) => x.item === s.item)!;
      const bi = table.biases[table.itemIds.indexOf(s.item)]!;
      assert.ok(Math.abs(s.score - other.score - bi) < 1e-5, `movie ${s.item}: ${s.score} - ${other.score} vs b_i ${bi}`);
    }
  });

  test('similarUsers ranks users by the cosine of their factors', async () => {
    const list = await model.similarUsers(1, { n: 5 });
    assert.equal(list.length, 5);
    assert.ok(list.every((s) => s.user !== 1 && s.score <= 1 + 1e-6 && s.score >= -1 - 1e-6));
    assert.ok(list.every((s, j) => j === 0 || list[j - 1]!.score >= s.score));
    const some = await model.similarUsers(1, { n: 5, items: [2, 3] });
    assert.deepEqual(some.map((s) => s.user).sort(), [2, 3]);
    await assert.rejects(model.similarUsers(12345), (e) => e instanceof AlsError && e.code === 'UNKNOWN_ID');
  });

  test("predictKnown drops pairs with an unknown user or movie (Spark's coldStartStrategy 'drop')", async () => {
    const users = [1, 999, 2, 1];
    const items = [10, 10, 77777, 20];
    const kept = await model.predictKnown(users, items);
    assert.deepEqual([...kept.users], [1, 1]);
    assert.deepEqual([...kept.items], [10, 20]);
    assert.deepEqual([...kept.predictions], [...(await model.predict([1, 1], [10, 20]))]);
    const nan = await model.predict(users, items, 'nan');
    assert.ok(Number.isNaN(nan[1]) && Number.isNaN(nan[2]));
  });

  test("topUsersForItems lists each movie's users by predicted rating (Spark's recommendForAllItems)", async () => {
    const [list] = await model.topUsersForItems([10], { n: 40 });
    assert.equal(list!.length, 40);
    const predicted = await model.predict(list!.map((s) => s.user), list!.map(() => 10));
    list!.forEach((s, j) => assert.ok(Math.abs(s.score - predicted[j]!) < 1e-5));
    assert.ok(list!.every((s, j) => j === 0 || list![j - 1]!.score >= s.score));
    let items = 0;
    for await (const chunk of model.topUsersForAllItems({ n: 2, chunkSize: 7 })) {
      items += chunk.length;
      assert.ok(chunk.every((c) => c.users.length === 2));
    }
    assert.equal(items, 30);
    await assert.rejects(model.topUsersForItems([10], { m: 3 } as never), (e) => e instanceof AlsError && e.code === 'INVALID_PARAM');
  });

  test('the recommendation score is the ranking score, not the predicted rating', async () => {
    const [top] = await model.recommend(1, { n: 1, byDirection: false });
    const [rating] = await model.predict([1], [top!.item]);
    const { mu } = model.info;
    const { biases, itemIds } = await model.itemTable();
    const bi = biases[itemIds.indexOf(top!.item)]!;
    // score = mu + p·q + 0.05 b_i, rating = mu + b_u + b_i + p·q: they differ by b_u + 0.95 b_i.
    const arrays = await model.exportArrays();
    const bu = arrays.userBiases[arrays.userIds.indexOf(1)]!;
    assert.ok(Math.abs(rating! - top!.score - (bu + 0.95 * bi)) < 1e-4, `${rating} vs ${top!.score} (mu ${mu})`);
  });
});
