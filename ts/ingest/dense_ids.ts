/**
 * Raw id <-> dense index maps. Dense indices are assigned in first-seen order. Raw ids below
 * `DIRECT_LIMIT` are looked up in a direct-address table (one array read on the hot path);
 * larger ones (rare in MovieLens) go through a `Map`.
 */
import { allocTyped, resizeTyped, trimTyped } from './shared_arrays.js';

/** Raw ids below this use the direct table (64 MiB at most per map). */
export const DIRECT_LIMIT = 1 << 24;

/** Largest raw id accepted: MovieLens ids fit in u32; larger ones are `ID_OVERFLOW`. */
export const MAX_RAW_ID = 0xffffffff;

/**
 * A growable two-way map between raw ids (u32) and dense indices 0..size-1.
 *
 * @example
 * ```ts
 * const ids = new DenseIds(true);
 * ids.intern(296); // 0
 * ids.denseOf(296); // 0; ids.rawOf(0) === 296
 * ```
 */
export class DenseIds {
  /** Dense -> raw (capacity may exceed `size`). */
  raw: Uint32Array;
  /** Raw -> dense + 1 (0 = absent) for raw ids below `direct.length`. */
  direct: Int32Array;
  /** Number of distinct ids seen. */
  size = 0;
  private readonly far = new Map<number, number>();
  private readonly shared: boolean;

  constructor(shared: boolean, capacity = 1024) {
    this.shared = shared;
    this.raw = allocTyped(Uint32Array, capacity, shared);
    this.direct = new Int32Array(1024);
  }

  /** Builds the map from a dense -> raw table (e.g. after the table crossed to a worker). */
  static fromRaw(raw: Uint32Array): DenseIds {
    const ids = new DenseIds(false, Math.max(raw.length, 1));
    for (let i = 0; i < raw.length; i++) ids.intern(raw[i]!);
    return ids;
  }

  /** Dense index of `raw`, or -1 when it was never seen. */
  denseOf(raw: number): number {
    if (raw < this.direct.length) return this.direct[raw]! - 1;
    const d = this.far.get(raw);
    return d === undefined ? -1 : d;
  }

  /** Raw id of dense index `dense`. */
  rawOf(dense: number): number {
    return this.raw[dense]!;
  }

  /** Dense index of `raw`, assigning the next one when it is new. `raw` must be an integer in u32. */
  intern(raw: number): number {
    if (raw < DIRECT_LIMIT) {
      if (raw >= this.direct.length) this.growDirect(raw);
      const d = this.direct[raw]!;
      if (d !== 0) return d - 1;
      const dense = this.push(raw);
      this.direct[raw] = dense + 1;
      return dense;
    }
    const d = this.far.get(raw);
    if (d !== undefined) return d;
    const dense = this.push(raw);
    this.far.set(raw, dense);
    return dense;
  }

  /** The dense -> raw table, exactly `size` long. */
  finish(): Uint32Array {
    return trimTyped(this.raw, this.size, this.shared);
  }

  private push(raw: number): number {
    if (this.size === this.raw.length) {
      this.raw = resizeTyped(this.raw, this.size, this.size * 2, this.shared);
    }
    this.raw[this.size] = raw;
    return this.size++;
  }

  private growDirect(raw: number): void {
    let n = this.direct.length;
    while (n <= raw) n *= 2;
    const next = new Int32Array(Math.min(n, DIRECT_LIMIT));
    next.set(this.direct);
    this.direct = next;
  }
}
