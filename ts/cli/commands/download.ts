/**
 * `als-wasm download <dataset...>`: fetch, verify and unpack MovieLens archives. Progress bars
 * appear on stderr only when it is a terminal (never with `--json`); `--json` prints one document
 * with a result per data set.
 */
import { type Command, InvalidArgumentError } from 'commander';

import { type DownloadProgress, type DownloadResult, downloadDataset, MOVIELENS_DATASETS } from '../../ingest/download.js';
import { emit, type GlobalOptions, optionsOf, UsageError } from '../command_context.js';
import { progressBar, type Progress } from '../progress.js';

interface DownloadOptions extends GlobalOptions {
  dest: string;
  md5?: string;
  verify: boolean;
  keepZip?: boolean;
  baseUrl?: string;
  insecure?: boolean;
}

/** Register `download`. */
export function registerDownload(program: Command): void {
  program.command('download')
    .description(`download and unpack MovieLens data sets (${Object.keys(MOVIELENS_DATASETS).join(', ')})`)
    .argument('<datasets...>', 'data set names')
    .option('--dest <dir>', 'directory to unpack into (created if missing)', '.')
    .option('--md5 <hex>', 'expected MD5 of the zip (default: the published one, fetched over https)', md5Arg)
    .option('--no-verify', 'skip the checksum (not recommended)')
    .option('--keep-zip', 'keep the zip after unpacking')
    .option('--base-url <url>', 'where the zips are (a mirror); default the GroupLens site')
    .option('--insecure', 'allow a plain http --base-url (a trusted local mirror)')
    .action(async (names: string[], _o: unknown, self: Command) => runDownload(names, optionsOf<DownloadOptions>(self)));
}

function md5Arg(v: string): string {
  if (!/^[0-9a-f]{32}$/i.test(v)) throw new InvalidArgumentError('expected 32 hexadecimal digits');
  return v.toLowerCase();
}

async function runDownload(names: string[], o: DownloadOptions): Promise<void> {
  const unknown = names.find((n) => MOVIELENS_DATASETS[n] === undefined);
  if (unknown !== undefined) throw new UsageError(`unknown data set "${unknown}" (known: ${Object.keys(MOVIELENS_DATASETS).join(', ')})`);
  if (o.md5 !== undefined && names.length > 1) throw new UsageError('--md5 applies to one data set at a time');
  if (o.md5 !== undefined && !o.verify) throw new UsageError('--md5 and --no-verify contradict each other');
  const results: DownloadResult[] = [];
  for (const name of names) {
    const bars = new PhaseBars(name, !o.json);
    try {
      results.push(await downloadDataset(name, {
        dest: o.dest, baseUrl: o.baseUrl, insecure: o.insecure, keepZip: o.keepZip,
        md5: o.verify ? o.md5 : false, onProgress: (p) => bars.update(p),
      }));
    } finally {
      bars.stop();
    }
  }
  emit(o, () => results.map(resultLine).join('\n'), () => ({ datasets: results }));
}

function resultLine(r: DownloadResult): string {
  const what = r.status === 'present' ? 'already present' : r.status === 'replaced' ? 'replaced a damaged folder' : 'downloaded';
  return `${r.dataset}: ${what}, ready in ${r.dir}`;
}

/** One cli-progress bar per phase (download, verify, unzip). */
class PhaseBars {
  private bar?: Progress;
  private phase?: string;
  constructor(private readonly name: string, private readonly enabled: boolean) {}
  update(p: DownloadProgress): void {
    if (p.phase !== this.phase) {
      this.bar?.stop();
      this.phase = p.phase;
      this.bar = progressBar(`${this.name} ${p.phase}`, p.totalBytes ?? 0, this.enabled, ' B');
    }
    if (p.totalBytes !== undefined) this.bar!.setTotal(p.totalBytes);
    this.bar!.update(p.bytes);
  }
  stop(): void {
    this.bar?.stop();
  }
}
