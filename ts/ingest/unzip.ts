/**
 * Node-only: extracts a zip file with yauzl (streaming, entry by entry, sizes checked),
 * refusing entries that would escape the target directory and stopping once more than
 * `maxBytes` would be written (a small zip can expand to gigabytes).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import yauzl from 'yauzl';
import type { DownloadProgress } from './download_http.js';

/** Thrown when the archive expands beyond the cap. */
export class ExtractLimitError extends Error {
  override name = 'ExtractLimitError';
}

/** Extracts every entry of `zipPath` under `dir`. Rejects on any corrupt entry or beyond `maxBytes`. */
export function unzipFile(zipPath: string, dir: string, maxBytes: number, onProgress?: (p: DownloadProgress) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) { reject(err ?? new Error('cannot open zip')); return; }
      let bytes = 0, declared = 0;
      const over = (n: number): Error => new ExtractLimitError(`the archive expands to more than ${maxBytes} bytes (${n} reached)`);
      let failed = false;
      const fail = (e: Error): void => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(e);
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = normalize(entry.fileName);
        if (isAbsolute(name) || name.startsWith('..')) { fail(new Error(`unsafe entry ${entry.fileName}`)); return; }
        declared += entry.uncompressedSize;
        if (declared > maxBytes) { fail(over(declared)); return; }
        const target = join(dir, name);
        if (entry.fileName.endsWith('/')) { mkdirSync(target, { recursive: true }); zip.readEntry(); return; }
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) { fail(e2 ?? new Error('cannot read entry')); return; }
          const out = createWriteStream(target);
          stream.on('data', (c: Buffer) => {
            bytes += c.length;
            if (bytes > maxBytes) { stream.destroy(); out.destroy(); fail(over(bytes)); return; }
            onProgress?.({ phase: 'unzip', bytes });
          });
          stream.on('error', fail);
          out.on('error', fail);
          out.on('finish', () => zip.readEntry());
          stream.pipe(out);
        });
      });
      zip.readEntry();
    });
  });
}
