/** Movies files: movies.csv (quoted titles), movies.dat (latin-1), u.item (genre flags), bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IngestError, parseMovies, type MoviesOptions } from '../../ts/ingest/index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const load = (bytes: Uint8Array | string, opts: MoviesOptions = {}) =>
  parseMovies([typeof bytes === 'string' ? enc(bytes) : bytes], { file: 'movies.csv', ...opts });
const HEADER = 'movieId,title,genres\n';

async function rejectsWith(p: Promise<unknown>, code: string, line?: number): Promise<IngestError> {
  let err: unknown;
  await p.then(() => assert.fail(`expected ${code}`), (e: unknown) => { err = e; });
  assert.ok(err instanceof IngestError, String(err));
  assert.equal(err.code, code, err.message);
  assert.equal(err.details.file, 'movies.csv');
  if (line !== undefined) assert.equal(err.details.line, line, err.message);
  return err;
}

describe('movies', () => {
  it('parses quoted titles with commas and quotes, pipe genres, no-genre label', async () => {
    const c = await load(`${HEADER}1,Toy Story (1995),Adventure|Animation\n11,"American President, The (1995)",Comedy|Drama|Romance\n`
      + `12,"""Great"" Performances: Cats (1998)",Musical\n20,Untitled,(no genres listed)\n`);
    assert.deepEqual([...c.movieIds], [1, 11, 12, 20]);
    assert.equal(c.titles[1], 'American President, The (1995)');
    assert.equal(c.titles[2], '"Great" Performances: Cats (1998)');
    assert.deepEqual(c.genres, ['Adventure', 'Animation', 'Comedy', 'Drama', 'Romance', 'Musical', '(no genres listed)']);
    const g = (r: number) => [...c.itemGenres.subarray(c.itemGenresIndptr[r], c.itemGenresIndptr[r + 1])].map((k) => c.genres[k]);
    assert.deepEqual(g(1), ['Comedy', 'Drama', 'Romance']);
    assert.equal(c.rowOf.get(12), 2);
  });

  it('reads latin-1 movies.dat and u.item with genre flags', async () => {
    const dat = new Uint8Array([...enc('1::Caf'), 0xe9, ...enc(" (1995)::Children's|Comedy\n2::Heat (1995)::Action\n")]);
    const d = await load(dat, { format: 'dat', encoding: 'latin1', file: 'movies.dat' });
    assert.equal(d.titles[0], 'Café (1995)');
    assert.deepEqual(d.genres, ["Children's", 'Comedy', 'Action']);
    const flags = (on: number[]) => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? '1' : '0')).join('|');
    const item = `1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n2|GoldenEye (1995)|01-Jan-1995||http://y|${flags([1])}\n`;
    const u = await load(item, { format: 'u.item', file: 'u.item' });
    assert.equal(u.genres.length, 19);
    assert.deepEqual([...u.itemGenres.subarray(u.itemGenresIndptr[0], u.itemGenresIndptr[1])].map((k) => u.genres[k]), ['Animation', "Children's", 'Comedy']);
  });

  it('invalid UTF-8 in a title: error naming the line; lenient skips and counts', async () => {
    const bytes = new Uint8Array([...enc(`${HEADER}1,Good (1995),Drama\n2,Bad `), 0xff, 0xfe, ...enc(' (1996),Drama\n3,Fine (1997),Comedy\n')]);
    const e = await rejectsWith(load(bytes), 'INVALID_UTF8', 3);
    assert.match(String(e.details.text), /^2,Bad /);
    const c = await load(bytes, { onInvalid: 'skip' });
    assert.deepEqual([...c.movieIds], [1, 3]);
    assert.equal(c.stats.skipped.invalidUtf8, 1);
  });

  it('bad lines: parse error, id overflow, missing column, duplicate movie', async () => {
    await rejectsWith(load(`${HEADER}1,A,Drama\nx,B,Drama\n`), 'PARSE_ERROR', 3);
    await rejectsWith(load(`${HEADER}4294967296,A,Drama\n`), 'ID_OVERFLOW', 2);
    await rejectsWith(load(`${HEADER}1,A\n`), 'MISSING_COLUMN', 2);
    await rejectsWith(load('movieId,name,genres\n1,A,Drama\n'), 'MISSING_COLUMN', 1);
    await rejectsWith(load(`${HEADER}1,A,Drama\n1,B,Drama\n`), 'DUPLICATE_MOVIE', 3);
    const c = await load(`${HEADER}1,A,Drama\nx,B,Drama\n1,C,Drama\n2,D\n3,E,War\n`, { onInvalid: 'skip' });
    assert.deepEqual([...c.movieIds], [1, 3]);
    assert.equal(c.stats.skipped.parse + c.stats.skipped.duplicate + c.stats.skipped.missingColumn, 3);
  });

  it('empty file and header only', async () => {
    await rejectsWith(load(''), 'EMPTY_FILE');
    await rejectsWith(load(HEADER), 'HEADER_ONLY', 1);
  });
});
