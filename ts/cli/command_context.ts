/** What every subcommand shares: option parsing, the engine, output and errors. */
import { availableParallelism } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';

import { createEngine, type Engine } from '../node.js';
import { warn, warnings } from './warnings.js';

/**
 * A mistake in how the command was called: exit code 2, with a pointer to `--help`. `code` is
 * `USAGE` unless a more precise one applies (`INVALID_ID` for an id no data set can hold).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly code: string = 'USAGE', readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Options every command accepts (`--json`, `--threads`). */
export interface GlobalOptions {
  json?: boolean;
  threads?: number;
}

/** A commander parser for a number, optionally an integer and at least `min`. */
export function numberArg(opts: { integer?: boolean; min?: number; max?: number; above?: number } = {}): (v: string) => number {
  return (v: string) => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`expected a number, got "${v}"`);
    if (opts.integer && !Number.isInteger(x)) throw new InvalidArgumentError(`expected an integer, got "${v}"`);
    if (opts.min !== undefined && x < opts.min) throw new InvalidArgumentError(`must be at least ${opts.min}`);
    if (opts.max !== undefined && x > opts.max) throw new InvalidArgumentError(`must be at most ${opts.max}`);
    if (opts.above !== undefined && x <= opts.above) throw new InvalidArgumentError(`must be greater than ${opts.above}`);
    return x;
  };
}

/** Add `--json` and `--threads` to a command (also accepted before the subcommand). */
export function withGlobalOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON document on stdout instead of text')
    .option('--threads <n>', 'WebAssembly threads (default and maximum: the available cores)', numberArg({ integer: true, min: 1, max: 1024 }));
}

/** This command's options merged with the program's (`als-wasm --json train` and `train --json`). */
export function optionsOf<T>(cmd: Command): T & GlobalOptions {
  return cmd.optsWithGlobals() as T & GlobalOptions;
}

/** `--threads`, capped at the cores this process may use (more only adds workers and memory). */
export function threadCount(opts: GlobalOptions): number {
  const cores = availableParallelism();
  if (opts.threads === undefined) return cores;
  if (opts.threads > cores) {
    warn(`--threads ${opts.threads} is more than the ${cores} available cores: using ${cores}`);
    return cores;
  }
  return opts.threads;
}

/** Start an engine, run `f`, always close it. */
export async function withEngine<T>(opts: GlobalOptions, f: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await createEngine({ threads: threadCount(opts) });
  try {
    return await f(engine);
  } finally {
    await engine.close();
  }
}

/** Print the result: `json()` as one JSON document with `--json` (plus this run's `warnings`), else `text()`. */
export function emit(opts: GlobalOptions, text: () => string, json: () => unknown): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(withWarnings(json()), null, 2)}\n`);
  else process.stdout.write(`${text()}\n`);
}

/** A note for humans on stderr (silent with --json). */
export function note(opts: GlobalOptions, message: string): void {
  if (!opts.json) process.stderr.write(`${message}\n`);
}

/** `doc` with a `warnings` array (every JSON document the CLI prints has one). */
export function withWarnings(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { result: doc, warnings: warnings() };
  return { ...doc, warnings: warnings() };
}
