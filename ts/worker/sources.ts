import { blobChunks } from '../ingest/index.js';
import { AlsError } from '../errors.js';

/**
 * Where ratings or movies come from: a path (Node) or URL, a File/Blob
 * (browser), or bytes already in memory.
 */
export type DataSource = string | URL | Blob | Uint8Array | ArrayBuffer;

/** A source opened for streaming. */
export interface OpenedSource {
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Total bytes when known (progress). */
  size?: number;
  /** Name for error messages. */
  name: string;
}

/** Opens a path in the worker's environment (Node: the file system). */
export type FileOpener = (path: string) => OpenedSource;

/** Open `src` for streaming; paths go to `openFile`, URLs to `fetch`. */
export async function openSource(src: DataSource, openFile: FileOpener | undefined): Promise<OpenedSource> {
  if (src instanceof Uint8Array) return { chunks: [src], size: src.byteLength, name: '<bytes>' };
  if (src instanceof ArrayBuffer) return { chunks: [new Uint8Array(src)], size: src.byteLength, name: '<bytes>' };
  if (typeof Blob !== 'undefined' && src instanceof Blob) {
    const name = (src as File).name ?? '<blob>';
    return { chunks: blobChunks(src), size: src.size, name };
  }
  const text = String(src);
  if (/^(https?|blob|data):/.test(text)) return fetchSource(text);
  if (!openFile) throw new AlsError('UNSUPPORTED', `cannot open the path ${text} here: pass a File, Blob, URL or bytes`, { source: text });
  return openFile(text.startsWith('file:') ? new URL(text).pathname : text);
}

async function fetchSource(url: string): Promise<OpenedSource> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new AlsError('FORMAT', `fetching ${url} failed: HTTP ${res.status}`, { url, status: res.status });
  const size = Number(res.headers.get('content-length')) || undefined;
  const reader = res.body.getReader();
  const chunks = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
  return { chunks, size, name: url };
}
