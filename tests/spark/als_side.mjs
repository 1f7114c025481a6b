// The als-wasm half of tests/spark/test_roundtrip.py, through the built
// package's public API (dist/node.js): reads a request JSON, writes a result JSON.
//
//   node tests/spark/als_side.mjs REQUEST.json RESULT.json
//
// REQUEST: { model: { spark: DIR, regParam } | { file: PATH }, pairs: { users, items },
//            recUsers: [..], n, biasWeight, foldIn?: [{ user, items, ratings }] }
// RESULT:  { predictions: [..], recs: { user: [[item, predicted rating], ..] }, foldIn: { user: [..factors] } }
import { readFileSync, writeFileSync } from 'node:fs';

import { createEngine } from '../../dist/node.js';

const [requestPath, resultPath] = process.argv.slice(2);
const req = JSON.parse(readFileSync(requestPath, 'utf8'));
const engine = await createEngine({ threads: 2 });
try {
  const model = req.model.spark !== undefined
    ? await engine.importSparkModel(req.model.spark, { regParam: req.model.regParam })
    : await engine.loadModel(readFileSync(req.model.file));
  const predictions = Array.from(await model.predict(req.pairs.users, req.pairs.items));
  const recs = {};
  for (const u of req.recUsers) {
    // Spark scores a recommendation by its predicted rating; recommend's score
    // leaves out the user's bias (it does not change the order), so the list
    // is scored again by predict. Spark ranks by q·p over every movie.
    const list = await model.recommend(u, { n: req.n, filterRated: false, biasWeight: req.biasWeight, byDirection: false, minRatings: 0 });
    const scores = await model.predict(list.map(() => u), list.map((s) => s.item));
    recs[u] = list.map((s, j) => [s.item, scores[j]]);
  }
  const foldIn = {};
  for (const f of req.foldIn ?? []) {
    const items = f.items.map((item, j) => ({ item, rating: f.ratings[j] }));
    foldIn[f.user] = Array.from((await model.foldInUser(items)).factors);
  }
  writeFileSync(resultPath, JSON.stringify({ predictions, recs, foldIn, info: model.info }));
} finally {
  await engine.close();
}
