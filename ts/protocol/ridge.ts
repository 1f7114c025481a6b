/** The batched ridge solve across the worker boundary (`Engine.ridgeSolve`). */

/** Input of `Engine.ridgeSolve`: a CSR block and the fixed factor matrix. */
export interface RidgeSolveInput {
  /** Latent dimension K (>= 1). */
  k: number;
  /** Row pointers, `rows + 1` entries, starting at 0 and ending at `indices.length`. */
  indptr: Uint32Array;
  /** Column of each entry: a row index into `factors`. */
  indices: Uint32Array;
  /** Value (rating) of each entry; must be finite. */
  values: Float32Array;
  /** The fixed side, row-major, `cols * k` values. */
  factors: Float32Array;
  /** Weight of the data term (the reference implementation's lambda). */
  lambda: number;
  /** Ridge on the solved rows (the reference implementation's tau). */
  tau: number;
}

/** Output of `Engine.ridgeSolve`. */
export interface RidgeSolveOutput {
  /** Solved rows, row-major, `rows * k` values. */
  factors: Float32Array;
  /** How many distinct pool threads solved at least one row. */
  threadsUsed: number;
}
