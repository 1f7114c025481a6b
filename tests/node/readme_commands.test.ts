/**
 * Every shell command README.md shows is run here, or is run by CI, or is on
 * the skip list below with the reason and a check that what it names exists.
 * Commands come from the ```sh/```bash blocks and from inline code spans that
 * start like a command (`als-wasm …`, `npm run …`, `node …`, `cd crate && cargo …`).
 * A command that matches none of the rules fails the test: a new README
 * command needs a rule here.
 *
 * `als-wasm` commands run verbatim through `sh`, in a scratch folder where
 * `data/ml-latest-small` is the MovieLens set next to the repository and
 * `als-wasm` is the built CLI (`npx als-wasm` runs the same bin). Lines of
 * the command-line synopsis (with `[…]`, `(…|…)` or `a | b`) are not
 * runnable: each named command and each flag must appear in `--help`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { CLI } from './cli_run.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const small = join(root, '..', 'shared', 'data', 'ml-latest-small');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const ciRun = readFileSync(join(root, '.ci', 'run'), 'utf8');
const testSh = readFileSync(join(root, 'scripts', 'test.sh'), 'utf8');

/** The shell commands of `markdown`, in order: fenced sh/bash lines, then inline spans that look like commands. */
function readmeCommands(markdown: string): string[] {
  const fenced: string[] = [];
  for (const block of markdown.matchAll(/^```(?:sh|bash|shell|console)\n([\s\S]*?)^```/gm)) {
    const joined = block[1]!.replace(/\s*\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').replace(/^\$\s*/, '').trim();
      if (command && !command.startsWith('#')) fenced.push(command);
    }
  }
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const inline = [...prose.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1]!.replace(/\s+/g, ' ').trim())
    .filter((c) => /^(als-wasm|npx|npm|node|cd crate &&|cargo) /.test(c) || c === 'npm test');
  return [...fenced, ...inline];
}

/** A synopsis line: placeholders and alternatives, not a command to run. */
const isSynopsis = (c: string) => /\[|\(--|\s\|\s/.test(c);

interface Rule {
  match: RegExp;
  /** How the command is covered, for the test's output. */
  how: 'run here' | 'synopsis checked against --help' | 'run by CI' | 'skipped';
  why: string;
  /** Checks what the command names (a script, a test file, an example) exists and is wired up. */
  check?: (command: string) => void;
}

const RULES: Rule[] = [
  {
    match: /^npm install als-wasm$/,
    how: 'skipped',
    why: 'installs from the npm registry; the consumer suite (`npm run test:packaging` in .ci/run) installs the packed tarball into fresh projects',
    check: () => assert.match(ciRun, /npm run -s test:packaging/),
  },
  {
    match: /^(npx )?als-wasm download /,
    how: 'skipped',
    why: 'needs the network (files.grouplens.org); the downloader is tested against a local server in cli_download.test.ts',
    check: () => assert.ok(existsSync(join(root, 'tests', 'node', 'cli_download.test.ts'))),
  },
  {
    match: /^als-wasm train --synth-shape netflix\b/,
    how: 'skipped',
    why: 'trains 100M ratings (minutes, ~3 GiB); synth.test.ts checks this plan against the memory limit at full size and trains the shape at a reduced size',
    check: () => assert.match(readFileSync(join(root, 'tests', 'node', 'synth.test.ts'), 'utf8'), /shape: 'netflix'/),
  },
  { match: /^(npx )?als-wasm .*(\[|\(--|\s\|\s)/, how: 'synopsis checked against --help', why: 'placeholders, not a command' },
  { match: /^(npx )?als-wasm /, how: 'run here', why: 'against ml-latest-small' },
  {
    match: /^npm run setup && npm run build$/,
    how: 'run by CI',
    why: '.ci/run runs scripts/setup.sh (npm run setup), then npm test, which builds',
    check: () => {
      assert.equal(pkg.scripts.setup, 'bash scripts/setup.sh');
      assert.match(ciRun, /^bash scripts\/setup\.sh$/m);
      assert.match(testSh, /^npm run -s build$/m);
    },
  },
  { match: /^npm test$/, how: 'run by CI', why: '.ci/run runs npm test', check: () => assert.match(ciRun, /^npm test$/m) },
  {
    match: /^node --import tsx --test (tests\/node\/\w+\.test\.ts)$/,
    how: 'run by CI',
    why: 'npm test runs every tests/node/*.test.ts',
    check: (c) => {
      assert.ok(existsSync(join(root, c.split(' ').at(-1)!)), c);
      assert.match(testSh, /tests\/node\/\*\.test\.ts/);
    },
  },
  {
    match: /^npm run (bench(:\w+)?|docs)( -- [\w .-]+)?$/,
    how: 'skipped',
    why: 'a benchmark (minutes to hours, prints numbers) or the typedoc API reference; the script must exist',
    check: (c) => assert.ok(pkg.scripts[c.split(' ')[2]!], c),
  },
  {
    match: /^cd crate && cargo run --release --example (\w+) -- DIR\b/,
    how: 'skipped',
    why: 'a native accuracy run over a MovieLens folder DIR (minutes); the example builds in npm test (clippy --all-targets)',
    check: (c) => {
      const name = /--example (\w+)/.exec(c)![1]!;
      assert.ok(existsSync(join(root, 'crate', 'examples', `${name}.rs`)) || existsSync(join(root, 'crate', 'examples', name, 'main.rs')), c);
    },
  },
];

const ruleOf = (command: string) => RULES.find((r) => r.match.test(command));

/** A scratch folder with `data/ml-latest-small` and an `als-wasm` on PATH that runs the built CLI. */
function scratch(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'als-readme-'));
  mkdirSync(join(dir, 'data'));
  symlinkSync(small, join(dir, 'data', 'ml-latest-small'));
  mkdirSync(join(dir, 'bin'));
  const bin = join(dir, 'bin', 'als-wasm');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(bin, 0o755);
  return { dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` } };
}

const commands = readmeCommands(readme);

test('README commands are found, and each is run, run by CI, or skipped for a stated reason', () => {
  assert.ok(commands.length >= 10, `only ${commands.length} commands found`);
  assert.ok(commands.includes('npx als-wasm train data/ml-latest-small --out model.als'), 'the quick start is read');
  const uncovered = commands.filter((c) => !ruleOf(c));
  assert.deepEqual(uncovered, [], 'README commands with no rule in readme_commands.test.ts');
  for (const c of commands) ruleOf(c)!.check?.(c);
});

test('the command finder reads fences, continuations, comments and inline spans', () => {
  const md = 'Run `als-wasm info\n--json` or `fit(x)`.\n\n```sh\nals-wasm a \\\n  --b 1   # note\n# only a comment\n```\n\n```ts\nals-wasm not-shell\n```\n';
  assert.deepEqual(readmeCommands(md), ['als-wasm a --b 1', 'als-wasm info --json']);
  assert.equal(ruleOf('als-wasm frobnicate --x'), RULES.find((r) => r.how === 'run here'));
  assert.equal(ruleOf('rm -rf /'), undefined);
});

describe('README als-wasm commands run against ml-latest-small', { skip: existsSync(small) ? false : `no ${small}` }, () => {
  const { dir, env } = scratch();
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sh = (command: string) => spawnSync('sh', ['-c', command], { cwd: dir, env, encoding: 'utf8', timeout: 15 * 60_000 });
  const runnable = commands.filter((c) => ruleOf(c)?.how === 'run here');

  test('there are commands to run', () => assert.ok(runnable.length >= 4, runnable.join('\n')));

  // In README order: the quick start writes model.als, which the later commands read.
  for (const command of runnable) {
    test(command, () => {
      // The Spark import reads a saved Spark ALSModel directory: make one from the
      // quick start's model (the export is checked against a real Spark in scripts/test_spark.sh).
      if (command.includes(' spark-model/') && !existsSync(join(dir, 'spark-model'))) {
        const made = sh('als-wasm export model.als --to spark spark-model/');
        assert.equal(made.status, 0, made.stderr);
      }
      const r = sh(command.replace(/^npx als-wasm /, 'als-wasm '));
      assert.equal(r.status, 0, `${command}\n${r.stdout}\n${r.stderr}`);
      assert.ok(r.stdout.trim().length > 0, `${command} printed nothing`);
    });
  }

  for (const line of commands.filter((c) => ruleOf(c)?.how === 'synopsis checked against --help')) {
    test(`synopsis: ${line}`, () => {
      const words = line.replace(/^npx /, '').split(/\s+/);
      const names = isSynopsis(words.slice(1).join(' ')) && words[2] === '|' ? words.slice(1).filter((w) => w !== '|') : [words[1]!];
      for (const name of names) {
        const help = sh(`als-wasm ${name} --help`);
        assert.equal(help.status, 0, `als-wasm ${name} --help: ${help.stderr}`);
        if (names.length > 1) continue;
        const flags = [...line.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]);
        const missing = flags.filter((f) => !new RegExp(`${f}(?![\\w-])`).test(help.stdout));
        assert.deepEqual(missing, [], `flags of "${line}" missing from als-wasm ${name} --help`);
      }
    });
  }
});
