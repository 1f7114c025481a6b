/** Paths and `file:` URLs opened in the Node worker, with file-system errors as `AlsError`s. */
import { type FileHandle, open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { AlsError } from '../errors.js';
import type { ChunkPlace, OpenedSource, OpenOptions } from './sources.js';

/**
 * Open `path` now (so a missing file, a directory or a permission problem
 * rejects here, as `NOT_FOUND` or `SOURCE_UNREADABLE`, and not later as a
 * stream error nobody listens to) and stream it in 4 MiB chunks.
 */
export async function openNodeFile(path: string, opts: OpenOptions = {}): Promise<OpenedSource> {
  const file = path.startsWith('file:') ? fileURLToPath(path) : path;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const st = await handle.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const h = handle;
    return {
      chunks: handleChunks(h, file, opts.transientChunks === true), readInto: (place) => handleReads(h, file, place), size: st.size, name: file,
    };
  } catch (e) {
    await handle?.close();
    throw fileError(file, e);
  }
}

/**
 * The file in chunks, one read ahead: the next read runs on libuv's thread
 * pool while the consumer works on this chunk. `reuse` (the consumer is done
 * with a chunk when it asks for the next): two buffers take turns, instead of
 * a new one per chunk whose pages are zeroed and faulted in every time.
 */
async function* handleChunks(handle: FileHandle, file: string, reuse: boolean, chunkBytes = 1 << 22): AsyncGenerator<Uint8Array> {
  const turns = reuse ? [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)] : [];
  let turn = 0;
  const readOne = async (): Promise<Uint8Array> => {
    const buf = reuse ? turns[turn++ & 1]! : new Uint8Array(chunkBytes);
    const { bytesRead } = await handle.read(buf, 0, chunkBytes, null).catch((e: unknown) => Promise.reject(fileError(file, e)));
    return buf.subarray(0, bytesRead);
  };
  let ahead: Promise<Uint8Array> | undefined = readOne();
  try {
    for (;;) {
      const chunk: Uint8Array = await ahead;
      ahead = undefined;
      if (chunk.length === 0) return;
      ahead = readOne();
      yield chunk;
    }
  } finally {
    // A read still in flight must end before the handle closes (and its failure is moot).
    await ahead?.catch(() => undefined);
    await handle.close();
  }
}

/** The file in chunks read into the views `place` gives, one at a time: each read waits for the consumer to be done with the one before. */
async function* handleReads(handle: FileHandle, file: string, place: ChunkPlace, chunkBytes = 1 << 22): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const dest = place(chunkBytes);
      const { bytesRead } = await handle.read(dest, 0, dest.length, null).catch((e: unknown) => Promise.reject(fileError(file, e)));
      if (bytesRead === 0) return;
      yield dest.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const REASONS: Record<string, string> = { EISDIR: 'directory', EACCES: 'permission', EPERM: 'permission' };

/** A file-system error as `NOT_FOUND` (missing) or `SOURCE_UNREADABLE` (`details.reason`). */
function fileError(file: string, e: unknown): AlsError {
  const errno = (e as NodeJS.ErrnoException).code ?? 'EIO';
  if (errno === 'ENOENT' || errno === 'ENOTDIR') {
    return new AlsError('NOT_FOUND', `no such file: ${file}`, { source: file, errno });
  }
  const reason = REASONS[errno] ?? 'io';
  const what = reason === 'directory' ? 'is a directory, not a file' : reason === 'permission' ? 'cannot be read (permission denied)' : `cannot be read (${errno})`;
  return new AlsError('SOURCE_UNREADABLE', `${file} ${what}`, { source: file, reason, errno });
}
