/**
 * A `DataSource` made ready to cross to the worker: `URL` objects (which do
 * not survive structured cloning) become strings, relative URL strings
 * resolve against the page, streams are transferred; and an `AbortSignal`
 * becomes a message port, since signals cannot cross either.
 */
import * as Comlink from 'comlink';

import { AlsError } from './errors.js';
import type { DataSource, LoadControl, WorkerSource } from './protocol/index.js';

/** `src` as the worker takes it; `baseUrl` (browser) resolves relative URL strings. */
export function sourceForWorker(src: DataSource, baseUrl: string | undefined): WorkerSource {
  if (typeof URL !== 'undefined' && src instanceof URL) return src.href;
  if (typeof src === 'string') {
    if (src === '') throw new AlsError('INVALID_PARAM', 'the data source is an empty string', { name: 'source' });
    // A browser has no file system: a string without a scheme is a URL relative to the page.
    return baseUrl !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(src) ? new URL(src, baseUrl).href : src;
  }
  if (typeof ReadableStream !== 'undefined' && src instanceof ReadableStream) return Comlink.transfer(src, [src as unknown as Transferable]);
  const isBlob = typeof Blob !== 'undefined' && src instanceof Blob;
  if (isBlob || src instanceof Uint8Array || src instanceof ArrayBuffer) return src;
  throw new AlsError('INVALID_PARAM', `a data source must be a path, URL, Blob, bytes or ReadableStream, got ${Object.prototype.toString.call(src)}`, { name: 'source' });
}

/** The worker-side control of a load, and `done()` to free its port when the call settles. */
export function loadControl(signal: AbortSignal | undefined, timeoutMs: number | undefined): { control: LoadControl; done(): void } {
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0)) {
    throw new AlsError('INVALID_PARAM', `timeoutMs must be a positive number, got ${String(timeoutMs)}`, { name: 'timeoutMs', value: String(timeoutMs) });
  }
  if (signal === undefined) return { control: { timeoutMs }, done: () => {} };
  if (signal.aborted) throw new AlsError('CANCELLED', 'loading was cancelled before it started', {});
  const { port1, port2 } = new MessageChannel();
  const abort = () => port1.postMessage('abort');
  signal.addEventListener('abort', abort);
  const control = Comlink.transfer({ port: port2, timeoutMs }, [port2]);
  return {
    control,
    done() {
      signal.removeEventListener('abort', abort);
      port1.close();
    },
  };
}
