/** Runs the built CLI (`dist/cli/main.js`) in a child process for the CLI tests. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI entry of the build under test. */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What a run printed and returned. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not). */
  json<T = Record<string, unknown>>(): T;
}

/** Run `als-wasm ...args` and wait for it. */
export function cli(args: string[], timeoutMs = 120_000): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: timeoutMs });
  return {
    code: r.status, stdout: r.stdout, stderr: r.stderr,
    json<T>() {
      try {
        return JSON.parse(r.stdout) as T;
      } catch {
        throw new Error(`not JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      }
    },
  };
}

