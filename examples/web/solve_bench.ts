// The demo's "solve benchmark": one ALS half-step (a batched ridge solve) on
// generated ratings, timed through the public API.
import type { Engine, RidgeSolveInput } from 'als-wasm';

/** Shape of the generated problem. */
export interface SolveBenchOptions {
  /** Rows to solve (users in an ALS half-step). */
  rows: number;
  /** Rows of the fixed factor matrix (items). */
  cols: number;
  /** Ratings per row. */
  perRow: number;
  /** Latent dimension K. */
  k: number;
  seed: number;
}

/** One timed run. */
export interface SolveBenchResult extends SolveBenchOptions {
  /** Wall time of `engine.ridgeSolve`, copies to and from the worker included. */
  ms: number;
  ratings: number;
  /** Pool threads that solved at least one row. */
  threadsUsed: number;
  /** Whether every solved value is finite. */
  finite: boolean;
}

export const defaultSolveBench: SolveBenchOptions = { rows: 20_000, cols: 2_000, perRow: 50, k: 32, seed: 1 };

/** A seeded uniform generator on [0, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Random half-star ratings in CSR form and small random item factors. */
export function makeSolveInput({ rows, cols, perRow, k, seed }: SolveBenchOptions): RidgeSolveInput {
  const next = uniform(seed);
  const indptr = Uint32Array.from({ length: rows + 1 }, (_, r) => r * perRow);
  const indices = new Uint32Array(rows * perRow);
  const values = new Float32Array(rows * perRow);
  for (let e = 0; e < indices.length; e++) {
    indices[e] = Math.floor(next() * cols);
    values[e] = 0.5 + Math.floor(next() * 10) / 2;
  }
  const factors = Float32Array.from({ length: cols * k }, () => (next() - 0.5) * 0.2);
  return { k, indptr, indices, values, factors, lambda: 0.002, tau: 0.05 };
}

/** Generate a problem, solve it once and time the solve. */
export async function runSolveBench(engine: Engine, options: Partial<SolveBenchOptions> = {}): Promise<SolveBenchResult> {
  const opts = { ...defaultSolveBench, ...options };
  const input = makeSolveInput(opts);
  const t0 = performance.now();
  const { factors, threadsUsed } = await engine.ridgeSolve(input);
  const ms = performance.now() - t0;
  return { ...opts, ms, ratings: input.indices.length, threadsUsed, finite: factors.every(Number.isFinite) };
}
