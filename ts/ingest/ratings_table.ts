/**
 * `parseRatings`: chunks in, a {@link RatingsTable} out. Environment-neutral (Node streams and
 * browser `Blob.stream()` both give `Uint8Array` chunks).
 */
import { DenseIds } from './dense_ids.js';
import type { RatingsOptions, RatingsTable } from './ratings_format.js';
import { RatingsScanner } from './ratings_scanner.js';
import { trimTyped } from './shared_arrays.js';

/** Anything that yields byte chunks: a Node stream, an async generator, an array of chunks. */
export type ByteChunks = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Parses a ratings file given as byte chunks into dense typed arrays.
 *
 * Strict by default: the first bad line throws an `IngestError` naming file, line and text, and
 * nothing is returned. With `onInvalid: 'skip'` bad lines are skipped and counted in
 * `stats.skipped`; the first rating of a duplicated (user, movie) pair is kept.
 *
 * @example
 * ```ts
 * const t = await parseRatings([new TextEncoder().encode('userId,movieId,rating,timestamp\n1,31,2.5,0\n')]);
 * t.count === 1; t.userIds[t.users[0]] === 1; t.itemIds[t.items[0]] === 31;
 * ```
 */
export async function parseRatings(chunks: ByteChunks, opts: RatingsOptions = {}): Promise<RatingsTable> {
  const scanner = new RatingsScanner(opts);
  for await (const chunk of chunks) scanner.push(chunk);
  return finishRatings(scanner);
}

/** Ratings a file of `totalBytes` holds, from the line density of its first chunk. */
export function predictedRows(first: Uint8Array, totalBytes: number): number {
  let lines = 0;
  for (let p = first.indexOf(10); p >= 0; p = first.indexOf(10, p + 1)) lines++;
  return first.length === 0 ? 0 : Math.floor((Math.max(lines, 1) * totalBytes) / first.length);
}

/** Ends a scan: last line, whole-file checks, duplicate check for ungrouped files, trimming. */
export function finishRatings(s: RatingsScanner): RatingsTable {
  s.finish();
  if (!s.stats.userGrouped) removeDuplicates(s);
  const shared = typeof SharedArrayBuffer !== 'undefined' && s.users.buffer instanceof SharedArrayBuffer;
  const userIds = s.userIds.finish();
  const itemIds = s.itemIds.finish();
  return {
    users: trimTyped(s.users, s.count, shared),
    items: trimTyped(s.items, s.count, shared),
    ratings: trimTyped(s.ratings, s.count, shared),
    userIds,
    itemIds,
    count: s.count,
    userIndex: s.userIds,
    itemIndex: s.itemIds,
    stats: s.stats,
  };
}

/**
 * Duplicate (user, movie) check when a user's ratings are not contiguous: bucket rows by user
 * (counting sort, O(n)), then mark items per user. Rows keep file order inside a bucket, so the
 * later line of a pair is the duplicate.
 */
function removeDuplicates(s: RatingsScanner): void {
  const n = s.count, nu = s.userIds.size, users = s.users, items = s.items;
  const start = new Uint32Array(nu + 1);
  for (let r = 0; r < n; r++) start[users[r]! + 1]!++;
  for (let u = 0; u < nu; u++) start[u + 1]! += start[u]!;
  const order = new Uint32Array(n);
  const fill = start.slice(0, nu);
  for (let r = 0; r < n; r++) order[fill[users[r]!]!++] = r;
  const mark = new Int32Array(s.itemIds.size);
  const firstRow = new Uint32Array(s.itemIds.size);
  const dups: number[] = [];
  let firstDup = -1, firstDupOf = -1;
  for (let u = 0; u < nu; u++) {
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const r = order[k]!, i = items[r]!;
      if (mark[i] === u + 1) {
        if (s.sumDuplicates) s.ratings[firstRow[i]!] += s.ratings[r]!;
        else if (firstDup < 0 || r < firstDup) { firstDup = r; firstDupOf = firstRow[i]!; }
        dups.push(r);
      } else { mark[i] = u + 1; firstRow[i] = r; }
    }
  }
  if (dups.length === 0) return;
  if (firstDup >= 0) reportDuplicate(s, firstDup, firstDupOf, dups.length);
  const drop = new Uint8Array(n);
  for (const r of dups) drop[r] = 1;
  let w = 0;
  for (let r = 0; r < n; r++) {
    if (drop[r]) continue;
    users[w] = users[r]!; items[w] = items[r]!; s.ratings[w] = s.ratings[r]!;
    w++;
  }
  s.count = w;
}

/** A duplicated pair: the error (strict), or counted as skipped (lenient). */
function reportDuplicate(s: RatingsScanner, firstDup: number, firstDupOf: number, count: number): void {
  const users = s.users, items = s.items;
  const uRaw = s.userIds.rawOf(users[firstDup]!), iRaw = s.itemIds.rawOf(items[firstDup]!);
  if (s.strict) {
    // The line's bytes are gone by now (the check runs after the stream): name both lines instead of quoting.
    s.invalid('DUPLICATE_RATING', `user ${uRaw} rated movie ${iRaw} twice (first on line ${s.lineOf(firstDupOf)}, rating ${s.ratings[firstDup]} here)`,
      s.lineOf(firstDup), undefined, { firstLine: s.lineOf(firstDupOf) });
  }
  s.stats.skipped.duplicate += count;
}

export { DenseIds };
