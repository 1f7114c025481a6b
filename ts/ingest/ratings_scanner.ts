/**
 * The ratings fast path: a byte scanner that consumes `Uint8Array` chunks and writes dense
 * user/item indices and ratings straight into growable (shared) typed arrays. No per-row
 * strings or objects; only a bad line is ever decoded to text.
 */
import { IngestError, lineText } from './errors.js';
import { parseIdField, parseRatingField, resolveHeader } from './ratings_fields.js';
import { RATINGS_CSV, type RatingsOptions } from './ratings_format.js';
import { RatingsRows } from './ratings_rows.js';
import { sharedMemoryAvailable } from './shared_arrays.js';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

/**
 * The longest line a ratings file may have. MovieLens lines are under 64 bytes; the bound keeps
 * a file without line breaks (`/dev/zero`, a binary) from growing the carried line without end.
 */
export const MAX_LINE_BYTES = 1 << 20;

/** Streaming ratings parser; `push` chunks, then `finish` (see `parseRatings` for the async wrapper). */
export class RatingsScanner extends RatingsRows {
  private readonly opts: RatingsOptions;
  private readonly d0: number;
  private readonly d1: number;
  private cols: [number, number, number] = [-1, -1, -1];
  private need = 0;
  private headerPending: boolean | 'auto';
  private sawContent = false;
  private carry = new Uint8Array(256);
  private carryLen = 0;
  private first = true;

  constructor(opts: RatingsOptions = {}) {
    super(opts.file ?? '<input>', (opts.onInvalid ?? 'error') === 'error', opts.shared ?? sharedMemoryAvailable(),
      Math.max(1024, opts.expectedRows ?? 1 << 16));
    this.opts = opts;
    const fmt = opts.format ?? RATINGS_CSV;
    const d = new TextEncoder().encode(fmt.delimiter);
    if (d.length < 1 || d.length > 2) throw new TypeError(`delimiter must be 1 or 2 bytes, got ${JSON.stringify(fmt.delimiter)}`);
    this.d0 = d[0]!;
    this.d1 = d.length === 2 ? d[1]! : -1;
    this.headerPending = fmt.header;
    const c = fmt.columns;
    this.sumDuplicates = opts.duplicates === 'sum';
    if (typeof c.user === 'number' && typeof c.item === 'number' && (typeof c.rating === 'number' || c.rating === undefined)) {
      this.cols = [c.user, c.item, c.rating ?? -1];
      this.need = Math.max(...this.cols) + 1;
    } else if (fmt.header !== true) {
      throw new TypeError('named columns need `header: true`');
    }
  }

  /** Consumes one chunk. Complete lines are parsed now; a trailing partial line waits for the next chunk. */
  push(chunk: Uint8Array): void {
    this.stats.bytes += chunk.length;
    let start = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
      this.refuseCompressed(chunk);
      this.presize(chunk);
    }
    if (this.carryLen > 0) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) { this.appendCarry(chunk, start, chunk.length); this.report(); return; }
      this.appendCarry(chunk, start, nl + 1);
      this.scan(this.carry, 0, this.carryLen);
      this.carryLen = 0;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      this.scan(chunk, start, last + 1);
      start = last + 1;
    }
    if (start < chunk.length) this.appendCarry(chunk, start, chunk.length);
    this.adjustCapacity();
    this.report();
  }

  /** Parses the final unterminated line and checks whole-file conditions (empty, header only). */
  finish(): void {
    if (this.carryLen > 0) {
      this.appendCarry(new Uint8Array([10]), 0, 1);
      this.scan(this.carry, 0, this.carryLen);
      this.carryLen = 0;
    }
    const file = this.file;
    if (!this.sawContent) throw new IngestError('EMPTY_FILE', 'file is empty (no ratings)', { file });
    const dataLines = this.stats.lines - this.stats.blankLines - (this.stats.header ? 1 : 0);
    if (dataLines === 0) throw new IngestError('HEADER_ONLY', 'file has a header but no ratings', { file, line: 1 });
  }

  /**
   * Hot loop over complete lines `b[pos..end)`. Plain lines (digits, 1-byte delimiter, rating
   * in scale, known user run) are handled inline with local state; anything else (header,
   * blank, bad, new user, duplicate, growth) goes through `slowLine`, which holds all the rules.
   */
  private scan(b: Uint8Array, pos: number, end: number): void {
    const d0 = this.d0, d1 = this.d1, min = this.opts.scale?.min ?? 0.5, max = this.opts.scale?.max ?? 5;
    let line = this.stats.lines;
    let users = this.users, items = this.items, ratings = this.ratings, n = this.count, cap = users.length;
    let lastRaw = this.lastRawUser, u = this.lastUser, mark = this.mark, direct = this.itemIds.direct;
    let grouped = this.stats.userGrouped, plain = this.headerPending === false, need1 = this.need - 1;
    let cu = this.cols[0], ci = this.cols[1], cr = this.cols[2];
    while (pos < end) {
      line++;
      let p = pos, f = 0, rawU = -1, rawI = -1, rating = cr < 0 ? 1 : -1, ok = plain;
      let c = b[p]!;
      for (;;) {
        if (f === cu || f === ci) {
          const s = p;
          let v = 0;
          while (c >= 48 && c <= 57) { v = v * 10 + (c - 48); c = b[++p]!; }
          if (p === s || v > 0xffffffff) ok = false;
          if (f === cu) rawU = v; else rawI = v;
          if (c !== d0 && c !== 10) ok = false;
        } else if (f === cr) {
          const s = p;
          let v = 0;
          while (c >= 48 && c <= 57) { v = v * 10 + (c - 48); c = b[++p]!; }
          if (c === 46) {
            c = b[++p]!;
            const fs = p;
            let fr = 0;
            while (c >= 48 && c <= 57) { fr = fr * 10 + (c - 48); c = b[++p]!; }
            if (p === fs || p - fs > 6) ok = false; else v += fr / POW10[p - fs]!;
          }
          if (p === s || (c !== d0 && c !== 10)) ok = false;
          rating = v;
        }
        while (c !== d0 && c !== 10) c = b[++p]!;
        if (c === 10) break;
        f++;
        c = b[++p]!;
        if (d1 >= 0) { if (c !== d1) ok = false; c = b[++p]!; }
      }
      const nl = p;
      if (nl - pos > MAX_LINE_BYTES) this.lineTooLong(line);
      if (ok && f >= need1 && rating >= min && rating <= max && rawU === lastRaw) {
        let i = rawI < direct.length ? direct[rawI]! - 1 : -1;
        if (i < 0) { i = this.itemIds.intern(rawI); direct = this.itemIds.direct; }
        if (grouped) {
          if (i >= mark.length) { this.growMark(i); mark = this.mark; }
          if (mark[i] === u + 1) ok = false; else mark[i] = u + 1;
        }
        if (ok && n < cap) {
          users[n] = u; items[n] = i; ratings[n] = rating; n++;
          pos = nl + 1;
          continue;
        }
        if (ok) mark[i] = 0;
      }
      this.count = n; this.stats.lines = line;
      this.slowLine(b, pos, nl, line);
      users = this.users; items = this.items; ratings = this.ratings; n = this.count; cap = users.length;
      lastRaw = this.lastRawUser; u = this.lastUser; mark = this.mark; direct = this.itemIds.direct;
      grouped = this.stats.userGrouped; plain = this.headerPending === false; need1 = this.need - 1;
      cu = this.cols[0]; ci = this.cols[1]; cr = this.cols[2];
      pos = nl + 1;
    }
    this.count = n;
    this.stats.lines = line;
  }

  /** One line with every rule applied (header, blank, errors, new user, duplicate, growth). */
  private slowLine(b: Uint8Array, pos: number, nl: number, line: number): void {
    const d0 = this.d0, d1 = this.d1, dlen = d1 < 0 ? 1 : 2;
    const min = this.opts.scale?.min ?? 0.5, max = this.opts.scale?.max ?? 5;
    let le = nl;
    if (le > pos && b[le - 1] === 13) le--;
    if (le === pos) { this.stats.blankLines++; this.gaps.push(this.count); return; }
    this.sawContent = true;
    if (this.headerPending !== false && this.handleHeader(b, pos, le, line)) return;
    const cu = this.cols[0], ci = this.cols[1], cr = this.cols[2];
    let f = 0, p = pos, rawU = -1, rawI = -1, rating = cr < 0 ? 1 : NaN, badCol = -1;
    while (true) {
      const fs = p;
      while (p < le) {
        const c = b[p];
        if (c === d0 && (dlen === 1 || b[p + 1] === d1)) break;
        p++;
      }
      if (f === cu) { rawU = parseIdField(b, fs, p); if (rawU < 0 && badCol < 0) badCol = f; }
      else if (f === ci) { rawI = parseIdField(b, fs, p); if (rawI < 0 && badCol < 0) badCol = f; }
      else if (f === cr) { rating = parseRatingField(b, fs, p); if (rating !== rating && badCol < 0) badCol = f; }
      f++;
      if (p >= le) break;
      p += dlen;
    }
    if (f < this.need) {
      this.invalid('MISSING_COLUMN', `expected at least ${this.need} fields, found ${f}`, line, lineText(b, pos, le));
    } else if (badCol >= 0) {
      const overflow = (badCol === cu && rawU === -2) || (badCol === ci && rawI === -2);
      const what = badCol === cu ? 'user id' : badCol === ci ? 'movie id' : 'rating';
      this.invalid(overflow ? 'ID_OVERFLOW' : 'PARSE_ERROR', overflow ? `${what} exceeds 4294967295` : `cannot parse ${what}`,
        line, lineText(b, pos, le), { column: badCol });
    } else if (!(rating >= min && rating <= max)) {
      this.invalid('RATING_OUT_OF_SCALE', `rating ${rating} outside ${min}..${max}`, line, lineText(b, pos, le), { column: cr, value: String(rating) });
    } else {
      this.addRow(rawU, rawI, rating, line, b, pos, le);
    }
  }

  private handleHeader(b: Uint8Array, pos: number, le: number, line: number): boolean {
    const fmt = this.opts.format ?? RATINGS_CSV;
    if (this.headerPending === 'auto') {
      let p = pos;
      while (p < le && b[p] !== this.d0) p++;
      if (parseIdField(b, pos, p) >= 0) { this.headerPending = false; return false; }
    }
    this.headerPending = false;
    this.stats.header = true;
    this.gaps.push(this.count);
    const named = resolveHeader(lineText(b, pos, le), fmt, this.sumDuplicates);
    if (named.missing) {
      throw new IngestError('MISSING_COLUMN', `header has no column "${named.missing}"`, { file: this.file, line, text: lineText(b, pos, le) });
    }
    if (named.cols) { this.cols = named.cols; this.need = Math.max(...named.cols) + 1; }
    return true;
  }

  /** With a known total size, sizes the arrays once from the bytes-per-row seen so far. */
  private adjustCapacity(): void {
    const total = this.opts.totalBytes;
    if (!total || this.count < 4096) return;
    const est = Math.ceil((this.count * total) / this.stats.bytes * 1.06) + 4096;
    if (est > this.users.length) this.grow(Math.max(est, this.users.length + (this.users.length >>> 3)));
  }

  /** With a known total size, sizes the arrays from the first chunk's line density (no regrowth). */
  private presize(chunk: Uint8Array): void {
    const total = this.opts.totalBytes;
    if (!total || this.opts.expectedRows !== undefined) return;
    let lines = 0;
    for (let p = chunk.indexOf(10); p >= 0; p = chunk.indexOf(10, p + 1)) lines++;
    const est = Math.ceil((lines * total) / chunk.length) + 4096;
    if (est > this.users.length) this.grow(est);
  }

  /** A gzip or zip file given as ratings: say so, instead of quoting its bytes as a bad header. */
  private refuseCompressed(chunk: Uint8Array): void {
    const kind = chunk[0] === 0x1f && chunk[1] === 0x8b ? 'gzip' : chunk[0] === 0x50 && chunk[1] === 0x4b && chunk[2] === 3 && chunk[3] === 4 ? 'zip' : undefined;
    if (kind === undefined) return;
    throw new IngestError('FORMAT', `this is a ${kind} archive, not a ratings file: extract it first`, { file: this.file, line: 1, compression: kind });
  }

  /** A line over {@link MAX_LINE_BYTES} is an error in both modes: skipping it could read an endless source forever. */
  private lineTooLong(line: number): never {
    throw new IngestError('FORMAT', `line ${line} is longer than ${MAX_LINE_BYTES} bytes: not a ratings file (binary, compressed, or without line breaks)?`,
      { file: this.file, line, maxLineBytes: MAX_LINE_BYTES });
  }

  private appendCarry(src: Uint8Array, start: number, end: number): void {
    const need = this.carryLen + (end - start);
    if (need > MAX_LINE_BYTES + 1) this.lineTooLong(this.stats.lines + 1);
    if (need > this.carry.length) {
      const next = new Uint8Array(Math.max(need, this.carry.length * 2));
      next.set(this.carry.subarray(0, this.carryLen));
      this.carry = next;
    }
    this.carry.set(src.subarray(start, end), this.carryLen);
    this.carryLen = need;
  }

  private report(): void {
    this.opts.onProgress?.({ bytes: this.stats.bytes, totalBytes: this.opts.totalBytes, rows: this.count });
  }
}
