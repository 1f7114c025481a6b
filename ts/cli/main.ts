#!/usr/bin/env node
/**
 * The `als-wasm` command line. Exit codes: 0 ok, 1 runtime or data error, 2 usage error.
 * Every command takes `--help`, `--json` (one JSON document on stdout) and `--threads N`.
 */
import { Command, CommanderError } from 'commander';

import { AlsError, VERSION } from '../node.js';
import { IngestError } from '../ingest/errors.js';
import { UsageError, withGlobalOptions } from './command_context.js';
import { fail, printJsonError } from './error_output.js';
import { registerDownload } from './commands/download.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExplain } from './commands/explain.js';
import { registerInfo } from './commands/info.js';
import { registerIntegrity } from './commands/integrity.js';
import { registerMap } from './commands/map.js';
import { registerPolarity } from './commands/polarity.js';
import { registerRecommend } from './commands/recommend.js';
import { registerSimilar } from './commands/similar.js';
import { registerSpark } from './commands/spark.js';
import { registerTrain } from './commands/train.js';
import { registerTune } from './commands/tune.js';

/** Build the program (exported for tests that want to inspect it). */
export function buildProgram(): Command {
  const program = withGlobalOptions(new Command('als-wasm'))
    .description('Train and query ALS recommenders on MovieLens ratings (threaded SIMD WebAssembly)')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });
  for (const register of [registerTrain, registerEvaluate, registerRecommend, registerSimilar, registerExplain,
    registerPolarity, registerMap, registerTune, registerInfo, registerDownload, registerIntegrity, registerSpark]) register(program);
  return program;
}

/** Run the CLI on `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed its message on stderr; --json still gets its one document
      if (e.exitCode === 0) return 0;
      if (json) printJsonError(2, 'USAGE', e.message.replace(/^error: /, ''), { reason: e.code });
      return 2;
    }
    if (e instanceof UsageError) return fail(json, 2, e.code, e.message, e.details, '\n(run with --help for usage)');
    if (e instanceof AlsError || e instanceof IngestError) return fail(json, 1, e.code, e.message, e.details as Record<string, unknown>);
    const err = e as NodeJS.ErrnoException;
    return fail(json, 1, err.code ?? 'INTERNAL', err.message ?? String(e), err.path ? { path: err.path } : {});
  }
}

process.exitCode = await main(process.argv);
