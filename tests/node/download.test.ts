/**
 * `downloadMovieLens` against a local HTTP server on 127.0.0.1 serving a zip of synthetic
 * MovieLens files: good zip, bad checksum, corrupted zip, dropped connection with resume.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { downloadDataset, downloadMovieLens, type DownloadProgress } from '../../ts/ingest/download.js';
import { IngestError } from '../../ts/ingest/index.js';
import { loadMovieLens } from './core_ratings.js';
import { generateMovieLens } from '../../ts/synth/write_files.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-download-'));
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
let server: Server;
let base = '';
let good: Uint8Array;
let bomb: Uint8Array;
const requests: { path: string; range?: string }[] = [];

/** Routes: /<scenario>/ml-latest-small.zip and .md5. */
function handle(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const [, scenario, file] = req.url!.split('/');
  requests.push({ path: req.url!, range: req.headers.range });
  if (scenario === 'stall') { res.writeHead(200, { 'Content-Length': good.length }); res.write(good.subarray(0, 100)); return; }
  if (scenario === 'bomb' && file!.endsWith('.zip')) { res.end(bomb); return; }
  if (scenario === 'bomb') { res.end(`${md5(bomb)}  ml-latest-small.zip\n`); return; }
  const corrupt = good.slice();
  corrupt[corrupt.length >> 1] ^= 0xff;
  const truncated = good.subarray(0, Math.floor(good.length * 0.6));
  const body = scenario === 'badsum' ? corrupt : scenario === 'badzip' ? truncated : good;
  if (file!.endsWith('.md5')) {
    if (scenario === 'nomd5') { res.writeHead(404).end(); return; }
    res.end(`${md5(scenario === 'badsum' ? good : body)}  ml-latest-small.zip\n`);
    return;
  }
  const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
  const start = m && scenario !== 'norange' ? Number(m[1]) : 0;
  const rest = body.subarray(start);
  res.writeHead(start > 0 ? 206 : 200, {
    'Content-Length': rest.length,
    ...(start > 0 ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  if ((scenario === 'drop' && start === 0) || scenario === 'down') {
    res.write(rest.subarray(0, rest.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  res.end(rest);
}

before(async () => {
  const src = join(tmp, 'src');
  await generateMovieLens(src, { ratings: 20_000, users: 300, seed: 3 });
  good = zipSync({
    'ml-latest-small/ratings.csv': readFileSync(join(src, 'ratings.csv')),
    'ml-latest-small/movies.csv': readFileSync(join(src, 'movies.csv')),
  });
  // 8 MB of zeros compresses to a few KB: a small zip that expands far beyond its size
  bomb = zipSync({ 'ml-latest-small/ratings.csv': new Uint8Array(8 << 20) }, { level: 9 });
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.closeAllConnections(); server.close(); rmSync(tmp, { recursive: true, force: true }); });

const fresh = (name: string): string => mkdtempSync(join(tmp, `${name}-`));
/** Options for the local (plain http) server's `scenario` route: checksums from the same server. */
const at = (scenario: string) => ({ baseUrl: `${base}/${scenario}/`, checksumBaseUrl: `${base}/${scenario}/`, insecure: true });
async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e) => e instanceof IngestError && e.code === code);
}

describe('als-wasm download', () => {
  it('downloads, verifies the published MD5, unzips and cleans up', async () => {
    const dest = fresh('good');
    const phases = new Set<string>();
    const dir = await downloadMovieLens('ml-latest-small', { dest, ...at('good'), onProgress: (p: DownloadProgress) => phases.add(p.phase) });
    assert.equal(dir, join(dest, 'ml-latest-small'));
    assert.deepEqual(readdirSync(dest), ['ml-latest-small']);
    const { ratings } = await loadMovieLens(dir);
    assert.equal(ratings.count, 20_000);
    assert.deepEqual([...phases].sort(), ['download', 'unzip', 'verify']);
  });

  it('bad checksum: error, download removed, nothing unpacked', async () => {
    const dest = fresh('badsum');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, ...at('badsum') }), 'CHECKSUM_MISMATCH');
    assert.deepEqual(readdirSync(dest), []);
  });

  it('corrupted zip: error, no half-unpacked directory left', async () => {
    const dest = fresh('badzip');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, ...at('badzip') }), 'UNZIP_FAILED');
    assert.deepEqual(readdirSync(dest), []);
  });

  it('dropped connection: resumes with an HTTP Range request', async () => {
    const dest = fresh('drop');
    requests.length = 0;
    await downloadMovieLens('ml-latest-small', { dest, ...at('drop') });
    const zips = requests.filter((r) => r.path.endsWith('.zip'));
    assert.equal(zips.length, 2);
    assert.match(zips[1]!.range ?? '', /^bytes=\d+-$/);
    assert.ok(existsSync(join(dest, 'ml-latest-small', 'ratings.csv')));
  });

  it('connection keeps dropping: .part kept, the next run resumes from it', async () => {
    const dest = fresh('down');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, ...at('down'), retries: 1 }), 'DOWNLOAD_FAILED');
    const part = join(dest, 'ml-latest-small.zip.part');
    const have = statSync(part).size;
    assert.ok(have > 0 && have < good.length);
    requests.length = 0;
    await downloadMovieLens('ml-latest-small', { dest, ...at('good') });
    assert.equal(requests.find((r) => r.path.endsWith('.zip'))!.range, `bytes=${have}-`);
    assert.deepEqual(readdirSync(dest), ['ml-latest-small']);
  });

  it('no published checksum: refuses unless md5 is given or disabled', async () => {
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: fresh('nomd5'), ...at('nomd5') }), 'DOWNLOAD_FAILED');
    await downloadMovieLens('ml-latest-small', { dest: fresh('md5'), ...at('nomd5'), md5: md5(good) });
    await downloadMovieLens('ml-latest-small', { dest: fresh('nosum'), ...at('nomd5'), md5: false });
    await rejectsWith(downloadMovieLens('ml-99z'), 'UNKNOWN_FORMAT');
  });
});

describe('als-wasm download: destination, URLs, damaged folders, resources', () => {
  it('creates a missing --dest (nested), and refuses a file or an unwritable one with NOT_WRITABLE', async () => {
    const dest = join(fresh('nested'), 'data', 'movielens');
    assert.equal(await downloadMovieLens('ml-latest-small', { dest, ...at('good') }), join(dest, 'ml-latest-small'));
    const file = join(fresh('file'), 'not-a-dir');
    writeFileSync(file, 'x');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: file, ...at('good') }), 'NOT_WRITABLE');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: join(file, 'sub'), ...at('good') }), 'NOT_WRITABLE');
  });

  it('a read-only --dest is NOT_WRITABLE, before anything is fetched', { skip: process.getuid?.() === 0 ? 'root may write anywhere' : false }, async () => {
    const dest = fresh('readonly');
    chmodSync(dest, 0o555);
    requests.length = 0;
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, ...at('good') }), 'NOT_WRITABLE');
    assert.equal(requests.length, 0);
  });

  it('https only unless insecure; the checksum never comes from a plain-http mirror', async () => {
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: fresh('http'), baseUrl: `${base}/good/` }), 'INSECURE_URL');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: fresh('ftp'), baseUrl: 'ftp://127.0.0.1/x/', insecure: true }), 'INSECURE_URL');
    requests.length = 0;
    // http mirror, no md5 given: the checksum is looked up on the official https site (offline: fails; online: mismatches)
    await assert.rejects(downloadMovieLens('ml-latest-small', { dest: fresh('mirror'), baseUrl: `${base}/good/`, insecure: true, idleTimeoutMs: 3000 }),
      (e) => e instanceof IngestError && ['DOWNLOAD_FAILED', 'CHECKSUM_MISMATCH'].includes(e.code));
    assert.equal(requests.filter((r) => r.path.endsWith('.md5')).length, 0);
  });

  it('a base URL without a trailing slash keeps its path', async () => {
    requests.length = 0;
    await downloadMovieLens('ml-latest-small', { dest: fresh('noslash'), baseUrl: `${base}/good`, checksumBaseUrl: `${base}/good`, insecure: true });
    assert.ok(requests.every((r) => r.path.startsWith('/good/')), JSON.stringify(requests));
  });

  it('a complete folder is kept; an empty folder or a plain file in its place is replaced', async () => {
    const dest = fresh('existing');
    assert.equal((await downloadDataset('ml-latest-small', { dest, ...at('good') })).status, 'downloaded');
    requests.length = 0;
    assert.equal((await downloadDataset('ml-latest-small', { dest, ...at('good') })).status, 'present');
    assert.equal(requests.length, 0);
    const empty = fresh('empty');
    mkdirSync(join(empty, 'ml-latest-small'));
    assert.equal((await downloadDataset('ml-latest-small', { dest: empty, ...at('good') })).status, 'replaced');
    const plain = fresh('plain');
    writeFileSync(join(plain, 'ml-latest-small'), '');
    const r = await downloadDataset('ml-latest-small', { dest: plain, ...at('good') });
    assert.equal(r.status, 'replaced');
    assert.equal((await loadMovieLens(r.dir)).ratings.count, 20_000);
  });

  it('caps the extracted size (EXTRACT_LIMIT), leaving nothing behind', async () => {
    assert.ok(bomb.length < 100_000, `bomb zip is ${bomb.length} bytes`);
    const dest = fresh('bomb');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, ...at('bomb'), maxExtractBytes: 1 << 20 }), 'EXTRACT_LIMIT');
    assert.deepEqual(readdirSync(dest), []);
  });

  it('a stalled server fails after the idle timeout instead of hanging', async () => {
    const t0 = Date.now();
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: fresh('stall'), ...at('stall'), md5: false, retries: 0, idleTimeoutMs: 300 }), 'DOWNLOAD_FAILED');
    assert.ok(Date.now() - t0 < 10_000);
  });
});
