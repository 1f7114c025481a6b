/**
 * NumPy `.npy` files (format version 1.0, as `numpy.save` writes them) for
 * the two dtypes als-wasm uses: little-endian `float32` (`'<f4'`) and
 * `uint32` (`'<u4'`), C order. Environment-neutral: bytes in, bytes out.
 */
import { AlsError } from './errors.js';

/** A decoded `.npy` array: values in C (row-major) order and the shape. */
export interface NpyArray {
  data: Float32Array | Uint32Array;
  shape: number[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Encode `array` with `shape` (whose product must be `array.length`) as an
 * NPY 1.0 file that `numpy.load` reads.
 *
 * @example
 * const bytes = toNpy(itemFactors, [itemCount, k]);   // np.load(...) -> float32 (itemCount, k)
 */
export function toNpy(array: Float32Array | Uint32Array, shape: number[]): Uint8Array {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || shape.reduce((a, b) => a * b, 1) !== array.length) {
    throw new AlsError('LENGTH_MISMATCH', `shape (${shape.join(', ')}) does not hold ${array.length} values`, { what: 'npy shape', expected: array.length });
  }
  const descr = array instanceof Float32Array ? '<f4' : '<u4';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // Pad with spaces so the data starts at a multiple of 64 bytes, then '\n'.
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + array.length * 4);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let c = 0; c < header.length; c++) out[10 + c] = header.charCodeAt(c);
  const data = new DataView(out.buffer, 10 + header.length);
  if (LITTLE_ENDIAN) out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), 10 + header.length);
  else if (array instanceof Float32Array) array.forEach((v, j) => data.setFloat32(4 * j, v, true));
  else array.forEach((v, j) => data.setUint32(4 * j, v, true));
  return out;
}

/**
 * Decode an NPY file of `'<f4'` or `'<u4'` values in C order. Anything else
 * (another dtype, big-endian, Fortran order, a pickled object array, a
 * truncated file) fails with an `AlsError` of code `FORMAT` saying what to change.
 *
 * @example
 * const { data, shape } = fromNpy(readFileSync('item_factors.npy'));
 */
export function fromNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((b, j) => bytes[j] === b)) fail('not an NPY file (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  if (major !== 1 && major !== 2) fail(`NPY format version ${major}.${bytes[7]} is not supported (use 1.0)`);
  const headerLen = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : Infinity;
  const start = (major === 1 ? 10 : 12) + headerLen;
  if (start > bytes.length) fail('truncated NPY header');
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`unreadable NPY header ${JSON.stringify(header.trim())}`);
  if (descr !== '<f4' && descr !== '<u4') {
    fail(`unsupported NPY dtype '${descr}': save little-endian float32 or uint32 (e.g. a.astype('<f4'))`);
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`bad NPY shape (${shapeText})`);
  if (fortran === 'True' && shape.filter((d) => d > 1).length > 1) fail('Fortran-order NPY arrays are not supported: save np.ascontiguousarray(a)');
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - start !== count * 4) fail(`NPY data has ${bytes.length - start} bytes, shape (${shapeText}) needs ${count * 4}`);
  const data = descr === '<f4' ? new Float32Array(count) : new Uint32Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(data.buffer).set(bytes.subarray(start));
  else for (let j = 0; j < count; j++) data[j] = descr === '<f4' ? view.getFloat32(start + 4 * j, true) : view.getUint32(start + 4 * j, true);
  return { data, shape };
}

function fail(reason: string): never {
  throw new AlsError('FORMAT', `invalid NPY file: ${reason}`, { reason });
}
