/** Ratings ingestion in the core: formats, chunking, and every defined bad-input case (strict and lenient). */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateMovieLens } from '../../ts/synth/write_files.js';
import { blobChunks, IngestError, RATINGS_DAT, RATINGS_U_DATA } from '../../ts/ingest/index.js';
import type { ParseRatingsOptions as RatingsOptions } from '../../ts/worker/ratings_parse.js';
import { parseRatings } from './core_ratings.js';

const HEADER = 'userId,movieId,rating,timestamp\n';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Splits text into chunks of `size` bytes, so lines straddle chunk boundaries. */
const chunks = (s: string, size = 7): Uint8Array[] => {
  const b = enc(s), out: Uint8Array[] = [];
  for (let o = 0; o < b.length; o += size) out.push(b.subarray(o, o + size));
  return out;
};
const load = (s: string, opts: RatingsOptions = {}) => parseRatings(chunks(s), { file: 'r.csv', ...opts });

async function rejectsWith(p: Promise<unknown>, code: string, line?: number, text?: string): Promise<IngestError> {
  let err: unknown;
  await p.then(() => assert.fail(`expected ${code}`), (e: unknown) => { err = e; });
  assert.ok(err instanceof IngestError, `not an IngestError: ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.details.file, 'r.csv');
  if (line !== undefined) assert.equal(err.details.line, line, err.message);
  if (text !== undefined) assert.equal(err.details.text, text);
  assert.match(err.message, /^r\.csv/);
  return err;
}

describe('ratings: valid input', () => {
  it('maps raw ids to dense indices in first-seen order, both ways', async () => {
    const t = await load(`${HEADER}7,300,4.0,1\n7,20,3.5,2\n9,300,0.5,3\n`);
    assert.equal(t.count, 3);
    assert.deepEqual([...t.users], [0, 0, 1]);
    assert.deepEqual([...t.items], [0, 1, 0]);
    assert.deepEqual([...t.ratings], [4, 3.5, 0.5]);
    assert.deepEqual([...t.userIds], [7, 9]);
    assert.deepEqual([...t.itemIds], [300, 20]);
    assert.equal(t.itemIds.indexOf(20), 1);
    assert.equal(t.userIds.indexOf(8), -1);
  });

  it('gives the same result for any chunking, CRLF, BOM and a missing final newline', async () => {
    const text = `\uFEFF${HEADER}1,1,5,0\r\n1,2,2.5,0\r\n2,1,1,0`;
    for (const size of [1, 2, 3, 5, 64]) {
      const t = await parseRatings(chunks(text, size));
      assert.equal(t.count, 3);
      assert.deepEqual([...t.ratings], [5, 2.5, 1]);
    }
  });

  it('reads ::-separated .dat, tab-separated u.data and a column mapping with quotes', async () => {
    const dat = await load('1::1193::5::978300760\n1::661::3::978302109\n', { format: RATINGS_DAT });
    assert.deepEqual([...dat.itemIds], [1193, 661]);
    const udata = await load('196\t242\t3\t881250949\n186\t302\t3\t891717742\n', { format: RATINGS_U_DATA });
    assert.deepEqual([...udata.userIds], [196, 186]);
    const mapped = await load('score;item;user\n"4.5";"10";"3"\n2;11;3\n', {
      format: { delimiter: ';', header: true, columns: { user: 'user', item: 'item', rating: 'score' } },
    });
    assert.deepEqual([...mapped.ratings], [4.5, 2]);
    assert.deepEqual([...mapped.itemIds], [10, 11]);
  });

  it('matches the generator row for row on 100k ratings, with tiny chunks and array growth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'als-ingest-'));
    let text: string;
    try {
      text = readFileSync((await generateMovieLens(dir, { ratings: 100_000, seed: 5 })).ratingsFile, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const rows = text.split('\n').slice(1, -1).map((l) => l.split(',').map(Number));
    const t = await parseRatings(chunks(text, 4093), { batchBytes: 10_000 });
    assert.equal(t.count, 100_000);
    for (let j = 0; j < t.count; j++) {
      const [user, item, rating] = rows[j]!;
      assert.equal(t.userIds[t.users[j]!], user);
      assert.equal(t.itemIds[t.items[j]!], item);
      assert.equal(t.ratings[j], rating);
    }
  });

  it('reads a Blob through blobChunks (the browser File path)', async () => {
    const t = await parseRatings(blobChunks(new Blob([`${HEADER}1,1,5,0\n2,1,4,0\n`])), { file: 'upload.csv' });
    assert.equal(t.count, 2);
  });

  it('reports progress with bytes, total and rows', async () => {
    const text = `${HEADER}1,1,5,0\n1,2,4,0\n`;
    const seen: { bytes: number; rows: number; totalBytes?: number }[] = [];
    await parseRatings(chunks(text, 10), { totalBytes: enc(text).length, onProgress: (p) => seen.push(p) });
    assert.equal(seen.at(-1)!.bytes, enc(text).length);
    assert.equal(seen.at(-1)!.totalBytes, enc(text).length);
    assert.ok(seen.every((p, i) => i === 0 || p.bytes >= seen[i - 1]!.bytes));
    assert.equal(seen.at(-1)!.rows, 2);
  });
});

describe('ratings: bad input, strict by default', () => {
  it('unparsable line', async () => { await rejectsWith(load(`${HEADER}1,1,4,0\n1,x2,4,0\n`), 'PARSE_ERROR', 3, '1,x2,4,0'); });
  it('unparsable rating: the message and details name the field and its value', async () => {
    const err = await rejectsWith(load(`${HEADER}1,1,four,0\n`), 'PARSE_ERROR', 2, '1,1,four,0');
    assert.equal(err.details.column, 2);
    assert.equal(err.details.value, 'four');
    assert.equal(err.message, 'r.csv:2: cannot parse rating "four": "1,1,four,0"');
  });
  it('rating outside the scale', async () => {
    const e = await rejectsWith(load(`${HEADER}1,1,4,0\n1,2,5.5,0\n`), 'RATING_OUT_OF_SCALE', 3, '1,2,5.5,0');
    assert.equal(e.details.value, '5.5');
    await rejectsWith(load(`${HEADER}1,1,0,0\n`), 'RATING_OUT_OF_SCALE', 2);
    await rejectsWith(load(`${HEADER}1,1,-1,0\n`), 'RATING_OUT_OF_SCALE', 2);
    const t = await load(`${HEADER}1,1,10,0\n`, { scale: { min: 1, max: 10 } });
    assert.equal(t.ratings[0], 10);
  });
  it('unparsable .dat line (single colon inside a field)', async () => {
    await rejectsWith(load('1::1::5::0\n1::2:3::4::0\n', { format: RATINGS_DAT }), 'PARSE_ERROR', 2, '1::2:3::4::0');
  });
  it('missing column in a row', async () => { await rejectsWith(load(`${HEADER}1,1,4,0\n1,2\n`), 'MISSING_COLUMN', 3, '1,2'); });
  it('missing column in the header', async () => { await rejectsWith(load('userId,movieId,timestamp\n1,1,0\n'), 'MISSING_COLUMN', 1); });
  it('empty file', async () => {
    await rejectsWith(load(''), 'EMPTY_FILE');
    await rejectsWith(load('\n\n'), 'EMPTY_FILE');
    await rejectsWith(load('', { onInvalid: 'skip' }), 'EMPTY_FILE');
  });
  it('header only', async () => {
    await rejectsWith(load(HEADER), 'HEADER_ONLY', 1);
    await rejectsWith(load(`${HEADER}\n`, { onInvalid: 'skip' }), 'HEADER_ONLY', 1);
  });
  it('duplicated (user, movie) pair, grouped by user', async () => {
    const e = await rejectsWith(load(`${HEADER}1,1,4,0\n1,2,4,0\n1,1,3,0\n`), 'DUPLICATE_RATING', 4, '1,1,3,0');
    assert.equal(e.details.firstLine, 2);
  });
  it('duplicated (user, movie) pair, users interleaved', async () => {
    const e = await rejectsWith(load(`${HEADER}1,1,4,0\n2,1,4,0\n1,1,3,0\n`), 'DUPLICATE_RATING', 4);
    assert.equal(e.details.firstLine, 2);
  });
  it('id overflow', async () => {
    const err = await rejectsWith(load(`${HEADER}4294967296,1,4,0\n`), 'ID_OVERFLOW', 2, '4294967296,1,4,0');
    assert.equal(err.details.value, '4294967296');
    await rejectsWith(load(`${HEADER}1,99999999999999999999,4,0\n`), 'ID_OVERFLOW', 2);
    const t = await load(`${HEADER}4294967295,4294967295,4,0\n`);
    assert.equal(t.userIds[0], 4294967295);
    assert.equal(t.itemIds.indexOf(4294967295), 0);
  });
});

describe('ratings: lenient mode skips, counts and reports', () => {
  it('counts every reason and keeps the good rows', async () => {
    const text = `${HEADER}1,1,4,0\nbad,line,4,0\n1,2,9,0\n1,3\n1,1,2,0\n99999999999,1,4,0\n\n2,1,x,0\n2,5,3,0\n`;
    const t = await load(text, { onInvalid: 'skip' });
    assert.equal(t.count, 2);
    assert.deepEqual([...t.itemIds], [1, 5]);
    assert.deepEqual(t.stats.skipped, { parse: 2, outOfScale: 1, missingColumn: 1, duplicate: 1, idOverflow: 1, invalidUtf8: 0 });
    assert.equal(t.stats.blankLines, 1);
    assert.equal(t.stats.lines, 10);
  });
  it('drops later duplicates when users are interleaved', async () => {
    const t = await load(`${HEADER}1,1,4,0\n2,1,4,0\n1,1,3,0\n1,1,2,0\n2,2,1,0\n`, { onInvalid: 'skip' });
    assert.equal(t.count, 3);
    assert.equal(t.stats.skipped.duplicate, 2);
    assert.deepEqual([...t.ratings], [4, 4, 1]);
  });
});
