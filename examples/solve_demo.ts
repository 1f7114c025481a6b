// Solve a batch of ridge regressions (one ALS half-step) through the public
// API, on 1 thread and on all cores, and print the timings.
//   npx tsx examples/solve_demo.ts [rows] [K]
import { availableParallelism } from 'node:os';

import { createEngine, type RidgeSolveInput } from 'als-wasm';

const rows = Number(process.argv[2] ?? 200_000);
const k = Number(process.argv[3] ?? 20);
const cols = 20_000;
const perRow = 50;

function makeInput(): RidgeSolveInput {
  let s = 42;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const indptr = new Uint32Array(rows + 1);
  const indices = new Uint32Array(rows * perRow);
  const values = new Float32Array(rows * perRow);
  for (let e = 0; e < indices.length; e++) {
    indices[e] = Math.floor(next() * cols);
    values[e] = 0.5 + Math.round(next() * 9) / 2;
  }
  for (let r = 0; r <= rows; r++) indptr[r] = r * perRow;
  const factors = Float32Array.from({ length: cols * k }, () => (next() - 0.5) * 0.2);
  return { k, indptr, indices, values, factors, lambda: 0.002, tau: 0.05 };
}

const input = makeInput();
const ratings = input.indices.length;
console.log(`ridge solve: ${rows.toLocaleString()} rows, ${ratings.toLocaleString()} entries, K=${k}`);
const cores = availableParallelism();
for (const threads of [...new Set([1, cores])]) {
  const engine = await createEngine({ threads });
  await engine.ridgeSolve(input); // warm-up
  const t0 = performance.now();
  const { threadsUsed } = await engine.ridgeSolve(input);
  const seconds = (performance.now() - t0) / 1000;
  const rate = (ratings / seconds / 1e6).toFixed(1);
  console.log(`  ${threads} thread(s): ${seconds.toFixed(3)} s  (${rate} M entries/s, ${threadsUsed} thread(s) at work)`);
  await engine.close();
}
