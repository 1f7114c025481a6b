/**
 * `downloadMovieLens` against a local HTTP server on 127.0.0.1 serving a zip of synthetic
 * MovieLens files: good zip, bad checksum, corrupted zip, dropped connection with resume.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { downloadMovieLens, type DownloadProgress } from '../../ts/ingest/download.js';
import { IngestError } from '../../ts/ingest/index.js';
import { loadMovieLens } from '../../ts/ingest/node_files.js';
import { generateMovieLens } from '../../ts/synth/write_files.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-download-'));
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
let server: Server;
let base = '';
let good: Uint8Array;
const requests: { path: string; range?: string }[] = [];

/** Routes: /<scenario>/ml-latest-small.zip and .md5. */
function handle(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  const [, scenario, file] = req.url!.split('/');
  requests.push({ path: req.url!, range: req.headers.range });
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
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.close(); rmSync(tmp, { recursive: true, force: true }); });

const fresh = (name: string): string => mkdtempSync(join(tmp, `${name}-`));
async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e) => e instanceof IngestError && e.code === code);
}

describe('als-wasm download', () => {
  it('downloads, verifies the published MD5, unzips and cleans up', async () => {
    const dest = fresh('good');
    const phases = new Set<string>();
    const dir = await downloadMovieLens('ml-latest-small', { dest, baseUrl: `${base}/good/`, onProgress: (p: DownloadProgress) => phases.add(p.phase) });
    assert.equal(dir, join(dest, 'ml-latest-small'));
    assert.deepEqual(readdirSync(dest), ['ml-latest-small']);
    const { ratings } = await loadMovieLens(dir);
    assert.equal(ratings.count, 20_000);
    assert.deepEqual([...phases].sort(), ['download', 'unzip', 'verify']);
  });

  it('bad checksum: error, download removed, nothing unpacked', async () => {
    const dest = fresh('badsum');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, baseUrl: `${base}/badsum/` }), 'CHECKSUM_MISMATCH');
    assert.deepEqual(readdirSync(dest), []);
  });

  it('corrupted zip: error, no half-unpacked directory left', async () => {
    const dest = fresh('badzip');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, baseUrl: `${base}/badzip/` }), 'UNZIP_FAILED');
    assert.deepEqual(readdirSync(dest), []);
  });

  it('dropped connection: resumes with an HTTP Range request', async () => {
    const dest = fresh('drop');
    requests.length = 0;
    await downloadMovieLens('ml-latest-small', { dest, baseUrl: `${base}/drop/` });
    const zips = requests.filter((r) => r.path.endsWith('.zip'));
    assert.equal(zips.length, 2);
    assert.match(zips[1]!.range ?? '', /^bytes=\d+-$/);
    assert.ok(existsSync(join(dest, 'ml-latest-small', 'ratings.csv')));
  });

  it('connection keeps dropping: .part kept, the next run resumes from it', async () => {
    const dest = fresh('down');
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest, baseUrl: `${base}/down/`, retries: 1 }), 'DOWNLOAD_FAILED');
    const part = join(dest, 'ml-latest-small.zip.part');
    const have = statSync(part).size;
    assert.ok(have > 0 && have < good.length);
    requests.length = 0;
    await downloadMovieLens('ml-latest-small', { dest, baseUrl: `${base}/good/` });
    assert.equal(requests.find((r) => r.path.endsWith('.zip'))!.range, `bytes=${have}-`);
    assert.deepEqual(readdirSync(dest), ['ml-latest-small']);
  });

  it('no published checksum: refuses unless md5 is given or disabled', async () => {
    await rejectsWith(downloadMovieLens('ml-latest-small', { dest: fresh('nomd5'), baseUrl: `${base}/nomd5/` }), 'DOWNLOAD_FAILED');
    await downloadMovieLens('ml-latest-small', { dest: fresh('md5'), baseUrl: `${base}/nomd5/`, md5: md5(good) });
    await downloadMovieLens('ml-latest-small', { dest: fresh('nosum'), baseUrl: `${base}/nomd5/`, md5: false });
    await rejectsWith(downloadMovieLens('ml-99z'), 'UNKNOWN_FORMAT');
  });
});
