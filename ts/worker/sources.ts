import { blobChunks } from '../ingest/index.js';
import { AlsError, toAlsError } from '../errors.js';
import type { LoadControl, WorkerSource } from '../protocol/index.js';

/** @internal Where a direct read puts the next `bytes` bytes: a view the consumer reserves for them. */
export type ChunkPlace = (bytes: number) => Uint8Array;

/** @internal A source opened for streaming. */
export interface OpenedSource {
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /**
   * The same bytes, each chunk read straight into the view `place` gives
   * (the parser's buffer in wasm memory: no copy). Files only; a consumer
   * reads either these or `chunks`.
   */
  readInto?: (place: ChunkPlace) => AsyncIterable<Uint8Array>;
  /** Total bytes when known (progress). */
  size?: number;
  /** Name for error messages. */
  name: string;
}

/** @internal How the consumer treats the chunks. */
export interface OpenOptions {
  /**
   * The consumer is done with each chunk before it asks for the next (it
   * copies it): a file source may then read into the same buffers again.
   */
  transientChunks?: boolean;
}

/** @internal Opens a path (or `file:` URL) in the worker's environment (Node: the file system). */
export type FileOpener = (path: string, opts?: OpenOptions) => Promise<OpenedSource>;

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Open `src` for streaming; paths go to `openFile`, URLs to `fetch`. The
 * chunks stop with `CANCELLED` once the control port says abort, and a URL
 * load fails with `SOURCE_UNREADABLE` when it stalls past the timeout.
 *
 * @internal
 */
export async function openSource(
  src: WorkerSource | URL, openFile: FileOpener | undefined, control: LoadControl = {}, opts: OpenOptions = {},
): Promise<OpenedSource> {
  const source = src instanceof URL ? src.href : src;
  const abort = new AbortController();
  if (control.port) control.port.onmessage = () => abort.abort(new AlsError('CANCELLED', 'loading was cancelled'));
  const opened = await openRaw(source, openFile, abort, control.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts);
  const { readInto } = opened;
  return {
    ...opened,
    chunks: untilAborted(opened.chunks, abort.signal),
    readInto: readInto && ((place) => untilAborted(readInto(place), abort.signal)),
  };
}

async function openRaw(
  src: WorkerSource, openFile: FileOpener | undefined, abort: AbortController, timeoutMs: number, opts: OpenOptions,
): Promise<OpenedSource> {
  if (src instanceof Uint8Array) return { chunks: [src], size: src.byteLength, name: '<bytes>' };
  if (src instanceof ArrayBuffer) return { chunks: [new Uint8Array(src)], size: src.byteLength, name: '<bytes>' };
  if (typeof Blob !== 'undefined' && src instanceof Blob) {
    const name = (src as File).name || '<blob>';
    return { chunks: blobChunks(src), size: src.size, name };
  }
  if (typeof ReadableStream !== 'undefined' && src instanceof ReadableStream) return { chunks: streamChunks(src), name: '<stream>' };
  if (typeof src !== 'string') {
    throw new AlsError('INVALID_PARAM', `a data source must be a path, URL, Blob, bytes or ReadableStream, got ${Object.prototype.toString.call(src)}`, { name: 'source' });
  }
  if (/^(https?|blob|data):/i.test(src)) return fetchSource(src, abort, timeoutMs);
  if (!openFile) throw new AlsError('UNSUPPORTED', `cannot open the path ${src} here: pass a URL, File, Blob, bytes or a ReadableStream`, { source: src });
  return openFile(src, opts);
}

async function* untilAborted(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (signal.aborted) throw toAlsError(signal.reason);
    yield chunk;
  }
  if (signal.aborted) throw toAlsError(signal.reason);
}

async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (!(value instanceof Uint8Array)) {
        throw new AlsError('INVALID_PARAM', 'a ReadableStream source must yield Uint8Array chunks', { name: 'source' });
      }
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** `url` fetched with `abort`'s signal; no byte for `timeoutMs` (headers included) aborts it. */
async function fetchSource(url: string, abort: AbortController, timeoutMs: number): Promise<OpenedSource> {
  const stall = new AlsError('SOURCE_UNREADABLE', `${url} sent no data for ${timeoutMs} ms`, { source: url, reason: 'timeout', timeoutMs });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(stall), timeoutMs);
  };
  arm();
  let res: Response;
  try {
    res = await fetch(url, { signal: abort.signal });
  } catch (e) {
    clearTimeout(timer);
    throw fetchError(url, abort.signal, e);
  }
  clearTimeout(timer);
  if (!res.ok || !res.body) {
    const code = res.status === 404 || res.status === 410 ? 'NOT_FOUND' : 'SOURCE_UNREADABLE';
    throw new AlsError(code, `fetching ${url} failed: HTTP ${res.status}`, { source: url, reason: 'http', status: res.status });
  }
  const size = Number(res.headers.get('content-length')) || undefined;
  const reader = res.body.getReader();
  const chunks = {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          arm();
          const { done, value } = await reader.read().catch((e: unknown) => Promise.reject(fetchError(url, abort.signal, e)));
          clearTimeout(timer); // parsing the chunk is not the server's time
          if (done) return;
          yield value;
        }
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return { chunks, size, name: url };
}

function fetchError(url: string, signal: AbortSignal, e: unknown): AlsError {
  if (signal.aborted) return toAlsError(signal.reason);
  const reason = e instanceof Error ? e.message : String(e);
  return new AlsError('SOURCE_UNREADABLE', `fetching ${url} failed: ${reason}`, { source: url, reason: 'network', message: reason });
}
