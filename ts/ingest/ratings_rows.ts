/**
 * Row storage of the ratings scanner: growable (shared) typed arrays, id maps, the duplicate
 * marker for user-grouped files, and strict/lenient handling of bad lines. Environment-neutral.
 */
import { DenseIds } from './dense_ids.js';
import { emptySkipCounts, IngestError, lineText, skipReason, type IngestErrorCode } from './errors.js';
import type { RatingsStats } from './ratings_format.js';
import { allocTyped, resizeTyped } from './shared_arrays.js';

/** Accepted rows so far, plus the bookkeeping needed to report bad lines by line number. */
export class RatingsRows {
  users: Uint32Array;
  items: Uint32Array;
  ratings: Float32Array;
  count = 0;
  readonly userIds: DenseIds;
  readonly itemIds: DenseIds;
  readonly stats: RatingsStats;
  /** Row counts at which a non-row line (header, blank, skipped) occurred; maps rows to lines. */
  readonly gaps: number[] = [];
  readonly file: string;
  readonly strict: boolean;
  readonly shared: boolean;
  /** mark[item] = user + 1 when the current user already rated item (valid while users are grouped). */
  mark = new Int32Array(1024);
  /** Add a repeated pair's value to its first row instead of rejecting it (`duplicates: 'sum'`). */
  sumDuplicates = false;
  lastRawUser = -1;
  lastUser = -1;
  runStart = 0;

  constructor(file: string, strict: boolean, shared: boolean, capacity: number) {
    this.file = file;
    this.strict = strict;
    this.shared = shared;
    this.users = allocTyped(Uint32Array, capacity, shared);
    this.items = allocTyped(Uint32Array, capacity, shared);
    this.ratings = allocTyped(Float32Array, capacity, shared);
    this.userIds = new DenseIds(shared);
    this.itemIds = new DenseIds(shared);
    this.stats = { lines: 0, bytes: 0, blankLines: 0, header: false, userGrouped: true, skipped: emptySkipCounts() };
  }

  /** 1-based line number of row `row` (before any duplicate removal). */
  lineOf(row: number): number {
    const g = this.gaps;
    let lo = 0, hi = g.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (g[mid]! <= row) lo = mid + 1; else hi = mid; }
    return row + 1 + lo;
  }

  /** Throws (strict) or counts (lenient) one bad line. */
  invalid(code: IngestErrorCode, message: string, line: number, text: string | undefined, extra: Record<string, unknown> = {}): void {
    if (this.strict) throw new IngestError(code, message, { file: this.file, line, ...(text === undefined ? {} : { text }), ...extra });
    this.stats.skipped[skipReason(code)]++;
    this.gaps.push(this.count);
  }

  /** Adds one valid row: new-user bookkeeping, item interning, duplicate check, growth. */
  addRow(rawU: number, rawI: number, rating: number, line: number, b: Uint8Array, pos: number, le: number): void {
    let u = this.lastUser;
    if (rawU !== this.lastRawUser) {
      const before = this.userIds.size;
      u = this.userIds.intern(rawU);
      if (this.userIds.size === before) this.stats.userGrouped = false;
      this.lastRawUser = rawU; this.lastUser = u; this.runStart = this.count;
    }
    const i = this.itemIds.intern(rawI);
    if (this.stats.userGrouped) {
      if (i >= this.mark.length) this.growMark(i);
      if (this.mark[i] === u + 1) {
        let first = this.runStart;
        while (this.items[first] !== i) first++;
        if (this.sumDuplicates) {
          this.ratings[first] += rating;
          this.gaps.push(this.count);
          return;
        }
        this.invalid('DUPLICATE_RATING', `user ${rawU} rated movie ${rawI} twice`, line, lineText(b, pos, le), { firstLine: this.lineOf(first) });
        return;
      }
      this.mark[i] = u + 1;
    }
    let n = this.count;
    if (n === this.users.length) this.grow(n + (n >>> 1));
    this.users[n] = u;
    this.items[n] = i;
    this.ratings[n] = rating;
    this.count = n + 1;
  }

  /** Reallocates the row arrays to `capacity` (copying the rows so far). */
  grow(capacity: number): void {
    const n = this.count, s = this.shared;
    this.users = resizeTyped(this.users, n, capacity, s);
    this.items = resizeTyped(this.items, n, capacity, s);
    this.ratings = resizeTyped(this.ratings, n, capacity, s);
  }

  /** Grows the duplicate marker to cover item `i`. */
  growMark(i: number): void {
    const next = new Int32Array(Math.max(i + 1, this.mark.length * 2));
    next.set(this.mark);
    this.mark = next;
  }
}
