/**
 * Acceptance: `recommend --rate "1:5"` (Toy Story rated 5) on a model trained on
 * ml-latest-small returns mostly animation / children's movies. Training uses the configuration
 * the grid search found best on validation RMSE (README "New users"): ALS-WR on the factors
 * (`--regularization scaledFactors --lambda 1 --tau 0.18 --gamma 2 --factors 64`); floor 50.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, it } from 'node:test';

import { cli } from './cli_run.js';

const small = fileURLToPath(new URL('../../../shared/data/ml-latest-small', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'als-cli-toy-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const skip = existsSync(small) ? false : `no ${small}`;

it('Toy Story rated 5 gives mostly animation / children\'s movies', { skip }, () => {
  const model = join(tmp, 'small.als');
  const tuned = ['--regularization', 'scaledFactors', '--lambda', '1', '--tau', '0.18', '--gamma', '2', '--factors', '64', '--epochs', '30'];
  const t = cli(['train', small, ...tuned, '--out', model, '--samples', '0', '--threads', '2', '--json']);
  assert.equal(t.code, 0, t.stderr);
  const final = t.json<{ epochs: { testRmse: number }[] }>().epochs.at(-1)!;
  assert.ok(final.testRmse < 0.85, `test RMSE ${final.testRmse}`);
  const r = cli(['recommend', '--rate', '1:5', '--model', model, '--data', small, '--threads', '2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const recs = r.json<{ recommendations: { title: string; genres: string[] }[] }>().recommendations;
  const kids = recs.filter((s) => s.genres.includes('Animation') || s.genres.includes('Children'));
  assert.equal(recs.length, 10);
  assert.ok(kids.length >= 6, `${kids.length}/10: ${recs.map((s) => s.title).join(' | ')}`);
});
