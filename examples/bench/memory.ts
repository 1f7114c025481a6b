/**
 * The memory estimate against the heap the core really uses (docs/memory.md), not a test:
 * synthesize N ratings, split 80/20, fit one epoch at K on 2 threads, and print one table row —
 * the heap peak of the core's counting allocator beside the estimate (without its fixed base).
 *
 *   npm run bench:memory -- [ratings=1000000] [factors=20]
 */
import { createEngine } from 'als-wasm';

const [n = 1_000_000, K = 20] = process.argv.slice(2).map(Number);
const engine = await createEngine({ threads: 2 });
try {
  const base = (await engine.memoryUsage()).heapBytes;
  const { ratings } = await engine.synthesize({ ratings: n, seed: 42 });
  const { train, test } = await ratings.split({ testRatio: 0.2, seed: 42 });
  await engine.fit(train, { factors: K, iterations: 1 }, { evalSet: test });
  const u = await engine.memoryUsage();
  const e = await engine.estimateMemory({ ratings: n, users: ratings.userCount, items: ratings.itemCount, factors: K, split: true });
  const peak = u.heapPeakBytes - base, est = e.totalBytes - e.baseBytes;
  const int = (x: number): string => x.toLocaleString('en-US');
  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  console.log('| ratings | K | users × items | measured heap peak | estimate | wasm memory |');
  console.log(`| ${int(n)} | ${K} | ${int(ratings.userCount)} × ${int(ratings.itemCount)} | ${mb(peak)} (${(peak / n).toFixed(1)} B/rating) | ${mb(est)} (${(est / peak).toFixed(2)}×) | ${(u.wasmBytes / 1e6).toFixed(0)} MB |`);
} finally {
  await engine.close();
}
