/**
 * The reference implementation's update rules in plain TypeScript, shared by the two TypeScript
 * tiers of `npm run bench` (naive_als.ts, csr_als.ts). One row (a user in
 * the user step, an item in the item step), as docs/model.md writes it:
 *
 *   z_j = r_j − mu − b_j
 *   b   = lambda Σ (z_j − x·v_j) / (lambda n + gamma)
 *   x   = (lambda Σ v_j v_jᵀ + tau I)⁻¹ lambda Σ (z_j − b) v_j
 *
 * fused into one pass: Σ (z_j − b) v_j = Σ z_j v_j − b Σ v_j and
 * Σ x·v_j = x · Σ v_j. Accumulation and the K×K Cholesky are in f64.
 */

/** The reference implementation's hyperparameters (docs/model.md). */
export const SEED_PARAMS = { lambda: 0.002, gamma: 0.015, tau: 0.05 };

/** Ratings as COO triples in dense indices. */
export interface CooSet {
  nUsers: number;
  nItems: number;
  users: Uint32Array;
  items: Uint32Array;
  ratings: Float32Array;
}

/** Factors and biases of both sides (rows of K floats). */
export interface TsModel {
  k: number;
  mu: number;
  p: Float32Array;
  q: Float32Array;
  bu: Float32Array;
  bi: Float32Array;
}

/** N(0, 0.01²) factors from a small seeded generator, biases 0. */
export function initModel(data: CooSet, k: number, seed = 42): TsModel {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const fill = (n: number) => Float32Array.from({ length: n }, () => 0.01 * normal());
  let sum = 0;
  for (let e = 0; e < data.ratings.length; e++) sum += data.ratings[e]!;
  return {
    k, mu: sum / data.ratings.length,
    p: fill(data.nUsers * k), q: fill(data.nItems * k),
    bu: new Float32Array(data.nUsers), bi: new Float32Array(data.nItems),
  };
}

/** Accumulators of one row and its solve. */
export class RowSolver {
  private readonly g: Float64Array;
  private readonly sz: Float64Array;
  private readonly sv: Float64Array;
  private readonly rhs: Float64Array;
  n = 0;
  zsum = 0;

  constructor(readonly k: number) {
    this.g = new Float64Array(k * k);
    this.sz = new Float64Array(k);
    this.sv = new Float64Array(k);
    this.rhs = new Float64Array(k);
  }

  reset(): void {
    this.g.fill(0); this.sz.fill(0); this.sv.fill(0);
    this.n = 0; this.zsum = 0;
  }

  /** One rating: the other side's factor row `v[off..off+k)` and `z = r − mu − b_other`. */
  add(v: Float32Array, off: number, z: number): void {
    const { k, g, sz, sv } = this;
    for (let a = 0; a < k; a++) {
      const va = v[off + a]!;
      sz[a] += z * va;
      sv[a] += va;
      const row = a * k;
      for (let c = a; c < k; c++) g[row + c] += va * v[off + c]!;
    }
    this.n++;
    this.zsum += z;
  }

  /** Solve for the row's bias (returned) and factor `x[xo..xo+k)` (read as the current one, then overwritten). */
  solve(x: Float32Array, xo: number, lambda: number, gamma: number, tau: number): number {
    const { k, g, sz, sv, rhs } = this;
    if (this.n === 0) {
      x.fill(0, xo, xo + k);
      return 0;
    }
    let xv = 0;
    for (let a = 0; a < k; a++) xv += x[xo + a]! * sv[a]!;
    const b = (lambda * (this.zsum - xv)) / (lambda * this.n + gamma);
    for (let a = 0; a < k; a++) {
      for (let c = a; c < k; c++) g[a * k + c] *= lambda;
      g[a * k + a] += tau;
      rhs[a] = lambda * (sz[a]! - b * sv[a]!);
    }
    choleskySolveUpper(g, rhs, k);
    for (let a = 0; a < k; a++) x[xo + a] = rhs[a]!;
    return b;
  }
}

/** Solve `A x = b` in place, `A` SPD given by its upper triangle (row-major), overwritten by `U` (A = UᵀU). */
export function choleskySolveUpper(a: Float64Array, b: Float64Array, k: number): void {
  for (let j = 0; j < k; j++) {
    const d = a[j * k + j]!;
    if (!(d > 0)) throw new Error(`Cholesky: pivot ${d} at ${j}`);
    const inv = 1 / Math.sqrt(d);
    for (let c = j; c < k; c++) a[j * k + c] *= inv;
    for (let i = j + 1; i < k; i++) {
      const f = a[j * k + i]!;
      for (let c = i; c < k; c++) a[i * k + c] -= f * a[j * k + c]!;
    }
  }
  for (let p = 0; p < k; p++) {
    const y = b[p]! / a[p * k + p]!;
    b[p] = y;
    for (let i = p + 1; i < k; i++) b[i] -= a[p * k + i]! * y;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let c = i + 1; c < k; c++) s -= a[i * k + c]! * b[c]!;
    b[i] = s / a[i * k + i]!;
  }
}

/** RMSE of the model on COO ratings. */
export function rmse(m: TsModel, d: CooSet): number {
  const { k, p, q } = m;
  let sse = 0;
  for (let e = 0; e < d.ratings.length; e++) {
    const u = d.users[e]!, i = d.items[e]!;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += p[u * k + f]! * q[i * k + f]!;
    const err = d.ratings[e]! - (m.mu + m.bu[u]! + m.bi[i]! + dot);
    sse += err * err;
  }
  return Math.sqrt(sse / d.ratings.length);
}
