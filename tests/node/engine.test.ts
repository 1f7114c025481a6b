// The foundation through the public API: the threaded WebAssembly engine in
// a worker, its batched ridge solve, its errors, and the shipped binary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { AlsError, createEngine, type Engine } from 'als-wasm';

import { relaxedSimdSupported } from '../../ts/relaxed_simd.js';
import { randomCsr, ridgeReference } from './ridge_reference.ts';

describe('engine (2 threads)', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine({ threads: 2 });
  });
  after(() => engine.close());

  test('reports its core', () => {
    assert.equal(engine.threads, 2);
    assert.equal(engine.info.simd, true);
    assert.equal(engine.info.version, '0.1.0');
    // Node always has shared memory: no fallback; relaxed SIMD where this Node validates it.
    assert.equal(engine.info.variant, relaxedSimdSupported() ? 'relaxed' : 'threads');
    assert.equal(engine.info.relaxedSimd, relaxedSimdSupported());
    assert.equal(engine.info.fallback, undefined);
  });

  for (const k of [1, 2, 8, 20, 64]) {
    test(`ridge solve matches the f64 reference, K=${k}`, async () => {
      const input = { ...randomCsr(k, 200, 120, k), lambda: 0.5, tau: 0.2 };
      const { factors } = await engine.ridgeSolve(input);
      const want = ridgeReference(input);
      assert.equal(factors.length, want.length);
      for (let i = 0; i < want.length; i++) {
        const tol = 2e-3 * (1 + Math.abs(want[i]));
        assert.ok(Math.abs(factors[i] - want[i]) <= tol, `value ${i}: ${factors[i]} vs ${want[i]}`);
      }
    });
  }

  test('more than one pool thread does the work', async () => {
    const input = { ...randomCsr(20, 4000, 500, 99), lambda: 0.002, tau: 0.05 };
    const { threadsUsed } = await engine.ridgeSolve(input);
    assert.ok(threadsUsed > 1, `only ${threadsUsed} thread(s) solved rows`);
  });

  const bad: [string, (good: ReturnType<typeof goodInput>) => object, string, Record<string, unknown>][] = [
    ['K = 0', (g) => ({ ...g, k: 0, factors: new Float32Array(0) }), 'INVALID_PARAM', { name: 'k' }],
    ['mismatched lengths', (g) => ({ ...g, values: g.values.subarray(1) }), 'LENGTH_MISMATCH', {}],
    ['a NaN rating', (g) => ({ ...g, values: Float32Array.of(1, NaN, 3) }), 'INVALID_RATING', { index: 1 }],
    ['an out-of-range index', (g) => ({ ...g, indices: Uint32Array.of(0, 7, 1) }), 'INDEX_OUT_OF_RANGE', { index: 7, len: 2 }],
    ['tau = 0', (g) => ({ ...g, tau: 0 }), 'INVALID_PARAM', { name: 'tau' }],
  ];
  for (const [what, make, code, details] of bad) {
    test(`rejects ${what} with ${code}, and stays usable`, async () => {
      const input = make(goodInput()) as Parameters<Engine['ridgeSolve']>[0];
      await assert.rejects(engine.ridgeSolve(input), (e: unknown) => {
        assert.ok(e instanceof AlsError, `not an AlsError: ${e}`);
        assert.equal(e.code, code);
        for (const [key, value] of Object.entries(details)) assert.equal(e.details[key], value);
        return true;
      });
      const { factors } = await engine.ridgeSolve(goodInput());
      assert.equal(factors.length, 4);
      assert.ok(factors.every(Number.isFinite));
    });
  }
});

function goodInput() {
  return {
    k: 2,
    indptr: Uint32Array.of(0, 2, 3),
    indices: Uint32Array.of(0, 1, 1),
    values: Float32Array.of(4, 3, 5),
    factors: Float32Array.of(1, 0, 0.5, 1),
    lambda: 1,
    tau: 0.1,
  };
}

test('createEngine rejects a bad thread count', async () => {
  await assert.rejects(createEngine({ threads: 0 }), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM');
});

test('a closed engine rejects calls at once', async () => {
  const engine = await createEngine({ threads: 1 });
  await engine.close();
  await assert.rejects(engine.ridgeSolve(goodInput()), (e: unknown) => e instanceof AlsError && e.code === 'ENGINE_CLOSED');
});

test('the shipped .wasm imports a shared memory and uses f32x4 SIMD', () => {
  const wasm = fileURLToPath(new URL('../../dist/wasm/als_core_bg.wasm', import.meta.url));
  const imports = execFileSync('wasm-objdump', ['-x', '-j', 'Import', wasm], { encoding: 'utf8' });
  assert.match(imports, /memory\[0\].*shared/);
  const code = execFileSync('wasm-objdump', ['-d', wasm], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const simd = code.match(/f32x4\.(mul|add)/g) ?? [];
  assert.ok(simd.length > 10, `only ${simd.length} f32x4 mul/add instructions`);
});
