/** MovieLens directories: variant recognition, and exact counts on the real ml-latest-small. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IngestError } from '../../ts/ingest/index.js';
import { detectMovieLens } from '../../ts/ingest/node_files.js';
import { loadMovieLens, readRatingsFile } from './core_ratings.js';

const SMALL = new URL('../../../shared/data/ml-latest-small', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'als-ingest-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function dir(name: string, files: Record<string, string | Uint8Array>): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const [f, body] of Object.entries(files)) writeFileSync(join(d, f), body);
  return d;
}

describe('MovieLens directories', () => {
  it('ml-latest-small: exact counts', { skip: !existsSync(SMALL) && 'real data not present' }, async () => {
    const { variant, ratings, catalog } = await loadMovieLens(SMALL);
    assert.equal(variant, 'ml-latest-small');
    assert.equal(ratings.count, 100_836);
    assert.equal(ratings.userIds.length, 610);
    assert.equal(ratings.itemIds.length, 9_724);
    assert.equal(catalog.movieIds.length, 9_742);
    assert.equal(catalog.genres.length, 20);
    assert.ok(catalog.genres.includes('(no genres listed)'));
    assert.equal(ratings.stats.userGrouped, true);
    for (let i = 0; i < ratings.itemIds.length; i++) assert.ok(catalog.rowOf.has(ratings.itemIds[i]!));
  });

  it('recognises ml-1m (.dat, latin-1) and ml-100k (u.data + u.item + u.genre)', async () => {
    const m1 = dir('ml-1m', {
      'ratings.dat': '1::1193::5::978300760\n2::1193::4::978300761\n',
      'movies.dat': new Uint8Array([...new TextEncoder().encode('1193::One Flew (1975)::Drama\n2::Caf'), 0xe9, ...new TextEncoder().encode(' (1990)::Comedy\n')]),
    });
    const a = await loadMovieLens(m1);
    assert.equal(a.variant, 'ml-1m');
    assert.equal(a.ratings.count, 2);
    assert.equal(a.catalog.titles[1], 'Café (1990)');
    const flags = (on: number) => Array.from({ length: 19 }, (_, k) => (k === on ? '1' : '0')).join('|');
    const m100 = dir('ml-100k', {
      'u.data': '196\t242\t3\t881250949\n186\t302\t3\t891717742\n',
      'u.item': `242|Kolya (1996)|24-Jan-1997||http://a|${flags(5)}\n302|L.A. Confidential (1997)|01-Jan-1997||http://b|${flags(16)}\n`,
      'u.genre': "unknown|0\nAction|1\nAdventure|2\nAnimation|3\nChildren's|4\nComedy|5\nCrime|6\nDocumentary|7\nDrama|8\nFantasy|9\n"
        + 'Film-Noir|10\nHorror|11\nMusical|12\nMystery|13\nRomance|14\nSci-Fi|15\nThriller|16\nWar|17\nWestern|18\n\n',
    });
    const b = await loadMovieLens(m100);
    assert.equal(b.variant, 'ml-100k');
    assert.equal(b.catalog.genres[b.catalog.itemGenres[1]!], 'Thriller');
    assert.equal(detectMovieLens(dir('ml-10M100K', { 'ratings.dat': '1::1::5::0\n', 'movies.dat': '1::A::Drama\n' })).variant, 'ml-10m');
    assert.equal(detectMovieLens(dir('some-copy', { 'ratings.csv': 'x', 'movies.csv': 'y' })).ratings, 'ratings.csv');
  });

  it('unknown directory and file-named errors', async () => {
    assert.throws(() => detectMovieLens(dir('nothing', { 'x.txt': '' })), (e) => e instanceof IngestError && e.code === 'UNKNOWN_FORMAT');
    const d = dir('bad', { 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4,0\n1,1,x,0\n' });
    await assert.rejects(readRatingsFile(join(d, 'ratings.csv')), (e) =>
      e instanceof IngestError && e.details.file === join(d, 'ratings.csv') && e.details.line === 3 && e.message.includes(':3:'));
  });
});
