/**
 * Tier 1 of `npm run bench`: the reference implementation's naive baseline in TypeScript. Every
 * row's update scans the whole COO list for its own ratings (no index), so
 * an epoch costs (users + items) passes over the ratings. A full epoch on
 * the 32M shape would take hours: we time `sample` users and `sample` items
 * spread over the index range, and extrapolate to every row (said so in the
 * table).
 */
import { type CooSet, RowSolver, SEED_PARAMS, type TsModel } from './ts_als.js';

export interface NaiveTiming {
  /** Seconds per user row and per item row (measured). */
  perUser: number;
  perItem: number;
  /** Extrapolated seconds of the user step, the item step and the epoch. */
  userStep: number;
  itemStep: number;
  sampledRows: number;
}

/** Update the rows `rows` of one side by scanning all ratings for each. */
function naiveRows(m: TsModel, d: CooSet, side: 'user' | 'item', rows: number[]): void {
  const { k } = m;
  const { lambda, gamma, tau } = SEED_PARAMS;
  const own = side === 'user' ? d.users : d.items, other = side === 'user' ? d.items : d.users;
  const [x, b, vf, vb] = side === 'user' ? [m.p, m.bu, m.q, m.bi] : [m.q, m.bi, m.p, m.bu];
  const solver = new RowSolver(k);
  for (const r of rows) {
    solver.reset();
    for (let e = 0; e < own.length; e++) {
      if (own[e] !== r) continue;
      const j = other[e]!;
      solver.add(vf, j * k, d.ratings[e]! - m.mu - vb[j]!);
    }
    b[r] = solver.solve(x, r * k, lambda, gamma, tau);
  }
}

function spread(n: number, count: number): number[] {
  return Array.from({ length: Math.min(n, count) }, (_, j) => Math.floor(((j + 0.5) * n) / Math.min(n, count)));
}

/** Time `sample` rows per side (after one warm-up row each) and extrapolate. */
export function timeNaive(m: TsModel, d: CooSet, sample: number): NaiveTiming {
  naiveRows(m, d, 'user', [0]);
  naiveRows(m, d, 'item', [0]);
  const users = spread(d.nUsers, sample), items = spread(d.nItems, sample);
  let t = performance.now();
  naiveRows(m, d, 'user', users);
  const perUser = (performance.now() - t) / 1000 / users.length;
  t = performance.now();
  naiveRows(m, d, 'item', items);
  const perItem = (performance.now() - t) / 1000 / items.length;
  return {
    perUser, perItem,
    userStep: perUser * d.nUsers, itemStep: perItem * d.nItems,
    sampledRows: users.length + items.length,
  };
}
