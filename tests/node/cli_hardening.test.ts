/**
 * What a careless or hostile user does to the CLI (docs/hardening.md, one test per row): ids
 * outside u32, values outside their domain, conflicting flags, unwritable outputs, binary input,
 * splits and data sets that do not match the model. Each case ends in a coded error with the
 * documented exit code (2 usage, 1 data/runtime) or a visible warning — never silence.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { generateMovieLens } from '../../ts/synth/write_files.js';
import { cli, type CliRun } from './cli_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-harden-'));
const data = join(tmp, 'ml-synth');
const other = join(tmp, 'ml-other');
const model = join(tmp, 'model.als');
const T = ['--threads', '2'];
after(() => rmSync(tmp, { recursive: true, force: true }));

type ErrorDoc = { error: { code: string; message: string; exitCode: number; details: Record<string, unknown> }; warnings: string[] };

/** The run failed with `exit`, one JSON error document of `code`, and a one-line stderr error. */
function failsWith(r: CliRun, exit: number, code: string): ErrorDoc {
  assert.equal(r.code, exit, `exit code\n${r.stdout}\n${r.stderr}`);
  const doc = r.json<ErrorDoc>();
  assert.equal(doc.error.code, code, doc.error.message);
  assert.equal(doc.error.exitCode, exit);
  assert.ok(Array.isArray(doc.warnings));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  return doc;
}

before(async () => {
  await generateMovieLens(data, { ratings: 20_000, seed: 7 });
  await generateMovieLens(other, { ratings: 15_000, seed: 8 });
  const r = cli(['train', data, '--epochs', '2', '--out', model, ...T]);
  assert.equal(r.code, 0, r.stderr);
});

describe('hardening: ids are never wrapped modulo 2^32', () => {
  it('--user beyond u32 is INVALID_ID (exit 2), not user 1', () => {
    const d = failsWith(cli(['recommend', '--model', model, '--user', '4294967297', '--json', ...T]), 2, 'INVALID_ID');
    assert.match(d.error.message, /4294967297 is out of range/);
    failsWith(cli(['explain', '--model', model, '--user', '4294967296', '--movie', '1', '--json', ...T]), 2, 'INVALID_ID');
    failsWith(cli(['recommend', '--model', model, '--user', '1.5', '--json', ...T]), 2, 'INVALID_ID');
  });
  it('--rate and --movie ids beyond u32 are INVALID_ID', () => {
    for (const rate of ['4294967297:5', '1099511627776:5']) {
      const d = failsWith(cli(['recommend', '--model', model, '--rate', rate, '--json', ...T]), 2, 'INVALID_ID');
      assert.match(d.error.message, new RegExp(rate.split(':')[0]!));
    }
    failsWith(cli(['similar', '--model', model, '--movie', '4294967297', '--json', ...T]), 2, 'INVALID_ID');
  });
});

describe('hardening: exit codes and messages', () => {
  it('values outside their domain are usage errors (exit 2), with one JSON document under --json', () => {
    for (const args of [['--factors', '100000'], ['--seed', '18446744073709551617'], ['--lambda', '1e39'], ['--threads', '0']]) {
      const d = failsWith(cli(['train', data, ...args, '--json']), 2, 'USAGE');
      assert.match(d.error.message, new RegExp(args[0]!), args.join(' '));
    }
  });
  it("commander's own usage errors print a JSON document under --json", () => {
    for (const args of [['train', '--bogus'], ['fly'], ['recommend', '--n', '-3']]) failsWith(cli([...args, '--json']), 2, 'USAGE');
  });
  it('--model DIR names the path (NOT_A_FILE)', () => {
    const d = failsWith(cli(['info', '--model', tmp, '--json']), 1, 'NOT_A_FILE');
    assert.ok(d.error.message.includes(tmp));
  });
  it('a model FORMAT error names the file', () => {
    const bad = join(tmp, 'bad.als');
    writeFileSync(bad, 'not a model at all');
    const d = failsWith(cli(['info', bad, '--json']), 1, 'FORMAT');
    assert.ok(d.error.message.startsWith(`${bad}: `), d.error.message);
  });
  it('a binary file as ratings gives a short, printable message', () => {
    const bin = join(tmp, 'binary.csv');
    writeFileSync(bin, Buffer.from(Array.from({ length: 4000 }, (_, j) => (j * 7919) % 256)));
    const r = cli(['train', bin, '--epochs', '1', '--json', ...T]);
    const d = failsWith(r, 1, r.json<ErrorDoc>().error.code);
    assert.ok(d.error.message.length <= 460, `${d.error.message.length} characters`);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stderr + d.error.message, /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/);
  });
  it('the duplicate-rating error never quotes a line that is not in the file', () => {
    const dup = join(tmp, 'dup.csv');
    writeFileSync(dup, 'userId,movieId,rating,timestamp\n1,1,1.0,964982703\n2,1,4.0,964982703\n1,1,1.0,964982703\n');
    const d = failsWith(cli(['train', dup, '--epochs', '1', '--json', ...T]), 1, 'DUPLICATE_RATING');
    assert.doesNotMatch(d.error.message, /"1,1,1"/);
    assert.match(d.error.message, /:4: user 1 rated movie 1 twice \(first on line 2/);
  });
  it('--json gives exactly one document, with a warnings array (--threads above the cores is capped with a warning)', () => {
    const r = cli(['info', model, '--json', '--threads', '999']);
    assert.equal(r.code, 0, r.stderr);
    const doc = r.json<{ warnings: string[] }>();
    assert.equal(doc.warnings.length, 1);
    assert.match(doc.warnings[0]!, /--threads 999 is more than the \d+ available cores/);
    assert.match(r.stderr, /warning: --threads 999/);
  });
});

describe('hardening: no silent wrong results', () => {
  it('a data set too small for a test split warns instead of printing test RMSE 0.0000', () => {
    const tiny = join(tmp, 'tiny.csv');
    writeFileSync(tiny, 'userId,movieId,rating,timestamp\n1,1,4,0\n1,2,3,0\n2,1,5,0\n');
    const r = cli(['train', tiny, '--epochs', '2', '--test-ratio', '0.01', '--factors', '1', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ split: { test: number }; final: { testRmse: number | null }; warnings: string[] }>();
    assert.equal(out.split.test, 0);
    assert.equal(out.final.testRmse, null);
    assert.match(out.warnings.join('\n'), /test split of 3 ratings is empty: no test metrics/);
    assert.doesNotMatch(cli(['train', tiny, '--epochs', '2', '--test-ratio', '0.01', '--factors', '1', ...T]).stdout, /test RMSE 0\.0000/);
  });
  it('conflicting flags are usage errors', () => {
    for (const args of [['--scaled', '--regularization', 'uniform'], ['--solver', 'cholesky', '--cg-steps', '5'], ['--test', join(data, 'ratings.csv'), '--test-ratio', '0.5']]) {
      failsWith(cli(['train', data, ...args, '--json']), 2, 'USAGE');
    }
    failsWith(cli(['evaluate', data, '--model', model, '--test', join(data, 'ratings.csv'), '--test-ratio', '0.5', '--json']), 2, 'USAGE');
  });
  it('train --out into a missing directory fails before training (NOT_WRITABLE)', () => {
    const t0 = Date.now();
    const d = failsWith(cli(['train', data, '--epochs', '200', '--out', join(tmp, 'nodir', 'x.als'), '--json', ...T]), 1, 'NOT_WRITABLE');
    assert.match(d.error.message, /nodir.*does not exist/);
    assert.ok(Date.now() - t0 < 60_000);
  });
  it('a movies file titling few of the rated movies is a warning', () => {
    const few = join(tmp, 'few-movies.csv');
    writeFileSync(few, readFileSync(join(data, 'movies.csv'), 'utf8').split('\n').slice(0, 11).join('\n'));
    const r = cli(['train', join(data, 'ratings.csv'), '--movies', few, '--hierarchical', '--epochs', '1', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.json<{ warnings: string[] }>().warnings.join('\n'), /titles and genres for only \d+ of the \d+ rated movies/);
  });
  it('--on-invalid skip drops bad lines and reports the counts', () => {
    const mixed = join(tmp, 'u.data');
    const lines = readFileSync(join(data, 'ratings.csv'), 'utf8').trim().split('\n').slice(1, 3001).map((l) => l.split(',').join('\t'));
    lines[10] = lines[10]!.replaceAll('\t', ' ');
    lines[20] = lines[20]!.replaceAll('\t', ' ');
    writeFileSync(mixed, `${lines.join('\n')}\n`);
    failsWith(cli(['train', mixed, '--epochs', '1', '--json', ...T]), 1, 'MISSING_COLUMN');
    const r = cli(['train', mixed, '--epochs', '1', '--on-invalid', 'skip', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ counts: { ratings: number }; warnings: string[] }>();
    assert.equal(out.counts.ratings, 2998);
    assert.match(out.warnings.join('\n'), /skipped 2 invalid lines \(missingColumn 2\)/);
  });
});

describe('hardening: the model records its split and data set', () => {
  it('evaluate uses the recorded split by default and refuses another seed (SPLIT_MISMATCH)', () => {
    const ok = cli(['evaluate', data, '--model', model, '--json', ...T]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(ok.json<{ protocol: unknown; warnings: string[] }>().protocol, { seed: 42, testRatio: 0.1 });
    const d = failsWith(cli(['evaluate', data, '--model', model, '--seed', '7', '--json', ...T]), 1, 'SPLIT_MISMATCH');
    assert.match(d.error.message, /trained with --seed 42 --test-ratio 0.1/);
    failsWith(cli(['evaluate', data, '--model', model, '--test-ratio', '0.2', '--json', ...T]), 1, 'SPLIT_MISMATCH');
  });
  it('evaluate on another data set warns', () => {
    const r = cli(['evaluate', other, '--model', model, '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.json<{ warnings: string[] }>().warnings.join('\n'), /not the one the model was trained on/);
  });
  it('recommend --data <another data set> warns that titles may be wrong', () => {
    const same = cli(['recommend', '--model', model, '--data', data, '--user', '1', '--json', ...T]);
    assert.equal(same.code, 0, same.stderr);
    assert.deepEqual(same.json<{ warnings: string[] }>().warnings, []);
    const r = cli(['recommend', '--model', model, '--data', other, '--user', '1', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.json<{ warnings: string[] }>().warnings.join('\n'), /is not the data set the model was trained on/);
  });
  it('info shows the recorded split', () => {
    const r = cli(['info', model, '--json']);
    const p = r.json<{ provenance: { split: string; seed: number; testRatio: number; data: { ratings: number } } }>().provenance;
    assert.deepEqual([p.split, p.seed, p.testRatio, p.data.ratings], ['rating', 42, 0.1, 20_000]);
    assert.match(cli(['info', model]).stdout, /split: random 10% held out \(seed 42\), of 20,000 ratings/);
  });
});

describe('hardening: limits known before hitting them', () => {
  /** A run that failed fast: at most `seconds` of wall time. */
  function quick(args: string[], seconds: number): CliRun {
    const t0 = performance.now();
    const r = cli(args);
    const took = (performance.now() - t0) / 1000;
    assert.ok(took < seconds, `${args.join(' ')} took ${took.toFixed(1)} s`);
    return r;
  }
  it('/dev/zero as ratings is a FORMAT error on line 1 within seconds, not a growing line buffer', () => {
    const d = failsWith(quick(['train', '/dev/zero', '--json', ...T], 20), 1, 'FORMAT');
    assert.equal(d.error.details.line, 1);
    assert.match(d.error.message, /line 1 is longer than 1048576 bytes/);
  });
  it('a line over the bound is a FORMAT error naming its line', () => {
    const long = join(tmp, 'long.csv');
    writeFileSync(long, `userId,movieId,rating,timestamp\n1,1,4.0,0\n${'9'.repeat(3 << 20)}\n2,1,3.0,0\n`);
    const d = failsWith(cli(['train', long, '--json', ...T]), 1, 'FORMAT');
    assert.equal(d.error.details.line, 3);
    assert.ok(d.error.message.length < 300, d.error.message);
  });
  it('a gzip file given as ratings says so (FORMAT)', () => {
    const gz = join(tmp, 'ratings.csv');
    writeFileSync(gz, gzipSync(readFileSync(join(data, 'ratings.csv'))));
    const d = failsWith(cli(['train', gz, '--json', ...T]), 1, 'FORMAT');
    assert.match(d.error.message, /gzip archive, not a ratings file/);
  });
  it('--synth-ratings and --factors are range-checked before anything runs', () => {
    const d = failsWith(quick(['train', '--synth-ratings', '1e20', '--json', ...T], 20), 2, 'USAGE');
    assert.match(d.error.message, /--synth-ratings/);
    failsWith(quick(['train', '--factors', '100000', '--json', ...T], 20), 2, 'USAGE');
  });
  it('a synthetic set too large for 4 GiB is OUT_OF_MEMORY at once, naming the estimate and what fits at this K', () => {
    const d = failsWith(quick(['train', '--synth-ratings', '1000000000', '--factors', '20', '--json', ...T], 20), 1, 'OUT_OF_MEMORY');
    assert.match(d.error.message, /1000000000 ratings at K=20 need an estimated [\d.]+ GiB of memory, more than the 4\.00 GiB/);
    const max = d.error.details.maxRatings as number;
    assert.ok(max > 50_000_000 && max < 1_000_000_000, String(max));
    assert.equal(d.error.details.factors, 20);
  });
});
