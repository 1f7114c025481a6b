/**
 * Typed-array allocation for ingest buffers: backed by `SharedArrayBuffer` whenever the
 * environment allows it (Node always; browsers when `crossOriginIsolated`), so the arrays can be
 * handed to wasm workers without copying.
 */

/** True when `SharedArrayBuffer` can be used (Node, or a cross-origin-isolated browser context). */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

type TypedCtor<T> = { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** Allocates a zeroed typed array of `length` elements, shared when `shared` is true. */
export function allocTyped<T>(ctor: TypedCtor<T>, length: number, shared: boolean): T {
  const bytes = Math.max(1, length) * ctor.BYTES_PER_ELEMENT;
  const buf = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return new ctor(buf, 0, length);
}

/** Copies the first `count` elements of `src` into a new array of capacity `capacity`. */
export function resizeTyped<T extends Uint32Array | Float32Array | Int32Array | Float64Array>(
  src: T, count: number, capacity: number, shared: boolean,
): T {
  const ctor = src.constructor as unknown as TypedCtor<T>;
  const out = allocTyped(ctor, capacity, shared);
  (out as Uint32Array).set((src as Uint32Array).subarray(0, count));
  return out;
}

/**
 * Returns the first `count` elements as an exact-length array: a view when the slack is small
 * (no copy, the buffer keeps a little spare room), a compact copy otherwise.
 */
export function trimTyped<T extends Uint32Array | Float32Array | Int32Array | Float64Array>(
  src: T, count: number, shared: boolean,
): T {
  if (src.length - count <= (count >>> 2) + 1024) return src.subarray(0, count) as T;
  return resizeTyped(src, count, count, shared);
}
