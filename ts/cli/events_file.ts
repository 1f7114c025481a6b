/**
 * `--events FILE`: a generic events file (`user,item[,count|weight][,timestamp]`,
 * comma- or tab-separated, with or without a header). The layout is read from
 * its first lines: the separator (a tab in the first line means tabs), and
 * whether a third column (the count or weight) is there. A third column whose
 * header names a time (`user,item,timestamp`) is not a value (the parser drops
 * it); without a header a third column is always the value.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

import type { Engine, Ratings } from '../node.js';
import type { GlobalOptions } from './command_context.js';
import { mustExist } from './data.js';
import { progressBar } from './progress.js';

/** The separator and whether lines carry a value column, from the first 64 KiB. */
export function eventsLayout(path: string): { delimiter: string; hasValue: boolean } {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(65536);
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const lines = buf.subarray(0, n).toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const delimiter = first.includes('\t') ? '\t' : ',';
  // A data line (the second when the first is a header) decides the columns.
  const data = lines.find((l) => /^\s*"?\d/.test(l)) ?? first;
  return { delimiter, hasValue: data.split(delimiter).length >= 3 };
}

/** Load `path` as events with a progress bar (values summed per (user, item)). */
export async function loadEventsFile(engine: Engine, path: string, opts: GlobalOptions): Promise<Ratings> {
  mustExist(path, 'events file');
  const { delimiter, hasValue } = eventsLayout(path);
  const columns = hasValue ? { user: 0, item: 1, rating: 2 } : { user: 0, item: 1 };
  const bar = progressBar('load', statSync(path).size, !opts.json, ' B');
  try {
    return await engine.loadEvents(path, { delimiter, columns, onProgress: (p) => bar.update(p.bytes, `${p.rows} events`) });
  } finally {
    bar.stop();
  }
}
