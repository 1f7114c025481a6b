// One error type: every code the package raises is in ALS_ERROR_CODES and
// documented in docs/errors.md, the core's codes included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ALS_ERROR_CODES, AlsError } from 'als-wasm';

const root = fileURLToPath(new URL('../../', import.meta.url));

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

test('every code is documented in docs/errors.md', () => {
  const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
  for (const code of ALS_ERROR_CODES) assert.match(doc, new RegExp(`^\\| \`${code}\` \\|`, 'm'), `${code} has no row in docs/errors.md`);
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(documented.filter((c) => !(ALS_ERROR_CODES as readonly string[]).includes(c!)), [], 'rows for codes the package does not have');
});

test("the Rust core's codes and every code thrown in ts/ are in ALS_ERROR_CODES", () => {
  const known = new Set<string>(ALS_ERROR_CODES);
  const rust = files(join(root, 'crate/src'), '.rs').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/Error::\w+(?: \{ \.\. \})? => "([A-Z_]+)"/g)].map((m) => m[1]!));
  assert.ok(rust.length >= 10, `found only ${rust.length} core codes`);
  const ts = files(join(root, 'ts'), '.ts').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:AlsError|IngestError)\('([A-Z_]+)'/g)].map((m) => m[1]!));
  assert.ok(ts.length >= 20);
  for (const code of [...rust, ...ts]) assert.ok(known.has(code), `${code} is raised but not in ALS_ERROR_CODES`);
});

test('an AlsError is an Error with a code and details', () => {
  const e = new AlsError('INVALID_ID', 'user id must be an integer', { what: 'user' });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'AlsError');
  assert.equal(e.details.what, 'user');
});
