/**
 * Node-only: extracts a zip file with yauzl (streaming, entry by entry, sizes checked),
 * refusing entries that would escape the target directory.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import yauzl from 'yauzl';
import type { DownloadProgress } from './download.js';

/** Extracts every entry of `zipPath` under `dir`. Rejects on any corrupt entry. */
export function unzipFile(zipPath: string, dir: string, onProgress?: (p: DownloadProgress) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) { reject(err ?? new Error('cannot open zip')); return; }
      let bytes = 0;
      const fail = (e: Error): void => { zip.close(); reject(e); };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = normalize(entry.fileName);
        if (isAbsolute(name) || name.startsWith('..')) { fail(new Error(`unsafe entry ${entry.fileName}`)); return; }
        const target = join(dir, name);
        if (entry.fileName.endsWith('/')) { mkdirSync(target, { recursive: true }); zip.readEntry(); return; }
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) { fail(e2 ?? new Error('cannot read entry')); return; }
          const out = createWriteStream(target);
          stream.on('data', (c: Buffer) => { bytes += c.length; onProgress?.({ phase: 'unzip', bytes }); });
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
