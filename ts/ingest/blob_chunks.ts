/**
 * Browser (and Node 20+) sources: a `Blob`/`File` as `Uint8Array` chunks via `Blob.stream()`.
 */

/**
 * Yields the bytes of a Blob or File chunk by chunk, reading through the stream's reader
 * (works where ReadableStream is not async-iterable, e.g. Safari).
 *
 * @example
 * ```ts
 * const catalog = await parseMovies(blobChunks(file), { file: file.name, totalBytes: file.size });
 * ```
 */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value as Uint8Array;
    }
  } finally {
    reader.releaseLock();
  }
}
