// Section 2, training: the parameters form, Train / Cancel, a progress bar and
// the live RMSE chart. The fit runs in the engine's workers; this thread only
// receives one message per epoch.
import { type AlsModel, type AlsParams, DEFAULT_PARAMS, type Engine, type EpochStats, rankingMetricsAtK } from 'als-wasm';

import type { DemoData } from './data_panel.ts';
import { count, el, messageOf } from './dom.ts';
import { RmseChart } from './rmse_chart.ts';

/** What the form asks for. */
export interface TrainParams {
  factors: number;
  iterations: number;
  /** Factor ridge per rating (ALS-WR, `tau` with `lambda = 1`: the library's defaults). */
  reg: number;
  genrePrior: boolean;
  /** Bayesian ALS, keeping `iterations` samples after `BURN_IN` sweeps. */
  bayes: boolean;
  /** Implicit feedback: the ratings >= `LIKED` as events, the implicit model's defaults. */
  implicit: boolean;
}

/** The rating from which a rating counts as a like (an event) for the implicit model. */
export const LIKED = 4;

/** Burn-in sweeps of a Bayesian run (the library's default). */
const BURN_IN = 20;

/** A finished run. */
export interface TrainResult {
  history: EpochStats[];
  /** Wall time of `engine.fit`, as this page saw it. */
  seconds: number;
  cancelled: boolean;
}

export class TrainPanel {
  readonly chart = new RmseChart(el('training-chart'));
  private model: AlsModel | undefined;
  private abort: AbortController | undefined;
  private readonly form = el<HTMLFormElement>('train-form');
  private readonly progress = el<HTMLProgressElement>('train-progress');
  private readonly state = el('train-state');
  private readonly runButton = el<HTMLButtonElement>('train-run');
  private readonly cancelButton = el<HTMLButtonElement>('train-cancel');

  constructor(
    private readonly engine: () => Engine,
    private readonly data: () => DemoData | undefined,
    /** Called with each new model (the previous one is disposed after). */
    private readonly onModel: (model: AlsModel, data: DemoData) => Promise<void>,
    private readonly onBusy: (busy: boolean) => void,
  ) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.train().catch(() => {}); // shown in the status line
    });
    this.cancelButton.addEventListener('click', () => this.abort?.abort());
    this.field('factors').value = String(DEFAULT_PARAMS.factors);
    this.field('reg').value = String(DEFAULT_PARAMS.tau);
  }

  get current(): AlsModel | undefined {
    return this.model;
  }

  enable(on: boolean): void {
    const data = this.data();
    this.runButton.disabled = !on || !data;
    const prior = this.field('genrePrior');
    prior.disabled = !data?.catalog;
    if (prior.disabled) prior.checked = false;
  }

  /** New data arrived. */
  dataChanged(data: DemoData): void {
    this.state.textContent = `Ready to train on ${data.label}.`;
    this.field('genrePrior').checked = data.catalog !== undefined; // on whenever genres are known, as in the library
  }

  /** Forget the model without disposing it (its engine is gone). */
  forget(): void {
    this.model = undefined;
  }

  /** The form's values, with `overrides` written into the form first. */
  params(overrides: Partial<TrainParams> = {}): TrainParams {
    for (const [name, value] of Object.entries(overrides)) {
      const input = this.field(name);
      if (input.type === 'checkbox') input.checked = Boolean(value);
      else input.value = String(value);
    }
    return {
      factors: Number(this.field('factors').value),
      iterations: Number(this.field('iterations').value),
      reg: Number(this.field('reg').value),
      genrePrior: this.field('genrePrior').checked,
      bayes: this.field('bayes').checked,
      implicit: this.field('implicit').checked,
    };
  }

  /** Train on the current data with the form's parameters (after `overrides`). */
  async train(overrides: Partial<TrainParams> = {}): Promise<TrainResult> {
    const data = this.data();
    if (!data) throw new Error('no data: generate or load ratings first');
    const p = this.params(overrides);
    return p.implicit ? this.trainImplicit(data, p) : this.trainRatings(data, p);
  }

  private trainRatings(data: DemoData, p: TrainParams): Promise<TrainResult> {
    const params: Partial<AlsParams> = {
      factors: p.factors, iterations: p.iterations, tau: p.reg, genrePrior: p.genrePrior, seed: 42,
      ...(p.bayes ? { method: 'bayes' as const, samples: p.iterations, burnIn: BURN_IN } : {}),
    };
    // A Bayesian run reports one row per sweep: burn-in, then the samples kept.
    const rows = p.bayes ? p.iterations + BURN_IN : p.iterations;
    const unit = p.bayes ? 'sweep' : 'epoch';
    this.state.textContent = `Training K=${p.factors} on ${count(data.train.count)} ratings, ${unit} 1 of ${rows}…`;
    return this.run(rows, unit, async (history, signal) => {
      const model = await this.engine().fit(data.train, params, {
        evalSet: data.test,
        catalog: data.catalog,
        signal,
        onEpoch: (s) => {
          history.push(s);
          this.chart.add(s);
          this.progress.value = history.length;
          this.state.textContent =
            `${unit === 'sweep' ? 'Sweep' : 'Epoch'} ${history.length} of ${rows}: train RMSE ${s.trainRmse.toFixed(4)}, ` +
            `test RMSE ${s.testRmse?.toFixed(4) ?? '–'}, ${s.seconds.toFixed(2)} s`;
        },
      });
      const last = history.at(-1);
      return { model, outcome: `test RMSE ${last?.testRmse?.toFixed(4) ?? '–'} (train ${last?.trainRmse.toFixed(4) ?? '–'}).` };
    }, data);
  }

  /**
   * The implicit model on the ratings >= `LIKED` (as a site would train on clicks): no
   * RMSE to chart, so the status shows the seconds per iteration and, at the end, how
   * well the model ranks each user's held-out likes.
   */
  private trainImplicit(data: DemoData, p: TrainParams): Promise<TrainResult> {
    this.state.textContent = `Training the implicit model K=${p.factors} on the likes (ratings ≥ ${LIKED})…`;
    return this.run(p.iterations, 'iteration', async (history, signal) => {
      const [train, test] = await Promise.all([data.train.asEvents({ threshold: LIKED }), data.test.asEvents({ threshold: LIKED })]);
      try {
        const model = await this.engine().fit(train, { feedback: 'implicit', factors: p.factors, iterations: p.iterations, seed: 42 }, {
          catalog: data.catalog,
          signal,
          onEpoch: (s) => {
            history.push(s);
            this.progress.value = history.length;
            this.state.textContent = `Iteration ${history.length} of ${p.iterations} on ${count(train.count)} likes: ${s.seconds.toFixed(2)} s`;
          },
        });
        const m = await rankingMetricsAtK(model, train, test, { k: 10, threshold: 0 });
        return { model, outcome: `held-out likes of ${m.users} users: NDCG@10 ${m.ndcg.toFixed(3)}, recall@10 ${m.recall.toFixed(3)}.` };
      } finally {
        await Promise.all([train.dispose(), test.dispose()]);
      }
    }, data);
  }

  /** One fit with the progress bar, Cancel and the status line; `fit` pushes to `history`. */
  private async run(
    rows: number,
    unit: string,
    fit: (history: EpochStats[], signal: AbortSignal) => Promise<{ model: AlsModel; outcome: string }>,
    data: DemoData,
  ): Promise<TrainResult> {
    this.onBusy(true);
    this.abort = new AbortController();
    this.cancelButton.disabled = false;
    this.chart.reset();
    this.progress.max = rows;
    this.progress.value = 0;
    const history: EpochStats[] = [];
    const t0 = performance.now();
    try {
      const { model, outcome } = await fit(history, this.abort.signal);
      const seconds = (performance.now() - t0) / 1000;
      this.state.textContent = `Trained ${history.length} ${unit}s in ${seconds.toFixed(2)} s on ${this.engine().threads} thread(s): ${outcome}`;
      const old = this.model;
      this.model = model;
      await this.onModel(model, data);
      await old?.dispose();
      return { history, seconds, cancelled: false };
    } catch (e) {
      const cancelled = this.abort.signal.aborted;
      this.state.textContent = cancelled
        ? `Cancelled after ${history.length} ${unit}(s); the previous model, if any, is kept.`
        : `Training failed: ${messageOf(e)}`;
      if (cancelled) return { history, seconds: (performance.now() - t0) / 1000, cancelled };
      throw e;
    } finally {
      this.abort = undefined;
      this.cancelButton.disabled = true;
      this.onBusy(false);
    }
  }

  private field(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }
}
