/**
 * The memory estimate against the heap the core really uses (docs/memory.md), not a test:
 * synthesize N ratings, split 80/20, fit one epoch at K on 2 threads, and print one table row —
 * the heap peak of the core's counting allocator beside the estimate (without its fixed base).
 * `--as-train` follows `als-wasm train` instead: a 90/10 split, the whole set freed, one epoch
 * fitted directly; `--early-stop` adds `fitEarlyStopped`'s validation split (10%, patience 3).
 *
 *   npm run bench:memory -- [ratings=1000000] [factors=20] [--as-train] [--early-stop]
 */
import { createEngine, fitEarlyStopped } from 'als-wasm';

const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const [n = 1_000_000, K = 20] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
const asTrain = flags.has('--as-train') || flags.has('--early-stop');
const engine = await createEngine({ threads: 2 });
try {
  const base = (await engine.memoryUsage()).heapBytes;
  const { ratings } = await engine.synthesize({ ratings: n, seed: 42 });
  const [users, items] = [ratings.userCount, ratings.itemCount];
  const { train, test } = await ratings.split({ testRatio: asTrain ? 0.1 : 0.2, seed: 42 });
  if (asTrain) await ratings.dispose();
  const params = { factors: K, iterations: 1 };
  if (flags.has('--early-stop')) await fitEarlyStopped(engine, train, params, {}, { patience: 3 });
  else await engine.fit(train, params, { evalSet: test });
  const u = await engine.memoryUsage();
  const e = await engine.estimateMemory({ synthetic: { ratings: n, seed: 42 }, factors: K, split: true });
  const peak = u.heapPeakBytes - base, est = e.totalBytes - e.baseBytes;
  const int = (x: number): string => x.toLocaleString('en-US');
  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  console.log('| ratings | K | users × items | measured heap peak | estimate | wasm memory |');
  console.log(`| ${int(n)} | ${K} | ${int(users)} × ${int(items)} | ${mb(peak)} (${(peak / n).toFixed(1)} B/rating) | ${mb(est)} (${(est / peak).toFixed(2)}×) | ${(u.wasmBytes / 1e6).toFixed(0)} MB |`);
} finally {
  await engine.close();
}
