// A plain f64 reference for the ridge solve, and random CSR test data.

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  };
}

/** `rows` CSR rows over `cols` columns with 0, 1 or many entries, and a factor matrix. */
export function randomCsr(k: number, rows: number, cols: number, seed: number) {
  const next = random(seed);
  const indptr = new Uint32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const n = r % 4 === 0 ? 0 : r % 4 === 1 ? 1 : Math.floor(((next() + 1) / 2) * cols);
    for (let e = 0; e < n; e++) {
      indices.push(Math.floor(((next() + 1) / 2) * cols));
      values.push(0.5 + ((next() + 1) / 2) * 4.5);
    }
    indptr[r + 1] = indices.length;
  }
  const factors = Float32Array.from({ length: cols * k }, next);
  return { k, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values), factors };
}

/** Solve `(lambda Σ v vᵀ + tau I) x = lambda Σ y v` per row by Gaussian elimination in f64. */
export function ridgeReference(input: ReturnType<typeof randomCsr> & { lambda: number; tau: number }): Float64Array {
  const { k, indptr, indices, values, factors, lambda, tau } = input;
  const rows = indptr.length - 1;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const a = Array.from({ length: k }, () => new Float64Array(k + 1));
    for (let e = indptr[r]; e < indptr[r + 1]; e++) {
      const v = factors.subarray(indices[e] * k, indices[e] * k + k);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) a[i][j] += lambda * v[i] * v[j];
        a[i][k] += lambda * values[e] * v[i];
      }
    }
    for (let i = 0; i < k; i++) a[i][i] += tau;
    out.set(gaussSolve(a, k), r * k);
  }
  return out;
}

function gaussSolve(a: Float64Array[], k: number): Float64Array {
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < k; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= k; j++) a[r][j] -= f * a[c][j];
    }
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = a[i][k];
    for (let j = i + 1; j < k; j++) s -= a[i][j] * x[j];
    x[i] = s / a[i][i];
  }
  return x;
}
