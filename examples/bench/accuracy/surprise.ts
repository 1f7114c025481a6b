/**
 * Surprise (PyPI `scikit-surprise`) in a virtualenv this benchmark creates under `.bench/`
 * (git-ignored). Surprise has no wheels for every Python: pip may compile it from source (a C
 * compiler and a minute or two); numpy < 2 because Surprise 1.1.x is built against numpy 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { SplitFiles } from './splits.js';

const VENV = join('.bench', 'surprise-venv');
const PYTHON = join(VENV, 'bin', 'python');
const SCRIPT = new URL('surprise_run.py', import.meta.url).pathname;
const REQUIREMENTS = ['numpy<2', 'scikit-surprise==1.1.5'];

/** Surprise's algorithms as the benchmark names them. */
export const SURPRISE_ALGOS = { SVD: 'Surprise SVD', SVDpp: 'Surprise SVD++', KNNBaseline: 'Surprise KNNBaseline' } as const;
export type SurpriseAlgo = keyof typeof SURPRISE_ALGOS;

/** One fit-and-score of a Surprise algorithm. */
export interface SurpriseScore { rmse: number; mae: number; count: number; seconds: number }

/** Create the virtualenv and install Surprise unless it is there; false (and why) when it cannot. */
export function ensureSurprise(log: (s: string) => void): { ok: boolean; why?: string } {
  if (existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import surprise']).status === 0) return { ok: true };
  log(`creating ${VENV} with ${REQUIREMENTS.join(', ')} (may compile Surprise from source)…`);
  try {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(PYTHON, ['-m', 'pip', 'install', '-q', ...REQUIREMENTS], { stdio: 'inherit' });
    return { ok: true };
  } catch (e) {
    return { ok: false, why: (e as Error).message.split('\n')[0] };
  }
}

/** Fit `algo` on the split's train file and score its test file. */
export function runSurprise(algo: SurpriseAlgo, split: SplitFiles): SurpriseScore {
  const out = execFileSync(PYTHON, [SCRIPT, algo, split.train, split.test], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as SurpriseScore;
  return { rmse: r.rmse, mae: r.mae, count: r.count, seconds: r.seconds };
}
