// A Node ESM user of the installed package: load a file, train, recommend,
// meet a coded error, and exit without calling close().
import { AlsError, createEngine } from 'als-wasm';

const engine = await createEngine({ threads: 2 });
const ratings = await engine.loadRatings(new URL('./app/public/ratings.csv', import.meta.url));
const catalog = await engine.loadMovies(new URL('./app/public/movies.csv', import.meta.url));
const model = await engine.fit(ratings, { factors: 4, iterations: 5 }, { catalog });
const recs = await model.recommend(1, { n: 3 });
let code;
try {
  await engine.loadRatings('no-such-file.csv');
} catch (e) {
  if (!(e instanceof AlsError)) throw e;
  code = e.code;
}
const stillWorks = (await model.predict([1], [10]))[0];
console.log(JSON.stringify({ threads: engine.threads, count: ratings.count, titled: Boolean(recs[0]?.title), recs: recs.length, code, stillWorks }));
