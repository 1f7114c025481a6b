/**
 * `npm run bench:ab -- DIR_A DIR_B [--rounds 4] [--ratings 32000204] [--factors 20]
 *   [--solver cg|cholesky] [--cg-steps N] [--variants A,B]`:
 * compare two builds of als-wasm (each DIR a checkout with `dist/` built) in
 * one process, their fits alternating, so that both see the same machine
 * (on a shared VM, runs minutes apart differ by more than most changes).
 * `--variants threads,relaxed` loads those core builds (`EngineOptions.variant`)
 * for A and B, e.g. the plain and relaxed-SIMD builds of one DIR (under Node 20,
 * which has relaxed SIMD only behind a V8 flag, this script sets the flag
 * itself before any engine starts, so that older builds, whose workers refuse
 * V8 flags on the command line, load too).
 * Each round fits 3 epochs per build on the same synthetic set and keeps the
 * step times of epochs 2 and 3; prints min / lower quartile / median per
 * step, and the process's CPU time per fit (all threads: what the fit
 * computed, less sensitive than the wall clock to other processes taking
 * the cores, more to rayon's idle spinning). A benchmark, not a test.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import v8 from 'node:v8';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '4' },
    ratings: { type: 'string', default: '32000204' },
    factors: { type: 'string', default: '20' },
    solver: { type: 'string', default: 'cg' },
    'cg-steps': { type: 'string' },
    variants: { type: 'string' },
  },
});
if (positionals.length < 2) throw new Error('usage: ab.ts DIR_A DIR_B [--rounds N] [--ratings N] [--factors K] [--solver cg|cholesky] [--cg-steps N] [--variants A,B]');
const variants = values.variants?.split(',') ?? [];
if (variants.includes('relaxed')) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

interface Build { dir: string; engine: any; train: any; user: number[]; item: number[]; epoch: number[]; cpu: number[] }
const builds: Build[] = [];
for (const [i, dir] of positionals.entries()) {
  const { createEngine } = await import(resolve(dir, 'dist/node.js'));
  const engine = await createEngine(variants[i] ? { threads: 2, variant: variants[i] } : { threads: 2 });
  const { ratings } = await engine.synthesize({ ratings: Number(values.ratings), seed: 42 });
  const { train } = await ratings.split({ testRatio: 0.1, seed: 42 });
  await ratings.dispose();
  builds.push({ dir: variants[i] ? `${dir} (${engine.info.variant})` : dir, engine, train, user: [], item: [], epoch: [], cpu: [] });
}
const steps = values['cg-steps'] ? { cgSteps: Number(values['cg-steps']) } : {};
for (let round = 0; round < Number(values.rounds); round++) {
  for (const b of builds) {
    const cpu0 = process.cpuUsage();
    const model = await b.engine.fit(b.train, {
      factors: Number(values.factors),
      iterations: 3,
      seed: 42,
      solver: values.solver,
      ...steps,
    });
    const cpu = process.cpuUsage(cpu0);
    b.cpu.push((cpu.user + cpu.system) / 1e6);
    for (const s of model.history.slice(1)) {
      b.user.push(s.userStepSeconds);
      b.item.push(s.itemStepSeconds);
      b.epoch.push(s.userStepSeconds + s.itemStepSeconds);
    }
    await model.dispose();
  }
}
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!.toFixed(3);
const stats = (xs: number[]) => `min ${q(xs, 0)}  q25 ${q(xs, 0.25)}  median ${q(xs, 0.5)}`;
console.log(`K=${values.factors}, ${values.solver}, ${values.ratings} ratings, ${values.rounds} rounds`);
for (const b of builds) {
  console.log(`${b.dir}\n  user step ${stats(b.user)}\n  item step ${stats(b.item)}\n  epoch     ${stats(b.epoch)}\n  fit CPU   ${stats(b.cpu)}`);
}
const [a, b] = builds as [Build, Build];
const ratio = (p: number) => (Number(q(b.epoch, p)) / Number(q(a.epoch, p))).toFixed(3);
console.log(`epoch B/A: min ${ratio(0)}  q25 ${ratio(0.25)}  median ${ratio(0.5)}`);
const cpuRatio = (p: number) => (Number(q(b.cpu, p)) / Number(q(a.cpu, p))).toFixed(3);
console.log(`fit CPU B/A: min ${cpuRatio(0)}  q25 ${cpuRatio(0.25)}  median ${cpuRatio(0.5)}`);
for (const b of builds) await b.engine.close();
