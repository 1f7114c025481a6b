// A CommonJS user: require() of the ESM package (Node >= 20.19 loads ESM
// through require when the graph has no top-level await).
const { createEngine, AlsError } = require('als-wasm');

(async () => {
  const engine = await createEngine({ threads: 1 });
  const ratings = await engine.ratingsFromArrays({ users: [1, 1, 2, 2, 3], items: [10, 20, 10, 30, 20], ratings: [5, 3, 4, 2, 1] });
  const model = await engine.fit(ratings, { factors: 2, iterations: 3 });
  const recs = await model.recommend(1, { n: 2 });
  await engine.close();
  console.log(JSON.stringify({ count: ratings.count, recs: recs.length, alsError: typeof AlsError === 'function' }));
})();
