// The consumer suite: the packed tarball installed into a fresh project and
// used as apps use it — Node ESM and CommonJS, TypeScript in six
// configurations, and a vite app (build + preview, dev server, a static host
// without headers) in Debian's Chromium. Run: npm run test:packaging (after npm run build).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Browser } from 'playwright-core';

import { launchChromium } from '../browser/serve.ts';
import { consumerProject, pack, type Packed, sh } from './project.ts';
import { plainStaticServer, type Served, viteServer } from './serve.ts';

let packed: Packed;
let project: string;

before(async () => {
  packed = await pack(mkdtempSync(join(tmpdir(), 'als-pack-')));
  project = await consumerProject(packed.tarball);
});

describe('the tarball', () => {
  test('holds a LICENSE, the dist files and no source map to a missing file', () => {
    const paths = new Set(packed.files.map((f) => f.path));
    assert.ok(paths.has('LICENSE'), 'no LICENSE');
    assert.ok(paths.has('dist/node.js') && paths.has('dist/browser.d.ts') && paths.has('dist/wasm/als_core_bg.wasm'));
    const installed = join(project, 'node_modules/als-wasm');
    for (const map of [...paths].filter((p) => p.endsWith('.map'))) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      sources.forEach((src, j) => {
        const inTarball = paths.has(join(map, '..', src).replace(/\\/g, '/'));
        assert.ok(inTarball || typeof sourcesContent?.[j] === 'string', `${map} points at ${src}, which is not shipped`);
      });
    }
  });

  test('dependencies hold only what the library needs; the native PNG renderer is an optional peer', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/als-wasm/package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    assert.equal(pkg.dependencies!['@resvg/resvg-js'], undefined);
    assert.deepEqual(pkg.peerDependenciesMeta!['@resvg/resvg-js'], { optional: true });
    assert.ok(!existsSync(join(project, 'node_modules/@resvg/resvg-js')), 'installing als-wasm pulled in @resvg/resvg-js');
    for (const key of ['license', 'repository', 'keywords', 'homepage', 'sideEffects']) assert.ok(pkg[key], `package.json has no ${key}`);
  });

  test('the release wasm files carry no name section', () => {
    for (const dir of ['wasm', 'wasm-relaxed', 'wasm-simd']) {
      const file = join(project, 'node_modules/als-wasm/dist', dir, 'als_core_bg.wasm');
      const headers = execFileSync('wasm-objdump', ['-h', file], { encoding: 'utf8' });
      assert.doesNotMatch(headers, /"name"/, `${dir} keeps its name section`);
    }
  });
});

describe('Node', () => {
  test('an ESM script trains, meets a coded error, and exits without close()', async () => {
    const out = JSON.parse(await sh(project, process.execPath, ['esm.mjs'], 60_000)) as Record<string, unknown>;
    assert.equal(out.threads, 2);
    assert.ok((out.count as number) > 500);
    assert.equal(out.recs, 3);
    assert.equal(out.titled, true);
    assert.equal(out.code, 'NOT_FOUND');
    assert.ok(Number.isFinite(out.stillWorks));
  });

  test('a CommonJS script require()s the package', async () => {
    const out = JSON.parse(await sh(project, process.execPath, ['cjs.cjs'], 60_000)) as Record<string, unknown>;
    assert.deepEqual(out, { count: 5, recs: 1, alsError: true });
  });
});

describe('TypeScript (strict, skipLibCheck false)', () => {
  const configs: [string, Record<string, unknown>][] = [
    ['node16, ES2022, Node types', { module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'] }],
    ['nodenext, ES2022, Node types', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022'], types: ['node'] }],
    ['bundler, ES2022, Node types', { module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022'], types: ['node'] }],
    ['node16, DOM + ES2022', { module: 'node16', moduleResolution: 'node16', lib: ['ES2022', 'DOM'], types: ['node'] }],
    ['nodenext, DOM + ES2022', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022', 'DOM'], types: ['node'] }],
    ['bundler, DOM + ES2022, no Node types (a browser app)', { module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] }],
  ];
  configs.forEach(([name, options], j) => {
    test(name, async () => {
      const file = `tsconfig.${j}.json`;
      const compilerOptions = { ...options, target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true };
      writeFileSync(join(project, file), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2));
      await sh(project, process.execPath, ['node_modules/typescript/bin/tsc', '-p', file]);
    });
  });
});

describe('a vite app in Chromium, training on files its server hosts', () => {
  let browser: Browser;
  let app: string;
  before(async () => {
    app = join(project, 'app');
    await sh(app, process.execPath, ['../node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
    browser = await launchChromium();
  });
  after(() => browser?.close());

  async function runApp(served: Served): Promise<Record<string, unknown>> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      for (let attempt = 0; ; attempt++) {
        await page.goto(served.url);
        try {
          await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
          const result = await page.evaluate(() => (window as unknown as { __result: Promise<Record<string, unknown>> }).__result);
          assert.deepEqual(problems, []);
          return result;
        } catch (e) {
          // The dev server may reload the page once after optimizing dependencies.
          if (attempt > 0 || !/context was destroyed|navigat/i.test(String(e))) throw e;
        }
      }
    } finally {
      await page.close();
    }
  }

  function assertTrained(r: Record<string, unknown>, threaded: boolean): void {
    assert.equal(r.error, undefined, String(r.error));
    assert.ok((r.count as number) > 500, `count ${r.count}`);
    assert.equal((r.recs as string[]).length, 3);
    assert.match((r.recs as string[])[0]!, /^Movie \d+, The/);
    // A dev server answers unknown paths with index.html (a parse error), a static host with 404.
    assert.match(String(r.missing), /^(NOT_FOUND|PARSE_ERROR|MISSING_COLUMN)$/);
    assert.deepEqual(r.counts, Array(5).fill(r.count), 'URL object, Blob, bytes, ArrayBuffer and stream load the same ratings');
    assert.equal(r.columns, 2);
    assert.ok(Number.isFinite(r.again));
    assert.equal(r.isolated, threaded);
    // Chromium (since 114) runs relaxed SIMD, so an isolated page loads the fused multiply-add build.
    assert.equal(r.variant, threaded ? 'relaxed' : 'simd');
    assert.ok(threaded ? (r.threads as number) > 1 : r.threads === 1, `threads ${r.threads}`);
  }

  test('vite build + preview with COOP/COEP: threaded', async () => {
    const served = await viteServer(app, 'preview');
    try {
      assertTrained(await runApp(served), true);
    } finally {
      await served.close();
    }
  });

  test('the same build on a static host without headers: one-thread fallback', async () => {
    const served = await plainStaticServer(join(app, 'dist'));
    try {
      assertTrained(await runApp(served), false);
    } finally {
      await served.close();
    }
  });

  test('the vite dev server: threaded', async () => {
    const served = await viteServer(app, 'dev');
    try {
      assertTrained(await runApp(served), true);
    } finally {
      await served.close();
    }
  });
});
