/**
 * `als-wasm download` as a command (dist/cli/main.js in a child process) against a local plain
 * http server: `--json` result document, no progress output when stderr is not a terminal,
 * `--dest` created, usage and data errors as coded JSON documents.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';

import { CLI } from './cli_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-cli-download-'));
const zip = zipSync({
  'ml-latest-small/ratings.csv': new TextEncoder().encode('userId,movieId,rating,timestamp\n1,1,4.0,0\n1,2,3.5,0\n2,1,5.0,0\n'),
  'ml-latest-small/movies.csv': new TextEncoder().encode('movieId,title,genres\n1,Toy Story (1995),Animation\n2,Jumanji (1995),Adventure\n'),
});
const md5 = createHash('md5').update(zip).digest('hex');
let server: Server;
let base = '';

before(async () => {
  server = createServer((req, res) => (req.url!.endsWith('.zip') ? res.end(zip) : res.writeHead(404).end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror`;
});
after(() => { server.closeAllConnections(); server.close(); rmSync(tmp, { recursive: true, force: true }); });

/** Run the CLI without blocking this process (the server must keep answering). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('als-wasm download (command)', () => {
  it('--json: one result document; --dest created; nothing on stderr when it is not a terminal', async () => {
    const dest = join(tmp, 'new', 'data');
    const r = await run(['download', 'ml-latest-small', '--dest', dest, '--base-url', base, '--insecure', '--md5', md5, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const doc = JSON.parse(r.stdout) as { datasets: { dataset: string; dir: string; status: string; md5: string }[]; warnings: string[] };
    assert.deepEqual(doc.datasets.map((d) => [d.dataset, d.status, d.md5]), [['ml-latest-small', 'downloaded', md5]]);
    assert.ok(existsSync(join(dest, 'ml-latest-small', 'ratings.csv')));
    const again = await run(['download', 'ml-latest-small', '--dest', dest, '--base-url', base, '--insecure', '--md5', md5]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /ml-latest-small: already present, ready in/);
  });

  it('errors are coded JSON documents: a file as --dest (exit 1), http without --insecure (exit 1), an unknown name (exit 2)', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    const cases: [string[], number, string][] = [
      [['ml-latest-small', '--dest', file, '--base-url', base, '--insecure', '--md5', md5], 1, 'NOT_WRITABLE'],
      [['ml-latest-small', '--dest', join(tmp, 'x'), '--base-url', base, '--md5', md5], 1, 'INSECURE_URL'],
      [['ml-99z'], 2, 'USAGE'],
      [['ml-latest-small', '--md5', 'abc'], 2, 'USAGE'],
    ];
    for (const [args, exit, code] of cases) {
      const r = await run(['download', ...args, '--json']);
      assert.equal(r.code, exit, `${args.join(' ')}\n${r.stderr}`);
      assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, code, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
