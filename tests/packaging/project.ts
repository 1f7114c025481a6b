// The package as npm ships it: `npm pack` of the built repo, installed into a
// fresh temporary project together with the tools a consumer would use.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { ratingsCsv } from '../node/ratings_fixture.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** What `npm pack --json` reports about the tarball. */
export interface Packed {
  tarball: string;
  files: { path: string; size: number }[];
}

/** `npm pack` of the repo (its dist/ must be built) into `dir`. */
export async function pack(dir: string): Promise<Packed> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, maxBuffer: 1 << 26 });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string; size: number }[] }[];
  return { tarball: join(dir, info!.filename), files: info!.files };
}

/** The version of a devDependency of the repo, so the consumer uses the same tools. */
function devVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return pkg.devDependencies[name]!;
}

/**
 * A fresh ESM project in a temporary folder with the tarball, TypeScript,
 * @types/node and vite installed from the registry, and the consumer files
 * (tests/packaging/consumer/) plus data for them.
 */
export async function consumerProject(tarball: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'als-consumer-'));
  cpSync(join(root, 'tests/packaging/consumer'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'als-consumer', private: true, type: 'module' }, null, 2));
  mkdirSync(join(dir, 'app/public'), { recursive: true });
  writeFileSync(join(dir, 'app/public/ratings.csv'), ratingsCsv());
  writeFileSync(join(dir, 'app/public/movies.csv'), moviesCsv());
  const tools = ['typescript', '@types/node', 'vite'].map((name) => `${name}@${devVersion(name)}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...tools], { cwd: dir, maxBuffer: 1 << 26 });
  return dir;
}

/** Titles with commas and quotes (the csv quoting rules), genres for every movie of `ratingsCsv`. */
function moviesCsv(): string {
  const lines = ['movieId,title,genres'];
  for (let i = 1; i <= 30; i++) lines.push(`${i * 10},"Movie ${i}, The (${1990 + i})",${i % 2 ? 'Comedy|Drama' : 'Action'}`);
  return `${lines.join('\n')}\n`;
}

/** Run `cmd args` in `cwd`; resolves to stdout, rejects with stdout and stderr in the message. */
export async function sh(cwd: string, cmd: string, args: string[], timeout = 120_000): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd, timeout, maxBuffer: 1 << 26 });
    return stdout;
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: e });
  }
}
