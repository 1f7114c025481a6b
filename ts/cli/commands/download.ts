/** `als-wasm download <dataset>...`: fetch MovieLens archives (delegates to `runDownloadCommand`). */
import type { Command } from 'commander';

import { runDownloadCommand } from '../../ingest/download_command.js';

/** Register `download`; its options are parsed by `runDownloadCommand` (`download --help`). */
export function registerDownload(program: Command): void {
  program.command('download')
    .description('download and unpack MovieLens data sets (ml-latest-small, ml-100k, ml-1m, ...); see download --help')
    .argument('[args...]', 'data set names and options')
    .helpOption(false).allowUnknownOption().allowExcessArguments()
    .action(async (args: string[]) => {
      process.exitCode = await runDownloadCommand(args);
    });
}
