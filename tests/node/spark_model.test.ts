// Spark MLlib ALSModel directories in and out, without Java: the round trip
// toSparkModel → importSparkModel, Spark's fold-in semantics, the CLI commands,
// and a coded error naming the file for every corrupt or foreign directory.
// (tests/spark/test_roundtrip.py checks the same files against a real Spark.)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { AlsError, type AlsModel, createEngine, type Engine, type Ratings, type SparkModelFiles, toNpy } from 'als-wasm';
import { parquetWriteBuffer } from 'hyparquet-writer';

import { cli } from './cli_run.js';

const K = 6;
const REG = 0.05;

function writeDir(dir: string, files: SparkModelFiles): string {
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  return dir;
}

/** A factors file with Spark's schema, from plain rows (to plant NaNs, long ids, short vectors). */
function sparkParquet(ids: number[], features: number[][], idType: 'INT32' | 'INT64' = 'INT32'): Uint8Array {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: idType === 'INT64' ? ids.map(BigInt) : ids },
      { name: 'features', data: features },
    ],
    schema: [
      { name: 'spark_schema', num_children: 2 },
      { name: 'id', type: idType, repetition_type: 'REQUIRED' },
      { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
    ],
  });
  return new Uint8Array(buf);
}

/** `(VᵀV + reg·n I) x = Vᵀ r` in f64: Spark's explicit ALS row solve. */
function ridgeSolve(rows: Float64Array[], r: number[], reg: number): number[] {
  const k = rows[0]!.length;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k + 1 }, (_, j) => (i === j ? reg * rows.length : 0)));
  rows.forEach((v, n) => {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) a[i]![j]! += v[i]! * v[j]!;
      a[i]![k]! += v[i]! * r[n]!;
    }
  });
  for (let c = 0; c < k; c++) {
    for (let i = c + 1; i < k; i++) {
      const f = a[i]![c]! / a[c]![c]!;
      for (let j = c; j <= k; j++) a[i]![j]! -= f * a[c]![j]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = a[i]![k]!;
    for (let j = i + 1; j < k; j++) s -= a[i]![j]! * x[j]!;
    x[i] = s / a[i]![i]!;
  }
  return x;
}

describe('Spark ALSModel directories', () => {
  let engine: Engine;
  let model: AlsModel;
  let files: SparkModelFiles;
  let tmp: string;
  let users: Uint32Array;
  let items: Uint32Array;
  let trainSet: Ratings;
  let all: { users: Uint32Array; items: Uint32Array };

  before(async () => {
    engine = await createEngine({ threads: 2 });
    tmp = mkdtempSync(join(tmpdir(), 'als-spark-'));
    const { ratings, catalog } = await engine.synthesize({ ratings: 20_000, seed: 3 });
    model = await engine.fit(ratings, { factors: K, iterations: 4, genrePrior: true }, { catalog });
    files = await model.toSparkModel({ timestamp: 0 });
    trainSet = ratings;
    const a = await ratings.toArrays();
    all = a;
    users = a.users.subarray(0, 2000);
    items = a.items.subarray(2000, 4000);
  });
  after(async () => {
    await engine.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('toSparkModel writes Spark\'s layout; biases are folded into rank K+2', async () => {
    assert.deepEqual(Object.keys(files).sort(), [
      'itemFactors/_SUCCESS', 'itemFactors/part-00000.snappy.parquet', 'metadata/_SUCCESS', 'metadata/part-00000',
      'userFactors/_SUCCESS', 'userFactors/part-00000.snappy.parquet',
    ]);
    const meta = JSON.parse(new TextDecoder().decode(files['metadata/part-00000']));
    assert.equal(meta.class, 'org.apache.spark.ml.recommendation.ALSModel');
    assert.equal(meta.rank, K + 2);
    assert.deepEqual(meta.paramMap, { userCol: 'userId', itemCol: 'movieId', coldStartStrategy: 'nan' });
    assert.deepEqual(await model.toSparkModel({ timestamp: 0 }), files, 'the same model gives the same bytes');
  });

  test('export → import predicts the same within 1e-5, from a path and from files', async () => {
    const dir = writeDir(join(tmp, 'roundtrip'), files);
    const progress: string[] = [];
    const imported = await engine.importSparkModel(dir, { regParam: REG, onProgress: (p) => progress.push(`${p.side} ${p.filesDone}/${p.files} ${p.rows}`) });
    assert.deepEqual(progress, [`userFactors 1/1 ${model.info.userCount}`, `itemFactors 1/1 ${model.info.itemCount}`]);
    assert.equal(imported.info.params.factors, K + 2);
    assert.equal(imported.info.mu, 0);
    const [want, got] = await Promise.all([model.predict(users, items), imported.predict(users, items)]);
    const worst = want.reduce((m, w, j) => Math.max(m, Math.abs(w - got[j]!)), 0);
    assert.ok(worst <= 1e-5, `max |diff| ${worst}`);
    // Spark ranks by p·q, which after folding is the predicted rating: als-wasm's biasWeight 1.
    // Imported scores are whole predictions; als-wasm's biasWeight-1 score leaves out b_u.
    const arrays = await model.exportArrays();
    for (const u of [users[0]!, users[500]!]) {
      const a = await model.recommend(u, { n: 10, filterRated: false, biasWeight: 1, byDirection: false, minRatings: 0 });
      const b = await imported.recommend(u, { n: 10, byDirection: false, minRatings: 0 });
      assert.deepEqual(b.map((s) => s.item), a.map((s) => s.item));
      const bu = arrays.userBiases[arrays.userIds.indexOf(u)]!;
      b.forEach((s, j) => assert.ok(Math.abs(s.score - (a[j]!.score + bu)) < 1e-5, `user ${u} #${j}: ${s.score} vs ${a[j]!.score} + ${bu}`));
    }
    const fromFiles = await engine.importSparkModel(Object.entries(files).map(([path, data]) => ({ path: `model/${path}`, data: new Blob([data as Uint8Array<ArrayBuffer>]) })), { regParam: REG });
    assert.deepEqual(await fromFiles.predict(users, items), got);
    const fromUrls = await engine.importSparkModel(Object.keys(files).map((path) => ({ path, data: pathToFileURL(join(dir, path)) })), { regParam: REG });
    assert.deepEqual(await fromUrls.predict(users, items), got, 'URL objects are sent to the worker as text');
    await Promise.all([imported.dispose(), fromFiles.dispose(), fromUrls.dispose()]);
  });

  test('fold-in of a new user solves Spark\'s ridge regParam · n with no bias', async () => {
    const imported = await engine.importSparkModel(writeDir(join(tmp, 'foldin'), files), { regParam: REG });
    const table = await imported.itemTable();
    const k = K + 2;
    const picked = [3, 17, 40, 41, 99].map((j) => table.itemIds[j]!);
    const ratings = [5, 3.5, 4, 1, 2.5];
    const rows = picked.map((id) => {
      const d = table.itemIds.indexOf(id);
      return Float64Array.from(table.factors.subarray(d * k, (d + 1) * k));
    });
    const want = ridgeSolve(rows, ratings, REG);
    const got = await imported.foldInUser(picked.map((item, j) => ({ item, rating: ratings[j]! })));
    assert.equal(got.bias, 0);
    got.factors.forEach((x, f) => assert.ok(Math.abs(x - want[f]!) < 1e-5, `factor ${f}: ${x} vs ${want[f]}`));
    await imported.dispose();
  });

  test('with its training ratings an imported model counts, filters rated movies and explains', async () => {
    const imported = await engine.importSparkModel(writeDir(join(tmp, 'with-ratings'), files), { regParam: REG, ratings: trainSet });
    assert.deepEqual((await imported.itemTable()).counts, (await model.itemTable()).counts, 'training counts as the trained model\'s');
    const u = users[0]!;
    const rated = new Set(Array.from(all.items).filter((_, j) => all.users[j] === u));
    const recs = await imported.recommend(u, { n: 50, minRatings: 0 });
    assert.equal(recs.length, 50);
    assert.ok(recs.every((s) => !rated.has(s.item)), 'rated movies are left out');
    const item = [...rated][0]!;
    const e = await imported.explain(u, item, { n: 3 });
    assert.ok(Math.abs(e.score - (await imported.predict([u], [item]))[0]!) < 1e-5);
    assert.equal(e.contributions.length, 3);
    const again = await engine.loadModel(await imported.save());
    assert.deepEqual((await again.itemTable()).counts, (await imported.itemTable()).counts, 'saved with its ratings');
    await Promise.all([imported.dispose(), again.dispose()]);
  });

  test('corrupt or foreign directories are coded errors naming the file; the engine stays usable', async () => {
    const meta = new TextDecoder().decode(files['metadata/part-00000']);
    const userFile = 'userFactors/part-00000.snappy.parquet';
    const withFile = (path: string, data: Uint8Array | undefined): SparkModelFiles => {
      const out = { ...files };
      if (data === undefined) delete out[path];
      else out[path] = data;
      return out;
    };
    const row = (n: number) => Array.from({ length: K + 2 }, (_, f) => n + f / 10);
    const cases: [string, SparkModelFiles, string, string, RegExp][] = [
      ['missing metadata', withFile('metadata/part-00000', undefined), 'FORMAT', 'missing-metadata', /metadata/],
      ['wrong class', withFile('metadata/part-00000', new TextEncoder().encode(meta.replace('recommendation.ALSModel', 'classification.LogisticRegressionModel'))), 'FORMAT', 'wrong-class', /metadata\/part-00000.*LogisticRegressionModel/],
      ['other columns', withFile(userFile, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'id', data: [1, 2], type: 'INT32' }, { name: 'score', data: [1.5, 2.5], type: 'FLOAT' }] }))), 'FORMAT', 'columns', /userFactors\/part-00000.*\[id, score\]/],
      ['NaN factors', withFile(userFile, sparkParquet([1, 2], [row(1), [...row(2).slice(1), NaN]])), 'NON_FINITE', '', /userFactors\/part-00000.*id 2/],
      ['feature length ≠ rank', withFile(userFile, sparkParquet([1, 2], [row(1), row(2).slice(1)])), 'FORMAT', 'rank', /userFactors\/part-00000.*row 1 has 7 features.*rank 8/],
      ['ids outside int32', withFile(userFile, sparkParquet([1, 2 ** 31], [row(1), row(2)], 'INT64')), 'FORMAT', 'id-range', /userFactors\/part-00000.*2147483648/],
      ['negative ids', withFile(userFile, sparkParquet([1, -4], [row(1), row(2)])), 'FORMAT', 'id-range', /-4/],
      ['not Parquet', withFile(userFile, new TextEncoder().encode('id,features\n')), 'FORMAT', 'not-parquet', /userFactors\/part-00000.*not a Parquet file/],
      ['no item factors', withFile('itemFactors/part-00000.snappy.parquet', undefined), 'FORMAT', 'missing-factors', /itemFactors/],
    ];
    for (const [what, bad, code, reason, message] of cases) {
      const dir = writeDir(join(tmp, what.replace(/\W+/g, '-')), bad);
      await assert.rejects(engine.importSparkModel(dir), (e: unknown) => {
        assert.ok(e instanceof AlsError, `${what}: not an AlsError: ${e}`);
        assert.equal(e.code, code, `${what}: ${e.message}`);
        if (reason) assert.equal(e.details.reason, reason, what);
        assert.match(e.message, message, what);
        assert.ok(String(e.details.file).startsWith(dir), `${what}: details.file ${e.details.file}`);
        return true;
      });
    }
    await assert.rejects(engine.importSparkModel(join(tmp, 'nowhere')), (e: unknown) => e instanceof AlsError && e.code === 'FORMAT' && /nowhere does not exist/.test(e.message));
    assert.equal((await model.predict([users[0]!], [items[0]!])).length, 1, 'the engine still answers');
  });

  test('ids above 2^31 − 1 cannot go to Spark', async () => {
    const big = await engine.modelFromNpyFiles({
      'meta.json': JSON.stringify({ mu: 3, k: 1 }),
      'user_factors.npy': toNpy(Float32Array.of(1, 2), [2, 1]),
      'item_factors.npy': toNpy(Float32Array.of(1), [1, 1]),
      'user_biases.npy': toNpy(Float32Array.of(0, 0), [2]),
      'item_biases.npy': toNpy(Float32Array.of(0), [1]),
      'user_ids.npy': toNpy(Uint32Array.of(7, 3_000_000_000), [2]),
      'item_ids.npy': toNpy(Uint32Array.of(1), [1]),
    });
    await assert.rejects(big.toSparkModel(), (e: unknown) => e instanceof AlsError && e.code === 'UNSUPPORTED' && /userId 3000000000/.test(e.message));
  });

  test('CLI: export --to spark, import --from spark', async () => {
    const als = join(tmp, 'cli.als');
    writeFileSync(als, await model.save());
    const dir = join(tmp, 'cli-export');
    const exported = cli(['export', als, '--to', 'spark', dir, '--json']);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.json<{ rank: number }>().rank, K + 2);
    assert.ok(readdirSync(join(dir, 'userFactors')).includes('part-00000.snappy.parquet'));
    assert.equal(cli(['export', als, '--to', 'spark', dir]).code, 2, 'a non-empty directory is refused');
    const out = join(tmp, 'cli-import.als');
    const imported = cli(['import', '--from', 'spark', dir, '--out', out, '--reg-param', String(REG), '--threads', '1']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /userFactors: 1\/1 files/);
    const info = cli(['info', out, '--json']).json<{ params: { factors: number; tau: number; regularization: string } }>();
    assert.equal(info.params.factors, K + 2);
    assert.equal(info.params.regularization, 'scaled');
    const a = await trainSet.toArrays();
    const csv = join(tmp, 'train.csv');
    writeFileSync(csv, `userId,movieId,rating\n${Array.from(a.users, (u, j) => `${u},${a.items[j]},${a.ratings[j]}`).join('\n')}\n`);
    const withRatings = cli(['import', '--from', 'spark', dir, '--out', out, '--ratings', csv, '--threads', '1']);
    assert.equal(withRatings.code, 0, withRatings.stderr);
    const u = a.users[0]!;
    const rated = new Set(Array.from(a.items).filter((_, j) => a.users[j] === u));
    const recs = cli(['recommend', '--model', out, '--user', String(u), '-n', '30', '--json']).json<{ recommendations: { item: number }[] }>();
    assert.equal(recs.recommendations.length, 30, JSON.stringify(recs).slice(0, 200));
    assert.ok(recs.recommendations.every((r) => !rated.has(r.item)), 'rated movies are left out');
    const bad = cli(['import', '--from', 'spark', join(tmp, 'nowhere'), '--out', out, '--json']);
    assert.equal(bad.code, 1);
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'FORMAT');
  });
});
