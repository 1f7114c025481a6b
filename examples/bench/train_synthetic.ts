/**
 * Training benchmark (not a test), the Node half of the web demo's acceptance
 * number: 10 epochs at K=20 on a synthetic set (default 1M ratings, 90/10
 * split), through the public API on the worker engine. The browser half is
 * `window.__alsDemo.benchmark()`, printed by `npm run test:browser`.
 *
 *   npx tsx examples/bench/train_synthetic.ts [ratings=1000000] [threads=all cores]
 */
import { createEngine } from 'als-wasm';

const ratings = Number(process.argv[2] ?? 1_000_000);
const threads = process.argv[3] === undefined ? undefined : Number(process.argv[3]);

const engine = await createEngine({ threads });
try {
  const { ratings: all } = await engine.synthesize({ ratings, seed: 42 });
  const { train, test } = await all.split({ testRatio: 0.1, seed: 42 });
  const t0 = performance.now();
  const model = await engine.fit(train, { factors: 20, iterations: 10 }, { evalSet: test });
  const seconds = (performance.now() - t0) / 1000;
  const last = model.history.at(-1)!;
  const perEpoch = model.history.map((s) => s.seconds.toFixed(2)).join(' ');
  console.log(
    `node: ${ratings.toLocaleString('en-US')} ratings (train ${train.count}), K=20, 10 epochs, ${engine.threads} threads: ` +
    `${seconds.toFixed(2)} s (epochs ${perEpoch} s); test RMSE ${last.testRmse?.toFixed(4)}`,
  );
  await model.dispose();
} finally {
  await engine.close();
}
