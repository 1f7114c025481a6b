// The relaxed-SIMD build (fused multiply-add): chosen by feature detection, forced off by an
// option or the environment, bitwise identical across thread counts, and within stated bounds
// of the plain build (the reproducibility contract in docs/performance.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { AlsError, createEngine, type CoreInfo } from 'als-wasm';

import { coreVariantOf, relaxedSimdFromEnv, relaxedSimdSupported } from '../../ts/relaxed_simd.js';

const SMALL = new URL('../../../shared/data/ml-latest-small/', import.meta.url).pathname;
const CHILD = fileURLToPath(new URL('./relaxed_runs.ts', import.meta.url));

interface Run {
  variant: string;
  threads: number;
  fit: 'cg' | 'cholesky';
  info: CoreInfo;
  history: Record<string, number>[];
  userFactors: string;
  itemFactors: string;
  userBiases: string;
  itemBiases: string;
}

const floats = (b64: string) => new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);

/** ‖a − b‖ / ‖b‖ over all entries. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

describe('choosing the build', () => {
  test('the plain threaded build where relaxed SIMD is absent or refused; the choice is reported', async () => {
    await using plain = await createEngine({ threads: 2, relaxedSimd: false });
    assert.equal(plain.info.variant, 'threads');
    assert.equal(plain.info.relaxedSimd, false);
    await using auto = await createEngine({ threads: 2 });
    assert.equal(auto.info.variant, relaxedSimdSupported() ? 'relaxed' : 'threads');
    assert.equal(auto.info.relaxedSimd, relaxedSimdSupported());
  });

  test('ALS_WASM_RELAXED_SIMD=0 forces the plain build unless the option says otherwise', () => {
    assert.equal(relaxedSimdFromEnv('0'), false);
    assert.equal(relaxedSimdFromEnv('false'), false);
    assert.equal(relaxedSimdFromEnv('1'), undefined);
    assert.equal(relaxedSimdFromEnv(undefined), undefined);
    assert.equal(coreVariantOf({}, false), 'threads');
    assert.equal(coreVariantOf({ relaxedSimd: true }, false), relaxedSimdSupported() ? 'relaxed' : 'threads');
    assert.equal(coreVariantOf({ variant: 'simd' }, false), 'simd');
  });

  test('bad values are INVALID_PARAM; forcing relaxed SIMD where it is absent is UNSUPPORTED', async () => {
    await assert.rejects(createEngine({ relaxedSimd: 'yes' as unknown as boolean }), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM' && /relaxedSimd/.test(e.message));
    await assert.rejects(createEngine({ variant: 'fast' as 'threads' }), (e: unknown) => e instanceof AlsError && e.code === 'INVALID_PARAM' && /variant/.test(e.message));
    if (!relaxedSimdSupported()) {
      await assert.rejects(createEngine({ variant: 'relaxed' }), (e: unknown) => e instanceof AlsError && e.code === 'UNSUPPORTED');
    }
  });
});

describe('relaxed SIMD against the plain build on ml-latest-small', { skip: !existsSync(SMALL) && 'no ../shared/data' }, () => {
  // Node 20 runs relaxed SIMD behind a V8 flag; later versions have it on.
  const flags = relaxedSimdSupported() ? [] : ['--experimental-wasm-relaxed-simd'];
  const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', CHILD], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 28 });
  const parse = (): Run[] => {
    assert.equal(child.status, 0, `child failed:\n${child.stderr}`);
    return JSON.parse(child.stdout) as Run[];
  };

  for (const fit of ['cg', 'cholesky'] as const) {
    test(`${fit}: the relaxed build is bitwise identical on 1, 2 and 8 threads`, () => {
      const runs = parse().filter((r) => r.fit === fit && r.variant === 'relaxed');
      assert.deepEqual(runs.map((r) => [r.threads, r.info.variant, r.info.relaxedSimd]), [[1, 'relaxed', true], [2, 'relaxed', true], [8, 'relaxed', true]]);
      for (const r of runs.slice(1)) {
        assert.deepEqual(r.history, runs[0]!.history);
        for (const key of ['userFactors', 'itemFactors', 'userBiases', 'itemBiases'] as const) assert.equal(r[key], runs[0]![key], `${key} on ${r.threads} threads`);
      }
    });

    test(`${fit}: relaxed and plain builds agree within the stated bounds`, (t) => {
      const runs = parse().filter((r) => r.fit === fit);
      const relaxed = runs.find((r) => r.variant === 'relaxed' && r.threads === 2)!;
      const plain = runs.find((r) => r.variant === 'threads')!;
      assert.equal(plain.info.relaxedSimd, false);
      const [rl, pl] = [relaxed.history.at(-1)!, plain.history.at(-1)!];
      const rmse = Math.abs(rl.testRmse! - pl.testRmse!);
      const user = relativeDifference(floats(relaxed.userFactors), floats(plain.userFactors));
      const item = relativeDifference(floats(relaxed.itemFactors), floats(plain.itemFactors));
      t.diagnostic(`test RMSE ${pl.testRmse} plain, ${rl.testRmse} relaxed (|Δ| ${rmse.toExponential(2)}); factors ‖Δ‖/‖x‖ users ${user.toExponential(2)}, items ${item.toExponential(2)}`);
      assert.ok(rmse <= 1e-4, `test RMSE differs by ${rmse}`);
      assert.ok(Math.abs(rl.trainRmse! - pl.trainRmse!) <= 1e-4);
      // Measured: RMSE |Δ| ~2e-10, factors ~1e-6 (x86 with FMA3); the bounds leave two orders of margin.
      assert.ok(user <= 1e-4 && item <= 1e-4, `factors differ by ${user} (users), ${item} (items)`);
    });
  }
});
