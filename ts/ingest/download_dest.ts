/**
 * Node-only: where `downloadMovieLens` unpacks. The destination directory is created (or refused
 * with a clear error when it is a file or read-only), and an existing data set folder counts as
 * present only when it holds the variant's ratings and movies files; anything else is damaged
 * and gets replaced.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IngestError } from './errors.js';
import { MOVIELENS_VARIANTS } from './movielens_variants.js';

/** Create `dest` if needed; `NOT_WRITABLE` when it is a file or cannot be written. */
export function prepareDest(dest: string): void {
  if (existsSync(dest) && !statSync(dest).isDirectory()) {
    throw new IngestError('NOT_WRITABLE', 'the destination exists and is not a directory', { file: dest });
  }
  try {
    mkdirSync(dest, { recursive: true });
    accessSync(dest, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new IngestError('NOT_WRITABLE', `cannot create or write the destination (${code})`, { file: dest });
  }
}

/** What is at the data set's folder: nothing, a complete data set, or something damaged. */
export function existingState(dir: string, variant: string): 'absent' | 'complete' | 'damaged' {
  if (!existsSync(dir)) return 'absent';
  const layout = MOVIELENS_VARIANTS.find((v) => v.variant === variant);
  if (!statSync(dir).isDirectory() || layout === undefined) return 'damaged';
  const ok = (name: string): boolean => existsSync(join(dir, name)) && statSync(join(dir, name)).isFile() && statSync(join(dir, name)).size > 0;
  return ok(layout.ratings) && ok(layout.movies) ? 'complete' : 'damaged';
}
