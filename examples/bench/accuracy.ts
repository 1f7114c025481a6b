/**
 * Accuracy benchmark (not a test): als-wasm's defaults, the defaults early-stopped (what
 * `als-wasm train` does), `auto`, Bayesian ALS (once `method: 'bayes'` exists), the reference
 * parameterization, and Surprise's SVD, SVD++ and KNNBaseline, in one run on the same split
 * files: ml-latest-small and a synthetic MovieLens-shaped set, 80/20, seeds 1–5. Prints test RMSE,
 * MAE and wall time (fit + predict, per split) as a markdown table.
 *
 *   npm run bench:accuracy [-- --quick] [--seeds 5] [--synth 100000] [--no-surprise] [--threads N]
 *
 * `--quick` leaves out SVD++ (minutes per split) and `auto`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { type AlsModel, type Catalog, createEngine, type Engine, type FitParams, fitEarlyStopped, type Ratings } from 'als-wasm';

import { type BenchSet, type SplitFiles, syntheticSet, writeSplits } from './accuracy/splits.js';
import { ensureSurprise, runSurprise, SURPRISE_ALGOS, type SurpriseAlgo } from './accuracy/surprise.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '5' },
    synth: { type: 'string', default: '100000' },
    'no-surprise': { type: 'boolean', default: false },
    threads: { type: 'string' },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, j) => j + 1);
const small = new URL('../../../shared/data/ml-latest-small/', import.meta.url).pathname;

interface Score { rmse: number; mae: number; count: number; seconds: number }
type AlsRun = (engine: Engine, train: Ratings, catalog: Catalog) => Promise<AlsModel>;

/** The als-wasm rows: name → how to train. */
function alsMethods(): [string, AlsRun][] {
  const methods: [string, AlsRun][] = [
    ['als-wasm defaults (30 epochs)', (e, t, c) => e.fit(t, {}, { catalog: c })],
    ['als-wasm defaults, early-stopped (`train`)', async (e, t, c) => (await fitEarlyStopped(e, t, {}, { catalog: c })).model],
    ['als-wasm reference parameterization', (e, t, c) => e.fit(t, { preset: 'seed' }, { catalog: c })],
  ];
  if (!args.quick) methods.push(['als-wasm `auto`', (e, t, c) => e.fit(t, { auto: true }, { catalog: c })]);
  methods.push(['als-wasm `--bayes`', (e, t, c) => e.fit(t, { method: 'bayes' } as FitParams, { catalog: c })]);
  return methods;
}

async function scoreAls(engine: Engine, run: AlsRun, split: SplitFiles, catalog: Catalog): Promise<Score> {
  const train = await engine.loadRatings(split.train);
  const file = await engine.loadRatings(split.test);
  const { ratings: test } = await file.alignTo(train);
  await file.dispose();
  try {
    const t0 = performance.now();
    const model = await run(engine, train, catalog);
    const m = await model.evaluate(test);
    const seconds = (performance.now() - t0) / 1000;
    await model.dispose();
    return { rmse: m.rmse, mae: m.mae, count: m.count, seconds };
  } finally {
    await train.dispose();
    await test.dispose();
  }
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function benchSet(engine: Engine, set: BenchSet, surprise: boolean): Promise<string[]> {
  const splits = await writeSplits(engine, set, seeds);
  const catalog = await engine.loadMovies(join(set.dir, 'movies.csv'));
  const rows: string[] = [];
  const report = (name: string, scores: Score[]) => {
    const counts = [...new Set(scores.map((s) => s.count))];
    rows.push(`| ${set.name} | ${name} | ${mean(scores.map((s) => s.rmse)).toFixed(4)} | ${mean(scores.map((s) => s.mae)).toFixed(4)} | ${mean(scores.map((s) => s.seconds)).toFixed(2)} | ${scores.map((s) => s.rmse.toFixed(4)).join(' ')} |`);
    console.log(rows.at(-1), counts.length > 1 ? `(scored ${counts.join('/')})` : '');
  };
  for (const [name, run] of alsMethods()) {
    const scores: Score[] = [];
    try {
      for (const split of splits) scores.push(await scoreAls(engine, run, split, catalog));
    } catch (e) {
      // A build without Bayesian ALS rejects `method` as an unknown parameter.
      if ((e as { code?: string }).code !== 'INVALID_PARAM') throw e;
      console.log(`note: ${name} left out: ${(e as Error).message}`);
      continue;
    }
    report(name, scores);
  }
  if (surprise) {
    for (const algo of Object.keys(SURPRISE_ALGOS) as SurpriseAlgo[]) {
      if (algo === 'SVDpp' && args.quick) continue;
      report(SURPRISE_ALGOS[algo], splits.map((s) => runSurprise(algo, s)));
    }
  }
  await catalog.dispose();
  return rows;
}

const engine = await createEngine({ threads: args.threads === undefined ? undefined : Number(args.threads) });
try {
  const sets: BenchSet[] = [];
  if (existsSync(join(small, 'ratings.csv'))) sets.push({ name: 'ml-latest-small', dir: small });
  else console.log(`note: ${small} is not here: ml-latest-small is left out`);
  sets.push(await syntheticSet(Number(args.synth)));
  const s = args['no-surprise'] ? { ok: false, why: '--no-surprise' } : ensureSurprise(console.log);
  if (!s.ok) console.log(`note: Surprise left out (${s.why})`);
  console.log(`${seeds.length} seeded 80/20 splits (seeds ${seeds.join(', ')}), ${engine.threads} threads; seconds = fit + predict per split\n`);
  const rows: string[] = [];
  for (const set of sets) rows.push(...await benchSet(engine, set, s.ok));
  console.log(['', '| data | method | test RMSE | test MAE | seconds / split | RMSE per seed |', '|---|---|---|---|---|---|', ...rows].join('\n'));
} finally {
  await engine.close();
}
