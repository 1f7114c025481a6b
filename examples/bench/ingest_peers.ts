/**
 * The Python side of `npm run bench:ingest`: a virtualenv with pandas and pyarrow from PyPI
 * (`.bench/venv-ingest`, git-ignored, created on first use) and one run of `ingest_peer.py` on
 * the benchmark's file.
 */
import { execFileSync } from 'node:child_process';

const VENV = '.bench/venv-ingest';
const PY = `${VENV}/bin/python`;

/** Seconds of one peer's read of the whole file. */
export interface PeerRead { seconds: number; rows: number; version: string; threads?: number }

function ensureVenv(): void {
  try {
    execFileSync(PY, ['-c', 'import pandas, pyarrow'], { stdio: 'ignore' });
    return;
  } catch {
    console.error(`creating ${VENV} with pandas and pyarrow from PyPI`);
  }
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(`${VENV}/bin/pip`, ['install', '-q', 'pandas==3.1.1', 'pyarrow==26.0.1'], { stdio: 'inherit' });
}

/** pandas and pyarrow reading `file` (pyarrow on `threads` threads). */
export function peerReads(file: string, threads: number): { pandas: PeerRead; pyarrow: PeerRead } {
  ensureVenv();
  const out = execFileSync(PY, ['examples/bench/ingest_peer.py', file, String(threads)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { pandas: PeerRead; pyarrow: PeerRead };
}
