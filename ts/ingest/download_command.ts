/**
 * Node-only: the `als-wasm download <dataset...>` command, ready for the CLI to dispatch to.
 *
 *   als-wasm download ml-latest-small ml-1m [--dest data] [--md5 HEX | --no-verify] [--keep-zip] [--base-url URL]
 */
import { parseArgs } from 'node:util';
import { downloadMovieLens, MOVIELENS_DATASETS, type DownloadProgress } from './download.js';
import { IngestError } from './errors.js';

/** Usage text of the command. */
export const DOWNLOAD_USAGE = `usage: als-wasm download <${Object.keys(MOVIELENS_DATASETS).join('|')}>... `
  + '[--dest DIR] [--md5 HEX | --no-verify] [--keep-zip] [--base-url URL]';

/**
 * Runs the command; returns the process exit code (0 ok, 1 failure, 2 usage).
 *
 * @example
 * ```ts
 * process.exitCode = await runDownloadCommand(process.argv.slice(3));
 * ```
 */
export async function runDownloadCommand(argv: string[], err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        dest: { type: 'string' }, md5: { type: 'string' }, 'no-verify': { type: 'boolean' },
        'keep-zip': { type: 'boolean' }, 'base-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${DOWNLOAD_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) { err.write(`${DOWNLOAD_USAGE}\n`); return values.help ? 0 : 2; }
  for (const name of positionals) {
    const progress = (p: DownloadProgress): void => {
      const of = p.totalBytes ? `/${(p.totalBytes / 1e6).toFixed(1)}` : '';
      err.write(`\r${name}: ${p.phase} ${(p.bytes / 1e6).toFixed(1)}${of} MB   `);
    };
    try {
      const dir = await downloadMovieLens(name, {
        dest: values.dest, baseUrl: values['base-url'], keepZip: values['keep-zip'],
        md5: values['no-verify'] ? false : values.md5, onProgress: progress,
      });
      err.write(`\r${name}: ready in ${dir}\n`);
    } catch (e) {
      err.write(`\n${e instanceof IngestError ? `${e.code}: ` : ''}${(e as Error).message}\n`);
      return 1;
    }
  }
  return 0;
}
