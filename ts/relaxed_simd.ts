/**
 * Which threaded build an engine loads: the relaxed-SIMD one (fused
 * multiply-add in the kernels, ts/wasm-relaxed/) where the JavaScript engine
 * validates relaxed SIMD, else the plain SIMD one (ts/wasm/). The plain build
 * gives bitwise the same results on every machine; the relaxed build's
 * results depend on whether the CPU fuses (docs/performance.md, "Reproducibility").
 * Environment-neutral.
 */
import { AlsError } from './errors.js';
import type { CoreVariant, EngineOptions } from './protocol/index.js';

const VARIANTS: readonly CoreVariant[] = ['threads', 'relaxed', 'simd', 'scalar'];

/**
 * The smallest module that uses relaxed SIMD: one function
 * `(v128, v128, v128) -> v128` returning `f32x4.relaxed_madd` of its
 * parameters (opcode 0xfd 0x105). Engines without relaxed SIMD reject it.
 */
const RELAXED_MADD_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) -> v128
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd, end
]);

/** Whether this JavaScript engine runs relaxed SIMD (current Chromium, Node ≥ 21; Node 20 with `--experimental-wasm-relaxed-simd`). */
export function relaxedSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_MADD_MODULE);
  } catch {
    return false;
  }
}

/**
 * The threaded build to load: `'relaxed'` when allowed (`relaxedSimd` not
 * `false`) and supported, else `'threads'`.
 */
export function threadedVariant(relaxedSimd: boolean | undefined): 'threads' | 'relaxed' {
  return relaxedSimd !== false && relaxedSimdSupported() ? 'relaxed' : 'threads';
}

/**
 * The build `createEngine(options)` loads: `options.variant` when given
 * (`'relaxed'` only where supported), else the threaded build chosen by
 * `threadedVariant`. `envDefault` stands for `relaxedSimd` when the option is
 * absent (Node: `ALS_WASM_RELAXED_SIMD`). `INVALID_PARAM` for a bad value,
 * `UNSUPPORTED` for `variant: 'relaxed'` where the engine lacks relaxed SIMD.
 */
export function coreVariantOf(options: EngineOptions, envDefault?: boolean): CoreVariant {
  const { relaxedSimd, variant } = options;
  if (relaxedSimd !== undefined && typeof relaxedSimd !== 'boolean') {
    throw new AlsError('INVALID_PARAM', `relaxedSimd must be true or false, got ${String(relaxedSimd)}`, { name: 'relaxedSimd', value: relaxedSimd });
  }
  if (variant === undefined) return threadedVariant(relaxedSimd ?? envDefault);
  if (!VARIANTS.includes(variant)) {
    throw new AlsError('INVALID_PARAM', `variant must be one of ${VARIANTS.join(', ')}, got ${String(variant)}`, { name: 'variant', value: variant, expected: VARIANTS });
  }
  if (variant === 'relaxed' && !relaxedSimdSupported()) {
    throw new AlsError('UNSUPPORTED', 'this JavaScript engine does not support relaxed SIMD (Node 20 needs `node --experimental-wasm-relaxed-simd`); use the default build', { name: 'variant', value: variant });
  }
  return variant;
}

/** `ALS_WASM_RELAXED_SIMD` read as a default for `relaxedSimd`: `0`/`false` turn it off, anything else leaves the default. */
export function relaxedSimdFromEnv(value: string | undefined): boolean | undefined {
  return value === '0' || value === 'false' ? false : undefined;
}
