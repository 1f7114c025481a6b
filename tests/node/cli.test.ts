/**
 * The `als-wasm` command line, run from dist/ in child processes on small synthetic MovieLens
 * files: every subcommand's output and its failure modes (exit 2 usage, exit 1 data/runtime).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { generateMovieLens } from '../../ts/synth/write_files.js';
import { cli } from './cli_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-cli-'));
const data = join(tmp, 'ml-synth');
const model = join(tmp, 'model.als');
const T = ['--threads', '2'];
after(() => rmSync(tmp, { recursive: true, force: true }));

type Epoch = { epoch: number; trainRmse: number; testRmse: number | null; trainMae: number; testMae: number | null; seconds: number };

before(async () => {
  await generateMovieLens(data, { ratings: 30_000, seed: 7 });
  // an ml-100k-style tab-separated pair (u1.base / u1.test) cut from the same ratings
  const lines = readFileSync(join(data, 'ratings.csv'), 'utf8').trim().split('\n').slice(1);
  const tab = (ls: string[]) => `${ls.map((l) => l.split(',').join('\t')).join('\n')}\n`;
  mkdirSync(join(tmp, 'ml-100k-like'));
  writeFileSync(join(tmp, 'ml-100k-like', 'u1.base'), tab(lines.filter((_, j) => j % 5 !== 0)));
  writeFileSync(join(tmp, 'ml-100k-like', 'u1.test'), tab(lines.filter((_, j) => j % 5 === 0)));
  writeFileSync(join(tmp, 'corrupt.als'), 'this is not a model file');
});

describe('als-wasm: help, usage errors', () => {
  it('--help lists every command and exits 0', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['train', 'evaluate', 'recommend', 'similar', 'explain', 'polarity', 'map', 'tune', 'info', 'download']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });
  it('every command has --help', () => {
    for (const c of ['train', 'evaluate', 'recommend', 'similar', 'explain', 'polarity', 'map', 'tune', 'info']) {
      const r = cli([c, '--help']);
      assert.equal(r.code, 0, c);
      assert.match(r.stdout, /Usage: als-wasm/, c);
      assert.match(r.stdout, /--json/, `${c} shows the global options`);
    }
    assert.equal(cli(['download', '--help']).code, 0);
  });
  it('an unknown command, an unknown flag or a bad number exits 2 with a usage hint', () => {
    for (const args of [['fly'], ['train', '--bogus'], ['train', '--factors', 'abc'], ['train', '--epochs', '0'], ['recommend', '--n', '-3']]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /--help/, args.join(' '));
    }
  });
  it('--version prints the version', () => {
    const r = cli(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });
});

describe('als-wasm train', () => {
  it('trains on a MovieLens directory: --json has counts and per-epoch metrics', () => {
    const r = cli(['train', data, '--epochs', '4', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ counts: { ratings: number; users: number; items: number }; epochs: Epoch[]; source: { variant: string } }>();
    assert.equal(out.counts.ratings, 30_000);
    assert.ok(out.counts.users > 0 && out.counts.items > 0);
    assert.equal(out.epochs.length, 4);
    for (const e of out.epochs) {
      for (const k of ['trainRmse', 'testRmse', 'trainMae', 'testMae', 'seconds'] as const) assert.equal(typeof e[k], 'number', k);
    }
    assert.ok(out.epochs[3]!.trainRmse < out.epochs[0]!.trainRmse);
  });
  it('--out writes a model file', () => {
    const r = cli(['train', data, '--epochs', '2', '--out', model, ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /model written to/);
    assert.ok(existsSync(model), 'model file written');
  });
  it('with no data, generates a synthetic set and ends with sample recommendations', () => {
    const r = cli(['train', '--synth-ratings', '20000', '--epochs', '3', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /generating a synthetic MovieLens-shaped set of 20,000 ratings/);
    assert.match(r.stdout, /epoch\s+train RMSE\s+test RMSE\s+train MAE\s+test MAE\s+seconds/);
    assert.match(r.stdout, /top 5 for user \d+/);
    assert.match(r.stdout, /final: train RMSE [\d.]+, test RMSE [\d.]+/);
  });
  it('--test FILE scores a given test file (ml-100k u1.base / u1.test, tab-separated)', () => {
    const dir = join(tmp, 'ml-100k-like');
    const r = cli(['train', join(dir, 'u1.base'), '--test', join(dir, 'u1.test'), '--epochs', '2', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ counts: { ratings: number }; split: { test: number; testFile: string }; epochs: Epoch[] }>();
    assert.equal(out.counts.ratings, 24_000);
    assert.ok(out.split.test > 5000 && out.split.test <= 6000, `${out.split.test}`);
    assert.equal(typeof out.epochs[1]!.testRmse, 'number');
  });
  it('--hierarchical trains with the genre prior', () => {
    const r = cli(['train', data, '--hierarchical', '--epochs', '2', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json<{ params: { genrePrior: boolean } }>().params.genrePrior, true);
  });
  it('a missing data directory exits 1; with --json the error is a JSON object', () => {
    const r = cli(['train', join(tmp, 'nope'), '--json', ...T]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not found/);
    const { error } = r.json<{ error: { code: string; message: string } }>();
    assert.equal(error.code, 'NOT_FOUND');
  });
  it('a file that is not ratings exits 1 naming the line', () => {
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, 'userId,movieId,rating,timestamp\n1,2,banana,3\n');
    const r = cli(['train', bad, ...T]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.csv:2: cannot parse rating/);
  });
  it('a directory without MovieLens files exits 1', () => {
    const r = cli(['train', tmp, ...T]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no MovieLens files/);
  });
});

describe('als-wasm train --implicit / evaluate on an implicit model', () => {
  const implicitModel = join(tmp, 'implicit.als');
  it('trains on ratings >= 4 as events and prints ranking metrics', () => {
    const r = cli(['train', data, '--implicit', '--threshold', '4', '--factors', '8', '--epochs', '4', '--out', implicitModel, '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const j = r.json<{ feedback: string; params: { feedback: string; factors: number; iterations: number; nu: number }; ranking: { k: number; ndcg: number; map: number; at: { k: number; recall: number }[] } }>();
    assert.equal(j.feedback, 'implicit');
    assert.equal(j.params.feedback, 'implicit');
    assert.deepEqual([j.params.factors, j.params.iterations, j.params.nu], [8, 4, 1]);
    assert.equal(j.ranking.k, 10);
    assert.ok(j.ranking.ndcg > 0 && j.ranking.at[1]!.k === 20);
  });
  it('evaluate --json gives the ranking shape (with map, coverage and a second cut-off)', () => {
    const r = cli(['evaluate', data, '--model', implicitModel, '--threshold', '4', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const j = r.json<{ feedback: string; ranking: { k: number; precision: number; recall: number; ndcg: number; map: number; coverage: number; at: { k: number; recall: number }[] } }>();
    assert.equal(j.feedback, 'implicit');
    for (const key of ['precision', 'recall', 'ndcg', 'map', 'coverage'] as const) assert.equal(typeof j.ranking[key], 'number');
    assert.equal(j.ranking.at[1]!.k, 20);
    const rec = cli(['recommend', '--model', implicitModel, '--user', '1', '--json', ...T]);
    assert.equal(rec.code, 0, rec.stderr);
  });
  it('--held-out-users scores users kept out of training, folded in from their other events', () => {
    const r = cli(['train', data, '--implicit', '--threshold', '4', '--held-out-users', '0.2', '--factors', '8', '--epochs', '4', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const j = r.json<{ counts: { users: number }; ranking: { users: number }; newUsers: { users: number; heldOutUsers: number; ndcg: number; at: { k: number }[] } }>();
    assert.ok(j.newUsers.heldOutUsers > 0 && j.newUsers.users > 0 && j.newUsers.users <= j.newUsers.heldOutUsers, JSON.stringify(j.newUsers));
    assert.ok(j.ranking.users + j.newUsers.heldOutUsers <= j.counts.users);
    assert.ok(j.newUsers.ndcg > 0 && j.newUsers.at[1]!.k === 20);
    const text = cli(['train', data, '--implicit', '--held-out-users', '0.2', '--factors', '4', '--epochs', '2', ...T]);
    assert.match(text.stdout, /held-out users \(\d+, not trained on\), folded in from their other events, \d+ scored: precision@10/);
    for (const args of [['--held-out-users', '0.2'], ['--implicit', '--held-out-users', '1'], ['--implicit', '--held-out-users', '0.2', '--test-ratio', '0']]) {
      const bad = cli(['train', data, ...args, ...T]);
      assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
      assert.match(bad.stderr, /--held-out-users/);
    }
  });
  it('explain splits an implicit score over the user\'s events', () => {
    const rec = cli(['recommend', '--model', implicitModel, '--user', '1', '--json', ...T]);
    const movie = String(JSON.stringify(rec.json()).match(/"item":(\d+)/)![1]);
    const r = cli(['explain', '--model', implicitModel, '--user', '1', '--movie', movie, '-n', '500', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const e = r.json<{ factorScore: number; residual: number; baseline: { mu: number }; contributions: { weight: number }[] }>();
    assert.equal(e.baseline.mu, 0);
    const sum = e.contributions.reduce((a, c) => a + c.weight, 0);
    assert.ok(Math.abs(sum + e.residual - e.factorScore) < 1e-4, JSON.stringify(e));
    assert.ok(Math.abs(e.residual) < 0.2 * Math.abs(e.factorScore) + 0.01, JSON.stringify(e));
    const text = cli(['explain', '--model', implicitModel, '--user', '1', '--movie', movie, ...T]);
    assert.match(text.stdout, /score of .* \(p_u·q_i, implicit feedback\)[\s\S]*the user's events/);
  });
  it('trains on an events file; a bad events file fails with its line', () => {
    const events = join(tmp, 'events.tsv');
    writeFileSync(events, 'user\titem\n1\t5\n1\t6\n2\t5\n1\t5\n3\t6\n');
    const r = cli(['train', '--events', events, '--factors', '2', '--epochs', '2', '--test-ratio', '0', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json<{ counts: { events: number } }>().counts.events, 4);
    const timed = join(tmp, 'timed.csv');
    writeFileSync(timed, 'user,item,timestamp\n1,5,1700000000\n1,6,1700000001\n2,5,1700000002\n1,5,1700000003\n3,6,1700000004\n');
    const t = cli(['train', '--events', timed, '--factors', '2', '--epochs', '2', '--test-ratio', '0', '--json', ...T]);
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.json<{ counts: { events: number } }>().counts.events, 4);
    const bad = join(tmp, 'bad-events.csv');
    writeFileSync(bad, 'user,item,count\n1,5,2\n1,six,1\n');
    const b = cli(['train', '--events', bad, ...T]);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /PARSE_ERROR.*bad-events\.csv:3: .*"1,six,1"/);
  });
});
