/**
 * Tier 2 of `npm run bench`: the reference implementation's dual layout in plain TypeScript
 * typed arrays. Ratings are grouped once into user rows (CSR, for the user
 * step) and item columns (CSC, for the item step); each row update reads
 * only its own ratings. Same update rules as tier 1 (ts_als.ts).
 */
import { type CooSet, RowSolver, SEED_PARAMS, type TsModel } from './ts_als.js';

/** Rows of `own[e]` holding `other[e]` and `ratings[e]` (counting sort). */
export interface Grouped {
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

export function groupBy(nRows: number, own: Uint32Array, other: Uint32Array, ratings: Float32Array): Grouped {
  const indptr = new Uint32Array(nRows + 1);
  for (let e = 0; e < own.length; e++) indptr[own[e]! + 1]++;
  for (let r = 0; r < nRows; r++) indptr[r + 1] += indptr[r]!;
  const cursor = indptr.slice(0, nRows);
  const indices = new Uint32Array(own.length), values = new Float32Array(own.length);
  for (let e = 0; e < own.length; e++) {
    const at = cursor[own[e]!]!++;
    indices[at] = other[e]!;
    values[at] = ratings[e]!;
  }
  return { indptr, indices, values };
}

/** The dual layout of a training set. */
export interface DualLayout {
  byUser: Grouped;
  byItem: Grouped;
}

export function dualLayout(d: CooSet): DualLayout {
  return {
    byUser: groupBy(d.nUsers, d.users, d.items, d.ratings),
    byItem: groupBy(d.nItems, d.items, d.users, d.ratings),
  };
}

/** One half step: every row of `g`, with the other side fixed. */
function halfStep(m: TsModel, g: Grouped, side: 'user' | 'item'): void {
  const { k } = m;
  const { lambda, gamma, tau } = SEED_PARAMS;
  const [x, b, vf, vb] = side === 'user' ? [m.p, m.bu, m.q, m.bi] : [m.q, m.bi, m.p, m.bu];
  const solver = new RowSolver(k);
  const rows = g.indptr.length - 1;
  for (let r = 0; r < rows; r++) {
    solver.reset();
    for (let e = g.indptr[r]!; e < g.indptr[r + 1]!; e++) {
      const j = g.indices[e]!;
      solver.add(vf, j * k, g.values[e]! - m.mu - vb[j]!);
    }
    b[r] = solver.solve(x, r * k, lambda, gamma, tau);
  }
}

/** One epoch; returns the seconds of its user and item steps. */
export function csrEpoch(m: TsModel, layout: DualLayout): { userStep: number; itemStep: number } {
  const t0 = performance.now();
  halfStep(m, layout.byUser, 'user');
  const t1 = performance.now();
  halfStep(m, layout.byItem, 'item');
  const t2 = performance.now();
  return { userStep: (t1 - t0) / 1000, itemStep: (t2 - t1) / 1000 };
}
