/**
 * `npm run bench`: one ALS epoch on an ML-32M-shaped synthetic set at K=20
 * with the reference implementation's hyperparameters, in six tiers, like the reference implementation's table:
 *
 *   1 naive TypeScript (a COO pass per row; timed on a sample, extrapolated)
 *   2 TypeScript, dual CSR/CSC layout
 *   3 WASM, 1 thread, scalar          4 WASM, 1 thread, SIMD
 *   5 WASM, all threads, SIMD (the product; "(relaxed)": its relaxed-SIMD build, loaded where
 *     the engine supports it, e.g. `node --experimental-wasm-relaxed-simd --import tsx examples/bench/run.ts`)
 *   6 native Rust (rayon, target-cpu=native): the ceiling
 *
 * plus K=64 and K=128 for tiers 5 and 6 (`--large-k`). The engine tiers (3–6) solve rows by the
 * default warm-started CG; tiers 5 and 6 also run with the exact Cholesky
 * solve (`--solvers`), the TypeScript tiers always use Cholesky. `--solvers cg,cholesky,bayes`
 * adds a Gibbs sweep of Bayesian ALS (`method: 'bayes'`, exact Cholesky draws) to tiers 5 and 6,
 * to compare with the Cholesky epoch at the same K (docs/bayes.md). Each tier runs in its own process (peak RSS
 * is per tier); an epoch is the user step + the item step, the median of
 * `--epochs` epochs after `--warmup`; metrics (train + test RMSE, and for
 * the engine the objective) are timed apart. Prints the table and writes
 * JSON to `.bench/`. A benchmark, not a test.
 *
 *   npm run bench -- [--ratings 32000204] [--tiers 1,2,3,4,5,6] [--epochs 3] [--warmup 1]
 *                    [--threads N] [--large-k 64,128 | --no-k64] [--naive-sample 8] [--solvers cg,cholesky]
 *                    [--cg-steps 2] [--out FILE] [--skip-build]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

import { prepareData } from './bench_data.js';
import type { EpochTime, TierJob, TierRun } from './tier.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
};
const flag = (name: string) => argv.includes(`--${name}`);
const RATINGS = Number(opt('ratings', '32000204'));
const TIERS = opt('tiers', '1,2,3,4,5,6').split(',').map(Number);
const EPOCHS = Number(opt('epochs', '3'));
const WARMUP = Number(opt('warmup', '1'));
const THREADS = Number(opt('threads', String(availableParallelism())));
// The larger ranks run on tiers 5 and 6 only; `--no-k64` drops them all.
const LARGE_K = flag('no-k64') ? [] : opt('large-k', '64,128').split(',').filter(Boolean).map(Number);
const NAIVE_SAMPLE = Number(opt('naive-sample', '8'));
type Solver = 'cg' | 'cholesky' | 'bayes';
const SOLVERS = opt('solvers', 'cg,cholesky').split(',') as Solver[];
const CG_STEPS = Number(opt('cg-steps', '2'));
const OUT = opt('out', `.bench/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const NAMES: Record<number, string> = {
  1: 'naive TypeScript (COO pass per row)', 2: 'TypeScript, dual CSR/CSC', 3: 'WASM, 1 thread, scalar',
  4: 'WASM, 1 thread, SIMD', 5: `WASM, ${THREADS} threads, SIMD`, 6: `native Rust, ${THREADS} threads`,
};

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  console.error(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
}

const NATIVE_DIR = 'crate/target/native-bench';
function build(): void {
  for (const [tier, variant] of [[3, 'scalar'], [4, 'simd'], [5, 'threads'], [5, 'relaxed']] as const) {
    if (TIERS.includes(tier) || variant === 'threads') sh('bash', ['scripts/build_wasm.sh', variant]);
  }
  sh('npm', ['run', '-s', 'build:ts']);
  if (TIERS.includes(6)) {
    sh('cargo', ['build', '--release', '--example', 'bench_native', '--manifest-path', 'crate/Cargo.toml'],
      { RUSTFLAGS: '-C target-cpu=native', CARGO_TARGET_DIR: NATIVE_DIR });
  }
}

function runTier(job: TierJob): TierRun {
  // V8's wasm flags (`--experimental-wasm-relaxed-simd` for tier 5's relaxed build under Node 20) carry over.
  const v8 = process.execArgv.filter((a) => a.startsWith('--experimental-wasm-'));
  const r = spawnSync(process.execPath, [...v8, '--import', 'tsx', 'examples/bench/tier.ts', JSON.stringify(job)], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`tier ${job.tier} failed (status ${r.status}):\n${r.stdout}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as TierRun;
}

function runNative(k: number, dir: string, solver: Solver): TierRun {
  const out = execFileSync(`${NATIVE_DIR}/release/examples/bench_native`,
    ['--data', dir, '--epochs', String(WARMUP + EPOCHS), '--k', String(k), '--json', ...(solver === 'cholesky' ? ['--cholesky'] : solver === 'bayes' ? ['--bayes'] : ['--cg-steps', String(CG_STEPS)])],
    { encoding: 'utf8', env: { ...process.env, RAYON_NUM_THREADS: String(THREADS) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const j = JSON.parse(out.trim().split('\n').at(-1)!);
  const epochs: EpochTime[] = j.epochs.slice(WARMUP).map((e: Record<string, number>) => ({
    userStep: e.userStep, itemStep: e.itemStep, metrics: e.trainMetrics! + e.testMetrics!, trainRmse: e.trainRmse, testRmse: e.testRmse,
  }));
  return { train: j.train, users: j.users, items: j.items, epochs, threads: j.threads, peakRssBytes: j.peakRssKb * 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/**
 * Flops of one epoch, per side. Cholesky: per rating the upper triangle of
 * `v vᵀ` and the sums `Σ z v`, `Σ v`; per row building the system, the
 * factorization and the solves. CG with s steps: per rating the first pass
 * (`x·v`, then `Σ (t − b) v`: 4K), one product with `Vᵀ V` per step but the
 * last (`v·p` and `Σ (v·p) v`: 4K) and the last step's `v·p` (2K); per row a
 * few length-K vector updates per step.
 */
function epochFlops(k: number, r: TierRun, solver: Solver): { gram: number; solve: number } {
  if (solver === 'cg') return { gram: 2 * r.train * (4 * CG_STEPS + 2) * k, solve: (r.users + r.items) * CG_STEPS * 10 * k };
  return { gram: 2 * r.train * (k * (k + 1) + 3 * k), solve: (r.users + r.items) * (k ** 3 / 3 + 3 * k * k) };
}

interface Row {
  tier: number; name: string; k: number; solver: Solver; run: TierRun; loadBefore: number;
  epoch: number; userStep: number; itemStep: number; metrics: number; ratingsPerSecond: number; gflops: number;
}

function summarize(tier: number, k: number, solver: Solver, run: TierRun, loadBefore: number): Row {
  const user = median(run.epochs.map((e) => e.userStep)), item = median(run.epochs.map((e) => e.itemStep));
  const epoch = median(run.epochs.map((e) => e.userStep + e.itemStep));
  const f = epochFlops(k, run, solver);
  return {
    tier, name: run.variant === 'relaxed' ? `${NAMES[tier]!} (relaxed)` : NAMES[tier]!, k, solver, run, loadBefore, epoch, userStep: user, itemStep: item,
    metrics: median(run.epochs.map((e) => e.metrics)), ratingsPerSecond: run.train / epoch, gflops: (f.gram + f.solve) / epoch / 1e9,
  };
}

function fmtTime(s: number): string {
  return s >= 3600 ? `${(s / 3600).toFixed(2)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(s < 10 ? 3 : 1)} s`;
}

function table(rows: Row[]): string {
  const base = rows.find((r) => r.tier === 1 && r.k === 20)?.epoch;
  const head = '| tier | K | solve | epoch | user step | item step | metrics | ratings/s | speedup vs 1 | GFLOP/s | peak RSS | wasm memory |';
  const lines = [head, '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const mb = (b?: number) => (b ? `${(b / 2 ** 20).toFixed(0)} MB` : '—');
    const solve = r.solver === 'cg' ? `CG×${CG_STEPS}` : r.solver === 'bayes' ? 'Gibbs sweep' : 'Cholesky';
    lines.push(`| ${r.tier}. ${r.name}${r.run.note ? ' *' : ''} | ${r.k} | ${solve} | ${fmtTime(r.epoch)} | ${fmtTime(r.userStep)} | ${fmtTime(r.itemStep)} | ` +
      `${r.metrics ? fmtTime(r.metrics) : '—'} | ${(r.ratingsPerSecond / 1e6).toFixed(r.ratingsPerSecond < 1e5 ? 4 : 1)} M | ` +
      `${base && r.k === 20 ? `${Math.round(base / r.epoch).toLocaleString('en-US')}×` : '—'} | ${r.gflops.toFixed(r.gflops < 1 ? 3 : 1)} | ${mb(r.run.peakRssBytes)} | ${mb(r.run.wasmBytes)} |`);
  }
  return lines.join('\n');
}

function machine(): { cpu: string; cores: number; node: string; memGiB: number } {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const cpu = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? 'unknown';
  const mem = Number(/MemTotal:\s*(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  return { cpu, cores: availableParallelism(), node: process.version, memGiB: Math.round(mem / 2 ** 20) };
}

if (!flag('skip-build')) build();
const dir = await prepareData(RATINGS);
const rows: Row[] = [];
// TypeScript tiers solve by Cholesky; tiers 3–4 by the engine's default; 5–6 by each of SOLVERS.
const solversOf = (t: number): Solver[] => (t <= 2 ? ['cholesky'] : t <= 4 ? ['cg'] : SOLVERS);
// A Gibbs sweep costs what a Cholesky epoch does plus one triangular solve per row (counted as Cholesky).
const jobs: Array<[number, number, Solver]> = TIERS.flatMap((t) => solversOf(t).map((s) => [t, 20, s] as [number, number, Solver]));
for (const k of LARGE_K) for (const t of [5, 6]) if (TIERS.includes(t)) for (const s of SOLVERS) jobs.push([t, k, s]);
for (const [tier, k, solver] of jobs) {
  const load = loadavg()[0]!;
  console.error(`tier ${tier}, K=${k}, ${solver} (load average ${load.toFixed(2)})`);
  const run = tier === 6 ? runNative(k, dir, solver)
    : runTier({ tier: tier as TierJob['tier'], k, ratings: RATINGS, epochs: EPOCHS, warmup: WARMUP, threads: THREADS, naiveSample: NAIVE_SAMPLE, solver, cgSteps: CG_STEPS });
  const row = summarize(tier, k, solver, run, load);
  rows.push(row);
  console.error(`  epoch ${fmtTime(row.epoch)} (user ${fmtTime(row.userStep)}, item ${fmtTime(row.itemStep)}), metrics ${fmtTime(row.metrics)}${run.note ? `; ${run.note}` : ''}`);
}
const m = machine();
const first = rows[0]?.run;
console.log(`\nALS epoch, ${first ? `${first.train.toLocaleString('en-US')} training ratings, ${first.users.toLocaleString('en-US')} users × ${first.items.toLocaleString('en-US')} items` : ''}, seed hyperparameters`);
console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${m.node}; load average at start of each tier: ${rows.map((r) => r.loadBefore.toFixed(1)).join(', ')}\n`);
console.log(table(rows));
for (const r of rows) if (r.run.note) console.log(`* tier ${r.tier}: ${r.run.note}`);
mkdirSync('.bench', { recursive: true });
writeFileSync(OUT, JSON.stringify({ machine: m, ratings: RATINGS, epochs: EPOCHS, warmup: WARMUP, threads: THREADS, rows }, null, 2));
console.log(`\nwrote ${OUT}`);
