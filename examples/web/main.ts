// The demo page: starts the engine through the public API (`als-wasm`), and
// wires the sections: data → training → map, neighbours, recommendations and
// polarizing movies. Each section lives in its own module; the engine and all
// its work live in workers.
import { type AlsModel, createEngine, type Engine, type IntegrityReport, type Scored, type SynthShape } from 'als-wasm';

import { DataPanel, type DemoData } from './data_panel.ts';
import { el, messageOf } from './dom.ts';
import { ExplorePanel } from './explore_panel.ts';
import { IntegrityPanel } from './integrity_panel.ts';
import { ItemMapView } from './item_map.ts';
import { countOfRank, itemMap } from './item_space.ts';
import { runSolveBench, type SolveBenchOptions, type SolveBenchResult } from './solve_bench.ts';
import { TrainPanel, type TrainParams, type TrainResult } from './train_panel.ts';

/** What the page found out about the engine (also what tests read). */
export interface DemoStatus {
  crossOriginIsolated: boolean;
  threads: number;
  simd: boolean;
  /** Whether the engine runs its relaxed-SIMD (fused multiply-add) build. */
  relaxedSimd: boolean;
  version: string;
  variant: string;
  /** Why the engine runs a reduced build, if it does. */
  fallback?: string;
}

/** Hooks for tests and the console: `await window.__alsDemo.ready`, then the same steps as the buttons. */
export interface AlsDemoHooks {
  /** Resolves once the engine is up (again, after `setThreads`); rejects if it cannot start. */
  ready: Promise<DemoStatus>;
  engine?: Engine;
  model?: AlsModel;
  /** Run the solve benchmark (as the button does) and show its result. */
  solveBenchmark(options?: Partial<SolveBenchOptions>): Promise<SolveBenchResult>;
  /** Restart the engine with `threads` threads (data and model are dropped). */
  setThreads(threads: number): Promise<DemoStatus>;
  /** Generate `n` synthetic ratings (0: the shape's full size; default shape ML-32M) and split them 90/10. */
  generate(n: number, shape?: SynthShape): Promise<{ ratings: number; train: number; test: number; users: number; items: number }>;
  /** Train with the form's parameters after `params`; resolves once the map and lists are drawn too. */
  train(params?: Partial<TrainParams>): Promise<TrainResult>;
  search(query: string): Promise<Scored[]>;
  neighbours(item: number): Promise<Scored[]>;
  /** Rate a movie as the new user (0 removes it). */
  rate(item: number, rating: number): Promise<void>;
  /** Recommendations for the rated movies (as the Recommend button). */
  recommendations(): Promise<Scored[]>;
  /** The suspicious-profile scan of the current model (started after training on small data). */
  suspicious(): Promise<IntegrityReport | undefined>;
  /**
   * What the page shows: epochs on the chart, movies on the map (and where the most-rated one is
   * drawn, in canvas pixels), animation frames, and the longest frame gap (ms) of the last training.
   */
  view(): { chartPoints: number; mapPoints: number; firstDot?: { x: number; y: number }; frames: number; maxFrameGapMs: number };
}

declare global {
  interface Window {
    __alsDemo: AlsDemoHooks;
  }
}

/** Movies on the map. */
const MAP_SIZE = 300;

let engine: Engine | undefined;
const getEngine = (): Engine => {
  if (!engine) throw new Error('the engine is not ready');
  return engine;
};

// ---- the UI thread's heartbeat: frames keep coming while the workers train.
let frames = 0;
let lastFrame = 0;
let maxFrameGapMs = 0;
const tick = (now: number) => {
  frames++;
  if (lastFrame) maxFrameGapMs = Math.max(maxFrameGapMs, now - lastFrame);
  lastFrame = now;
  el('ui-ticks-count').textContent = String(frames);
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

// ---- sections
const data = new DataPanel(getEngine, (d) => train.dataChanged(d), setBusy);
const train = new TrainPanel(getEngine, () => data.current, showModel, (busy) => {
  if (busy) maxFrameGapMs = 0;
  setBusy(busy);
});
const explore = new ExplorePanel();
const integrity = new IntegrityPanel(getEngine);
const map = new ItemMapView(el<HTMLCanvasElement>('map-canvas'), el('map-tip'), el('map-legend'), (p) => {
  explore.neighbours(p.item, p.title).catch(() => {});
});

function setBusy(busy: boolean): void {
  const up = !busy && engine !== undefined;
  data.enable(up);
  train.enable(up);
  explore.enable(up);
  integrity.enable(up);
  el<HTMLSelectElement>('threads-select').disabled = !up || !globalThis.crossOriginIsolated;
  el<HTMLButtonElement>('bench-run').disabled = !up;
}

/** A new model: draw the map, set the popularity floors from the data, fill the lists. */
async function showModel(model: AlsModel, d: DemoData): Promise<void> {
  hooks.model = model;
  integrity.setModel(model, d.train.count); // not awaited: the lists fill in when the scan ends
  const caption = el('map-caption');
  if (model.params.factors === 0) {
    map.clear();
    caption.textContent = 'A bias-only model (K = 0) has no factors to map.';
  } else {
    const m = await itemMap(model, MAP_SIZE);
    map.show(m);
    caption.textContent =
      `The ${m.points.length} most-rated movies of ${d.label}, placed by ` +
      `${m.method === 'pca' ? `the first two principal components of their K=${model.params.factors} factors` : 'their two factors'}. ` +
      'Hover a dot for its title; click it for its neighbours.';
  }
  // The reference implementation's floors (100 ratings to be recommended, 1000 to rank polarization) were for 32M ratings: cap them on smaller sets.
  const countAt = await countOfRank(model);
  await explore.setModel(model, Math.min(100, countAt(300)), Math.min(1000, countAt(500)));
}

// ---- the engine and its threads
function showStatus(status: DemoStatus): void {
  el('fact-isolated').textContent = status.crossOriginIsolated ? 'yes' : 'no';
  el('fact-cores').textContent = String(navigator.hardwareConcurrency || 1);
  el('fact-simd').textContent = status.simd ? 'yes' : 'no';
  el('fact-build').textContent = status.variant;
  el('fact-version').textContent = status.version;
  el('engine-state').textContent = `Engine ready: ${status.threads} thread${status.threads === 1 ? '' : 's'} in workers.`;
  const fallback = el('engine-fallback');
  fallback.hidden = !status.fallback;
  fallback.textContent = status.fallback ? `${status.fallback[0]!.toUpperCase()}${status.fallback.slice(1)}.` : '';
}

async function start(threads?: number): Promise<DemoStatus> {
  setBusy(true);
  el('engine-state').textContent = 'Starting the engine…';
  const e = await createEngine({ threads });
  engine = e;
  hooks.engine = e;
  const status: DemoStatus = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    threads: e.threads,
    simd: e.info.simd,
    relaxedSimd: e.info.relaxedSimd,
    version: e.info.version,
    variant: e.info.variant,
    fallback: e.info.fallback?.message,
  };
  showStatus(status);
  fillThreads(e.threads);
  setBusy(false);
  return status;
}

function fillThreads(current: number): void {
  const select = el<HTMLSelectElement>('threads-select');
  const most = globalThis.crossOriginIsolated ? Math.max(navigator.hardwareConcurrency || 1, current) : 1;
  select.replaceChildren(...Array.from({ length: most }, (_, j) => new Option(String(j + 1), String(j + 1), false, j + 1 === current)));
  select.title = globalThis.crossOriginIsolated ? '' : 'one thread: the page is not cross-origin isolated';
}

/** Close the engine and start one with `threads` threads; its data and model go with it. */
function setThreads(threads: number): Promise<DemoStatus> {
  const old = engine;
  engine = undefined;
  hooks.model = undefined;
  data.forget('The engine restarted: generate or load the data again.');
  train.forget();
  map.clear();
  void explore.setModel(undefined, 100, 1000);
  integrity.setModel(undefined, 0);
  hooks.ready = (old ? old.close() : Promise.resolve()).then(() => start(threads));
  hooks.ready.catch(showStartFailure);
  return hooks.ready;
}

async function solveBenchmark(options: Partial<SolveBenchOptions> = {}): Promise<SolveBenchResult> {
  const output = el('bench-result');
  setBusy(true);
  output.textContent = 'Solving…';
  try {
    const r = await runSolveBench(getEngine(), options);
    const rate = r.ratings / (r.ms / 1000) / 1e6;
    output.textContent =
      `${r.rows.toLocaleString()} rows × ${r.perRow} ratings, K=${r.k}: ${r.ms.toFixed(0)} ms ` +
      `(${rate.toFixed(1)} M ratings/s, ${r.threadsUsed} thread${r.threadsUsed === 1 ? '' : 's'} at work)`;
    return r;
  } catch (e) {
    output.textContent = `Failed: ${messageOf(e)}`;
    throw e;
  } finally {
    setBusy(false);
  }
}

function showStartFailure(e: unknown): void {
  el('engine-state').textContent = `The engine could not start: ${messageOf(e)}`;
}

const hooks: AlsDemoHooks = {
  ready: start(),
  solveBenchmark,
  setThreads,
  async generate(n, shape) {
    const d = await data.generate(n, shape);
    return { ratings: d.ratings.count, train: d.train.count, test: d.test.count, users: d.ratings.userCount, items: d.ratings.itemCount };
  },
  train: (params) => train.train(params),
  search: (query) => explore.search(query),
  neighbours: (item) => explore.neighbours(item),
  rate: (item, rating) => explore.rate(item, rating),
  recommendations: () => explore.recommend(),
  suspicious: () => integrity.report,
  view: () => ({ chartPoints: train.chart.points, mapPoints: map.size, firstDot: map.dot(0), frames, maxFrameGapMs }),
};
window.__alsDemo = hooks;

hooks.ready.catch(showStartFailure);
el('bench-run').addEventListener('click', () => {
  solveBenchmark().catch(() => {}); // the failure is shown in the output
});
el<HTMLSelectElement>('threads-select').addEventListener('change', (e) => {
  setThreads(Number((e.target as HTMLSelectElement).value)).catch(() => {});
});
