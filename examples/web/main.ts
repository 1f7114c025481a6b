// The demo page: starts the engine through the public API, shows what it runs
// on, and times a batched ridge solve. The sections marked `pending` in
// index.html wait for the training API (engine.fit).
import { createEngine, type Engine } from 'als-wasm';

import { runSolveBench, type SolveBenchOptions, type SolveBenchResult } from './solve_bench.ts';

/** What the page found out about the engine (also what tests read). */
export interface DemoStatus {
  crossOriginIsolated: boolean;
  threads: number;
  simd: boolean;
  version: string;
  variant: string;
  /** Why the engine runs a reduced build, if it does. */
  fallback?: string;
}

/** Hooks for tests and the console: `await window.__alsDemo.ready`. */
export interface AlsDemoHooks {
  /** Resolves once the engine is up; rejects if it cannot start. */
  ready: Promise<DemoStatus>;
  /** Run the solve benchmark (as the button does) and show its result. */
  solveBenchmark(options?: Partial<SolveBenchOptions>): Promise<SolveBenchResult>;
  engine?: Engine;
}

declare global {
  interface Window {
    __alsDemo: AlsDemoHooks;
  }
}

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no #${id}`);
  return found as T;
}

function showStatus(status: DemoStatus): void {
  el('fact-isolated').textContent = status.crossOriginIsolated ? 'yes' : 'no';
  el('fact-threads').textContent = String(status.threads);
  el('fact-simd').textContent = status.simd ? 'yes' : 'no';
  el('fact-build').textContent = status.variant;
  el('fact-version').textContent = status.version;
  el('engine-state').textContent = `Engine ready: ${status.threads} thread${status.threads === 1 ? '' : 's'}.`;
  const fallback = el('engine-fallback');
  fallback.hidden = !status.fallback;
  fallback.textContent = status.fallback ? `${status.fallback[0].toUpperCase()}${status.fallback.slice(1)}.` : '';
}

async function start(): Promise<DemoStatus> {
  const engine = await createEngine();
  hooks.engine = engine;
  const { info } = engine;
  const status: DemoStatus = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    threads: engine.threads,
    simd: info.simd,
    version: info.version,
    variant: info.variant,
    fallback: info.fallback?.message,
  };
  showStatus(status);
  el<HTMLButtonElement>('bench-run').disabled = false;
  return status;
}

async function solveBenchmark(options: Partial<SolveBenchOptions> = {}): Promise<SolveBenchResult> {
  const { engine } = hooks;
  if (!engine) throw new Error('the engine is not ready');
  const button = el<HTMLButtonElement>('bench-run');
  const output = el('bench-result');
  button.disabled = true;
  output.textContent = 'Solving…';
  try {
    const r = await runSolveBench(engine, options);
    const rate = r.ratings / (r.ms / 1000) / 1e6;
    output.textContent =
      `${r.rows.toLocaleString()} rows × ${r.perRow} ratings, K=${r.k}: ${r.ms.toFixed(0)} ms ` +
      `(${rate.toFixed(1)} M ratings/s, ${r.threadsUsed} thread${r.threadsUsed === 1 ? '' : 's'} at work)`;
    return r;
  } catch (e) {
    output.textContent = `Failed: ${e instanceof Error ? e.message : String(e)}`;
    throw e;
  } finally {
    button.disabled = false;
  }
}

const hooks: AlsDemoHooks = { ready: start(), solveBenchmark };
window.__alsDemo = hooks;

hooks.ready.catch((e: unknown) => {
  el('engine-state').textContent = `The engine could not start: ${e instanceof Error ? e.message : String(e)}`;
});
el('bench-run').addEventListener('click', () => {
  solveBenchmark().catch(() => {}); // the failure is shown in the output
});
