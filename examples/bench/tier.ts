/**
 * One tier of `npm run bench`, in its own process so that its peak memory
 * is its own. Prints one line `BENCH_RESULT {json}` (see run.ts).
 *
 *   node --import tsx examples/bench/tier.ts '{"tier":5,"k":20,"ratings":32000204,"epochs":3,"warmup":1,"threads":2}'
 */
import { createEngine, type EpochStats } from 'als-wasm';

import { readCoo, dataDir } from './bench_data.js';
import { csrEpoch, dualLayout } from './csr_als.js';
import { timeNaive } from './naive_als.js';
import { initModel, rmse } from './ts_als.js';

export interface TierJob {
  tier: 1 | 2 | 3 | 4 | 5;
  k: number;
  ratings: number;
  epochs: number;
  warmup: number;
  threads: number;
  /** Rows per side timed by tier 1. */
  naiveSample?: number;
  /** Row solver of the engine tiers (3–5), and CG's steps per row. */
  solver: 'cg' | 'cholesky' | 'bayes';
  cgSteps?: number;
}

/** One measured epoch (seconds). */
export interface EpochTime { userStep: number; itemStep: number; metrics: number; trainRmse?: number; testRmse?: number }

export interface TierRun {
  train: number;
  users: number;
  items: number;
  epochs: EpochTime[];
  threads: number;
  wasmBytes?: number;
  peakRssBytes: number;
  note?: string;
  /** The core build an engine tier loaded (`engine.info.variant`). */
  variant?: string;
}

const WASM_VARIANT = { 3: 'scalar', 4: 'simd', 5: 'threads' } as const;

async function engineTier(job: TierJob): Promise<TierRun> {
  const variant = WASM_VARIANT[job.tier as 3 | 4 | 5];
  const engine = await createEngine(variant === 'threads' ? { threads: job.threads } : { threads: 1, variant });
  try {
    const { ratings } = await engine.synthesize({ ratings: job.ratings, seed: 42 });
    const { train, test } = await ratings.split({ testRatio: 0.1, seed: 42 });
    await ratings.dispose();
    // 'bayes': Gibbs sweeps (exact Cholesky draws, no ALS warm start; the warm-up sweeps are the burn-in).
    const params = job.solver === 'bayes'
      ? { factors: job.k, seed: 42, solver: 'cholesky', method: 'bayes', samples: job.epochs, burnIn: job.warmup, warmStart: 0 } as const
      : { factors: job.k, iterations: job.warmup + job.epochs, seed: 42, solver: job.solver, ...(job.cgSteps ? { cgSteps: job.cgSteps } : {}) };
    const model = await engine.fit(train, params, { evalSet: test });
    const epochs = model.history.slice(job.warmup).map((s: EpochStats) => ({
      userStep: s.userStepSeconds!, itemStep: s.itemStepSeconds!, metrics: s.metricsSeconds!,
      trainRmse: s.trainRmse, testRmse: s.testRmse ?? undefined,
    }));
    const { wasmBytes } = await engine.memoryUsage();
    return {
      train: train.count, users: train.userCount, items: train.itemCount, epochs, threads: engine.threads, wasmBytes, variant: engine.info.variant,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    await engine.close();
  }
}

function tsTier(job: TierJob): TierRun {
  const dir = dataDir(job.ratings);
  const train = readCoo(`${dir}/train.bin`), test = readCoo(`${dir}/test.bin`);
  const m = initModel(train, job.k);
  const base = { train: train.ratings.length, users: train.nUsers, items: train.nItems, threads: 1 };
  if (job.tier === 1) {
    const sample = job.naiveSample ?? 8;
    const t = timeNaive(m, train, sample);
    return {
      ...base, epochs: [{ userStep: t.userStep, itemStep: t.itemStep, metrics: 0 }],
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      note: `extrapolated from ${sample} users + ${sample} items (${(t.perUser * 1000).toFixed(0)} ms per user, ${(t.perItem * 1000).toFixed(0)} ms per item)`,
    };
  }
  const layout = dualLayout(train);
  const epochs: EpochTime[] = [];
  for (let e = 0; e < job.warmup + job.epochs; e++) {
    const steps = csrEpoch(m, layout);
    const t = performance.now();
    const trainRmse = rmse(m, train), testRmse = rmse(m, test);
    const metrics = (performance.now() - t) / 1000;
    if (e >= job.warmup) epochs.push({ ...steps, metrics, trainRmse, testRmse });
  }
  return { ...base, epochs, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

const job = JSON.parse(process.argv[2]!) as TierJob;
const run = job.tier <= 2 ? tsTier(job) : await engineTier(job);
console.log(`BENCH_RESULT ${JSON.stringify(run)}`);
