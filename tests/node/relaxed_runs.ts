/**
 * Child process of relaxed_simd.test.ts, started with relaxed SIMD enabled
 * (`--experimental-wasm-relaxed-simd` under Node 20): fits ml-latest-small
 * (80/20, seed 42) with the relaxed-SIMD build on 1, 2 and 8 threads and with
 * the plain build on 2, by CG (the reference protocol: preset 'seed', 30
 * epochs, K=20) and by the exact solve (K=64, 10 epochs), and prints each
 * run's metrics and factors as JSON.
 */
import { createEngine, type CoreVariant } from 'als-wasm';

const SMALL = new URL('../../../shared/data/ml-latest-small/', import.meta.url).pathname;

/** The fits each engine runs. */
const FITS = [
  { name: 'cg', params: { preset: 'seed' as const } },
  { name: 'cholesky', params: { preset: 'seed' as const, solver: 'cholesky' as const, factors: 64, iterations: 10 } },
];

const RUNS: { variant: CoreVariant; threads: number }[] = [
  { variant: 'relaxed', threads: 1 },
  { variant: 'relaxed', threads: 2 },
  { variant: 'relaxed', threads: 8 },
  { variant: 'threads', threads: 2 },
];

const base64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

const out = [];
for (const run of RUNS) {
  const engine = await createEngine(run);
  const ratings = await engine.loadRatings(`${SMALL}ratings.csv`);
  const { train, test } = await ratings.split({ testRatio: 0.2, seed: 42 });
  for (const fit of FITS) {
    const model = await engine.fit(train, fit.params, { evalSet: test });
    const history = model.history.map((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !/seconds$/i.test(k))));
    const a = await model.exportArrays();
    out.push({
      ...run, fit: fit.name, info: engine.info, history,
      userFactors: base64(a.userFactors), itemFactors: base64(a.itemFactors),
      userBiases: base64(a.userBiases), itemBiases: base64(a.itemBiases),
    });
    await model.dispose();
  }
  await engine.close();
}
process.stdout.write(JSON.stringify(out));
