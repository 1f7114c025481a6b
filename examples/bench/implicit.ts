/**
 * `npm run bench:implicit`: als-wasm's implicit-feedback model against the
 * CPU ALS of `implicit` (PyPI), on the same data and splits, in one run.
 *
 * Quality: ml-latest-small, ratings >= 4 as events, per-user 80/20 splits
 * (seeds 1–3, made by the engine and handed to both), K = 64, the same
 * iterations, CG steps (3) and constant ridge (`nu: 0`, `implicit`'s model)
 * over a small shared grid of ridge × alpha; both models are scored by the
 * same code (`rankingMetricsAtK`: `implicit`'s factors come back through
 * `engine.modelFromNpyFiles`). Also: als-wasm's own defaults (frequency-
 * scaled ridge) and a popularity baseline.
 *
 * Strong generalization (`implicit_strong.ts`): held-out users folded in
 * from part of their events, at one shared configuration (`--strong-config
 * reg,alpha`, default the grid's best, 30,3) and with als-wasm's defaults.
 *
 * Speed: a synthetic event set of the ML-32M shape (`engine.synthesize`,
 * every rating an event), K = 64, seconds per iteration of each on
 * `--threads` threads.
 *
 * Creates `.bench/venv-implicit` (git-ignored) with `implicit` on first use.
 *
 *   npm run bench:implicit -- [--data ../shared/data/ml-latest-small] [--seeds 1,2,3] [--k 64]
 *     [--iterations 15] [--regs 1,10,30] [--alphas 1,3,10] [--events 32000204]
 *     [--speed-iterations 2] [--threads 2] [--strong-config 30,3]
 *     [--skip-quality] [--skip-strong] [--skip-speed]
 */
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { createEngine, rankingMetricsAtK, type AlsModel, type Engine, type Ratings } from 'als-wasm';

import { type Config, ensureVenv, peerModel, popularity, runPeer, writeTrain } from './implicit_peer_io.js';
import { strongGeneralization } from './implicit_strong.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
};
const nums = (s: string) => s.split(',').map(Number);
const DATA = opt('data', '../shared/data/ml-latest-small');
const SEEDS = nums(opt('seeds', '1,2,3'));
const K = Number(opt('k', '64'));
const ITERS = Number(opt('iterations', '15'));
const REGS = nums(opt('regs', '1,10,30'));
const ALPHAS = nums(opt('alphas', '1,3,10'));
const EVENTS = Number(opt('events', '32000204'));
const SPEED_ITERS = Number(opt('speed-iterations', '2'));
const THREADS = Number(opt('threads', '2'));
const WORK = '.bench/implicit-work';
const [STRONG_REG, STRONG_ALPHA] = nums(opt('strong-config', '30,3'));

interface Row { name: string; ndcg10: number[]; recall20: number[]; secPerIter: number[] }

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

async function score(model: AlsModel, train: Ratings, test: Ratings): Promise<{ ndcg10: number; recall20: number }> {
  const m = await rankingMetricsAtK(model, train, test, { k: 10, extraK: [20], threshold: -Infinity });
  return { ndcg10: m.ndcg, recall20: m.at[1]!.recall };
}

function row(rows: Map<string, Row>, name: string): Row {
  let r = rows.get(name);
  if (!r) rows.set(name, (r = { name, ndcg10: [], recall20: [], secPerIter: [] }));
  return r;
}

async function quality(engine: Engine): Promise<void> {
  const ratings = await engine.loadRatings(join(DATA, 'ratings.csv'));
  const events = await ratings.asEvents({ threshold: 4 });
  const rows = new Map<string, Row>();
  const grid = REGS.flatMap((reg) => ALPHAS.map((alpha) => ({ reg, alpha })));
  for (const seed of SEEDS) {
    const { train, test } = await events.split({ testRatio: 0.2, seed, by: 'user' });
    const configs: Config[] = grid.map(({ reg, alpha }) => ({ name: `reg=${reg} alpha=${alpha}`, factors: K, reg, alpha, iterations: ITERS, seed }));
    const dir = join(WORK, `quality-${seed}`);
    const ids = await writeTrain(train, dir, THREADS, (c) => c.alpha, configs);
    const peerSeconds = runPeer(dir);
    for (const c of configs) {
      const ours = await engine.fit(train, { feedback: 'implicit', factors: K, iterations: ITERS, lambda: 1, tau: c.reg, alpha: c.alpha, nu: 0, cgSteps: 3, seed });
      const o = row(rows, `als-wasm ${c.name}`);
      const q = await score(ours, train, test);
      o.ndcg10.push(q.ndcg10); o.recall20.push(q.recall20); o.secPerIter.push(stepSeconds(ours));
      await ours.dispose();
      const peer = await peerModel(engine, join(dir, c.name), ids);
      const p = row(rows, `implicit ${c.name}`);
      const pq = await score(peer, train, test);
      p.ndcg10.push(pq.ndcg10); p.recall20.push(pq.recall20); p.secPerIter.push(peerSeconds.get(c.name)!);
      await peer.dispose();
    }
    const defaults = await engine.fit(train, { feedback: 'implicit', factors: K, seed });
    const d = row(rows, 'als-wasm defaults (nu=1, ridge 0.01, alpha 3, 16 it.)');
    const dq = await score(defaults, train, test);
    d.ndcg10.push(dq.ndcg10); d.recall20.push(dq.recall20); d.secPerIter.push(stepSeconds(defaults));
    await defaults.dispose();
    const pop = await popularity(engine, train);
    const pp = row(rows, 'popularity');
    const popq = await score(pop, train, test);
    pp.ndcg10.push(popq.ndcg10); pp.recall20.push(popq.recall20);
    await pop.dispose();
  }
  printQuality([...rows.values()]);
}

/** Mean seconds of the user + item steps per iteration (metrics excluded). */
function stepSeconds(m: AlsModel): number {
  return mean(m.history.map((h) => (h.userStepSeconds ?? 0) + (h.itemStepSeconds ?? 0)));
}

function printQuality(rows: Row[]): void {
  console.log(`\nml-latest-small, ratings >= 4 as events, per-user 80/20, seeds ${SEEDS.join(',')}, K=${K}, ${ITERS} iterations, ${THREADS} threads (means over seeds)`);
  console.log('| model | NDCG@10 | Recall@20 | s/iteration |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    const s = r.secPerIter.length ? mean(r.secPerIter).toFixed(4) : '–';
    console.log(`| ${r.name} | ${mean(r.ndcg10).toFixed(4)} | ${mean(r.recall20).toFixed(4)} | ${s} |`);
  }
  const best = (prefix: string) => rows.filter((r) => r.name.startsWith(prefix)).sort((a, b) => mean(b.ndcg10) - mean(a.ndcg10))[0]!;
  const [ours, peer] = [best('als-wasm reg'), best('implicit')];
  const pop = rows.find((r) => r.name === 'popularity')!;
  const bestOurs = [ours, rows.find((r) => r.name.startsWith('als-wasm defaults'))!].sort((a, b) => mean(b.ndcg10) - mean(a.ndcg10))[0]!;
  const ratio = (a: number[], b: number[]) => (mean(a) / mean(b)).toFixed(3);
  console.log(`\nbest of the shared grid: ${ours.name} vs ${peer.name}: NDCG@10 ratio ${ratio(ours.ndcg10, peer.ndcg10)}, Recall@20 ratio ${ratio(ours.recall20, peer.recall20)}`);
  console.log(`best als-wasm (${bestOurs.name}) vs popularity: NDCG@10 ×${ratio(bestOurs.ndcg10, pop.ndcg10)}, Recall@20 ×${ratio(bestOurs.recall20, pop.recall20)}`);
}

async function speed(engine: Engine): Promise<void> {
  const { ratings } = await engine.synthesize({ ratings: EVENTS, seed: 42 });
  const events = await ratings.asEvents();
  await ratings.dispose();
  const c: Config = { name: 'speed', factors: K, reg: 10, alpha: 3, iterations: SPEED_ITERS, seed: 1 };
  const dir = join(WORK, `speed-${EVENTS}`);
  await writeTrain(events, dir, THREADS, () => c.alpha, [c]);
  // The machine may be shared: the 1-minute load average around each side says how much.
  const load = () => loadavg()[0]!.toFixed(1);
  const loads = [load()];
  const peer = runPeer(dir).get('speed')!;
  loads.push(load());
  const ours = await engine.fit(events, { feedback: 'implicit', factors: K, iterations: SPEED_ITERS, lambda: 1, tau: c.reg, alpha: c.alpha, nu: 0, cgSteps: 3 });
  loads.push(load());
  const s = stepSeconds(ours);
  await ours.dispose();
  const d = await events.describe();
  console.log(`\nspeed: synthetic ML-32M-shaped events (${d.count} events, ${d.userCount} users, ${d.itemCount} items), K=${K}, ${THREADS} threads, mean of ${SPEED_ITERS} iterations`);
  console.log('| | s/iteration |');
  console.log('|---|---|');
  console.log(`| als-wasm (WebAssembly, SIMD, ${THREADS} threads) | ${s.toFixed(3)} |`);
  console.log(`| implicit (native CPU, ${THREADS} threads) | ${peer.toFixed(3)} |`);
  console.log(`ratio als-wasm / implicit: ${(s / peer).toFixed(2)}`);
  console.log(`load average (1 min) before implicit, between, after als-wasm: ${loads.join(', ')}`);
}

async function main(): Promise<void> {
  ensureVenv();
  if (!existsSync(WORK)) mkdirSync(WORK, { recursive: true });
  const engine = await createEngine({ threads: THREADS });
  try {
    if (!argv.includes('--skip-quality')) await quality(engine);
    if (!argv.includes('--skip-strong')) {
      await strongGeneralization(engine, { data: DATA, seeds: SEEDS, k: K, iterations: ITERS, reg: STRONG_REG!, alpha: STRONG_ALPHA!, threads: THREADS, work: WORK });
    }
    if (!argv.includes('--skip-speed')) await speed(engine);
  } finally {
    await engine.close();
  }
}

await main();
