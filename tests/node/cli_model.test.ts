/**
 * The `als-wasm` commands that read a model file (`--model`): evaluate, recommend, similar,
 * explain, polarity, map, info; and tune. Small synthetic MovieLens data, 2 threads.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { generateMovieLens } from '../../ts/synth/write_files.js';
import { cli } from './cli_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'als-cli-model-'));
const data = join(tmp, 'ml-synth');
const model = join(tmp, 'model.als');
const corrupt = join(tmp, 'corrupt.als');
const T = ['--threads', '2'];
const M = ['--model', model, '--data', data, ...T];
after(() => rmSync(tmp, { recursive: true, force: true }));

type Scored = { item: number; score: number; title?: string; genres?: string[] };
let user = 0;
let movie = 0;
let title = '';

before(async () => {
  await generateMovieLens(data, { ratings: 30_000, seed: 7 });
  writeFileSync(corrupt, 'this is not a model file');
  const r = cli(['train', data, '--epochs', '5', '--out', model, '--json', ...T]);
  assert.equal(r.code, 0, r.stderr);
  const [line] = readFileSync(join(data, 'ratings.csv'), 'utf8').split('\n').slice(1);
  [user, movie] = line!.split(',').map(Number) as [number, number];
  const movies = readFileSync(join(data, 'movies.csv'), 'utf8');
  title = /^(\d+),"?([^",(]+)/m.exec(movies.split('\n').find((l) => l.startsWith(`${movie},`))!)![2]!.trim();
});

describe('als-wasm model commands: failure modes shared by all', () => {
  const commands = [['recommend', '--user', '1'], ['similar', '--movie', '1'], ['explain', '--user', '1', '--movie', '1'], ['polarity'], ['map', '--out', join(tmp, 'm.svg')], ['evaluate', data]];
  it('without --model: exit 2 and a usage message', () => {
    for (const c of commands) {
      const r = cli([...c, ...T]);
      assert.equal(r.code, 2, c.join(' '));
      assert.match(r.stderr, /--model FILE/, c.join(' '));
    }
  });
  it('a missing model file: exit 1', () => {
    const r = cli(['recommend', '--user', '1', '--model', join(tmp, 'none.als'), ...T]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /model file not found/);
  });
  it('a corrupt model file: exit 1 with a clear message (and a JSON error with --json)', () => {
    for (const c of [...commands, ['info']]) {
      const r = cli([...c, '--model', corrupt, '--json', ...T]);
      assert.equal(r.code, 1, c.join(' '));
      const { error } = r.json<{ error: { code: string; message: string } }>();
      assert.ok(error.message.length > 10, error.message);
      assert.notEqual(error.code, 'INTERNAL', c.join(' '));
    }
  });
});

describe('als-wasm info', () => {
  it('prints sizes and hyperparameters', () => {
    const r = cli(['info', model, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ userCount: number; itemCount: number; params: { factors: number } }>();
    assert.ok(out.userCount > 0 && out.itemCount > 0);
    assert.equal(out.params.factors, 64); // the default K
    assert.match(cli(['info', model]).stdout, /factors K: 64/);
  });
  it('needs a file: exit 2', () => assert.equal(cli(['info']).code, 2));
});

describe('als-wasm evaluate', () => {
  it('reports RMSE, MAE and top-N metrics on the same split as train', () => {
    const r = cli(['evaluate', data, '--model', model, '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ rmse: number; mae: number; count: number; ranking: { precision: number; recall: number; ndcg: number; users: number; k: number } }>();
    assert.ok(out.rmse > 0.3 && out.rmse < 1.5, `${out.rmse}`);
    assert.ok(out.count > 2000 && out.count < 4000, `test size ${out.count}`);
    assert.equal(out.ranking.k, 10);
    assert.ok(out.ranking.users > 0);
    for (const m of ['precision', 'recall', 'ndcg'] as const) assert.ok(out.ranking[m] >= 0 && out.ranking[m] <= 1, m);
    assert.match(cli(['evaluate', data, '--model', model, ...T]).stdout, /precision@10 [\d.]+\s+recall@10 [\d.]+\s+NDCG@10 [\d.]+/);
  });
  it('--test without training data: exit 2; a missing test file: exit 1', () => {
    assert.equal(cli(['evaluate', '--model', model, '--test', join(data, 'ratings.csv')]).code, 2);
    assert.equal(cli(['evaluate', data, '--model', model, '--test', join(tmp, 'none.csv'), ...T]).code, 1);
  });
});

describe('als-wasm recommend', () => {
  it('--user: n movies with titles, none of them rated by the user in training', () => {
    const r = cli(['recommend', '--user', String(user), '--n', '7', '--json', ...M]);
    assert.equal(r.code, 0, r.stderr);
    const { recommendations } = r.json<{ recommendations: Scored[] }>();
    assert.equal(recommendations.length, 7);
    assert.ok(recommendations.every((s) => typeof s.title === 'string'), 'titles from --data');
    assert.equal(new Set(recommendations.map((s) => s.item)).size, 7);
  });
  it('--rate: a new user from a few ratings; titles and genres shown', () => {
    const r = cli(['recommend', '--rate', `${movie}:5`, '--min-ratings', '5', ...M]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`you rated: .*\\(${movie}\\) = 5`));
    assert.match(r.stdout, /#\s+movie\s+score\s+title\s+genres/);
    const out = cli(['recommend', '--rate', `${movie}:5`, '--json', '--min-ratings', '5', ...M]).json<{ recommendations: Scored[] }>();
    assert.ok(out.recommendations.every((s) => s.item !== movie), 'the rated movie is left out');
  });
  it('without --data or --movies: ids and scores, no empty title columns, and where titles come from', () => {
    for (const c of [['recommend', '--user', '1'], ['similar', '--movie', '1']]) {
      const r = cli([...c, '-n', '3', '--model', model, ...T]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /title\s+genres/);
      assert.match(r.stdout, /^\(titles: add --data DIR .* or --movies FILE\)$/m, c.join(' '));
    }
  });
  it('an unknown user or movie: exit 1; both or neither of --user/--rate, or a malformed --rate: exit 2', () => {
    assert.equal(cli(['recommend', '--user', '99999999', ...M]).code, 1);
    assert.equal(cli(['recommend', '--rate', '99999999:4', ...M]).code, 1);
    for (const bad of [[], ['--user', '1', '--rate', '1:5'], ['--rate', '1:x'], ['--rate', '1:9']]) {
      const r = cli(['recommend', ...bad, ...M]);
      assert.equal(r.code, 2, bad.join(' '));
    }
  });
});

describe('als-wasm similar', () => {
  it('--movie ID and --movie "title" find the same movie and its neighbours by cosine', () => {
    const byId = cli(['similar', '--movie', String(movie), '--n', '5', '--min-ratings', '0', '--json', ...M]);
    assert.equal(byId.code, 0, byId.stderr);
    const a = byId.json<{ movie: Scored; similar: Scored[] }>();
    assert.equal(a.movie.item, movie);
    assert.equal(a.similar.length, 5);
    assert.ok(a.similar.every((s) => s.score <= 1.0001 && s.score >= -1.0001 && s.item !== movie));
    const byTitle = cli(['similar', '--movie', title, '--min-ratings', '0', '--json', ...M]);
    assert.equal(byTitle.code, 0, byTitle.stderr);
    assert.ok(byTitle.json<{ movie: Scored }>().movie.title!.includes(title));
  });
  it('an unknown movie: exit 1; no --movie: exit 2', () => {
    const r = cli(['similar', '--movie', 'no such film at all', ...M]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not found/);
    assert.equal(cli(['similar', ...M]).code, 2);
  });
});

describe('als-wasm explain', () => {
  it('splits a prediction into baseline, factor part and contributing ratings', () => {
    const r = cli(['explain', '--user', String(user), '--movie', String(movie), '--json', ...M]);
    assert.equal(r.code, 0, r.stderr);
    const e = r.json<{ score: number; baseline: { mu: number; userBias: number; itemBias: number }; factorScore: number; contributions: unknown[] }>();
    const sum = e.baseline.mu + e.baseline.userBias + e.baseline.itemBias + e.factorScore;
    assert.ok(Math.abs(sum - e.score) < 1e-3, `${sum} vs ${e.score}`);
    assert.ok(e.contributions.length > 0);
    assert.match(cli(['explain', '--user', String(user), '--movie', String(movie), ...M]).stdout, /predicted rating of/);
  });
  it('an unknown user: exit 1; a missing --movie: exit 2', () => {
    assert.equal(cli(['explain', '--user', '99999999', '--movie', String(movie), ...M]).code, 1);
    assert.equal(cli(['explain', '--user', String(user), ...M]).code, 2);
  });
});

describe('als-wasm polarity', () => {
  it('lists the most and least polarizing movies', () => {
    const r = cli(['polarity', '--n', '5', '--json', ...M]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ most: Scored[]; least: Scored[]; minRatings: number }>();
    assert.equal(out.most.length, 5);
    assert.equal(out.least.length, 5);
    assert.ok(out.most[0]!.score >= out.least[0]!.score);
  });
});

describe('als-wasm map', () => {
  it('writes an SVG and a PNG', () => {
    const svg = join(tmp, 'map.svg'), png = join(tmp, 'map.png');
    assert.equal(cli(['map', '--out', svg, '--n', '100', ...M]).code, 0);
    assert.match(readFileSync(svg, 'utf8'), /^<svg[^>]+>[\s\S]*<circle/);
    const r = cli(['map', '--out', png, '--n', '100', ...M]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...readFileSync(png).subarray(1, 4)], [...Buffer.from('PNG')]);
  });
  it('an --out that is not .svg or .png: exit 2', () => assert.equal(cli(['map', '--out', join(tmp, 'm.txt'), ...M]).code, 2));
});

describe('als-wasm tune', () => {
  it('fits the grid and ranks it by validation RMSE', () => {
    const r = cli(['tune', data, '--grid', 'gamma=0.015;tau=0.02,0.1', '--epochs', '3', '--json', ...T]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json<{ results: { valRmse: number; params: { tau: number } }[]; best: { valRmse: number } }>();
    assert.equal(out.results.length, 2);
    assert.ok(out.results[0]!.valRmse <= out.results[1]!.valRmse);
    assert.equal(out.best.valRmse, out.results[0]!.valRmse);
    assert.match(cli(['tune', data, '--grid', 'tau=0.05', '--epochs', '2', ...T]).stdout, /best: --tau 0.05/);
  });
  it('a malformed grid: exit 2', () => {
    for (const g of ['rho=1', 'tau=a,b', '']) assert.equal(cli(['tune', data, '--grid', g, ...T]).code, 2, g);
  });
});
