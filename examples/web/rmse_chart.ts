// The live training chart (uPlot): train and test RMSE per epoch on the left
// axis, the seconds each epoch took as bars on the right.
import 'uplot/dist/uPlot.min.css';

import type { EpochStats } from 'als-wasm';
import uPlot from 'uplot';

const COLORS = { train: '#2f6fdb', test: '#d9480f', seconds: 'rgba(120, 130, 140, 0.35)' };
const HEIGHT = 260;

export class RmseChart {
  private readonly plot: uPlot;
  private readonly epochs: number[] = [];
  private readonly train: number[] = [];
  private readonly test: (number | null)[] = [];
  private readonly seconds: number[] = [];

  constructor(private readonly host: HTMLElement) {
    const bars = uPlot.paths.bars?.({ size: [0.4, 40] });
    const opts: uPlot.Options = {
      width: this.width(),
      height: HEIGHT,
      scales: { x: { time: false }, rmse: { auto: true }, s: { auto: true, range: (_u, _min, max) => [0, Math.max(max, 0.01) * 3] } },
      axes: [
        { label: 'epoch', scale: 'x', incrs: [1, 2, 5, 10, 20, 50], stroke: 'currentColor' },
        { label: 'RMSE', scale: 'rmse', stroke: 'currentColor', values: (_u, v) => v.map((x) => x.toFixed(3)), size: 60 },
        { label: 'seconds per epoch', scale: 's', side: 1, grid: { show: false }, stroke: 'currentColor', size: 50 },
      ],
      series: [
        { label: 'epoch', value: (_u, v) => (v == null ? '–' : String(v)) },
        { label: 'train RMSE', scale: 'rmse', stroke: COLORS.train, width: 2, points: { show: true, size: 6 }, value: fixed(4) },
        { label: 'test RMSE', scale: 'rmse', stroke: COLORS.test, width: 2, points: { show: true, size: 6 }, value: fixed(4) },
        { label: 's / epoch', scale: 's', fill: COLORS.seconds, stroke: COLORS.seconds, paths: bars, points: { show: false }, value: fixed(2) },
      ],
      legend: { live: true },
      // Away from the cursor, the legend shows the latest epoch instead of dashes.
      hooks: { setLegend: [() => this.showLatest()] },
      cursor: { points: { size: 8 } },
    };
    this.plot = new uPlot(opts, this.data(), host);
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: HEIGHT })).observe(host);
  }

  /** Points plotted so far (epochs). */
  get points(): number {
    return this.epochs.length;
  }

  /** Clear for a new run. */
  reset(): void {
    for (const a of [this.epochs, this.train, this.test, this.seconds]) a.length = 0;
    this.plot.setData(this.data());
  }

  /** Plot one more epoch. */
  add(s: EpochStats): void {
    this.epochs.push(s.epoch);
    this.train.push(s.trainRmse);
    this.test.push(s.testRmse);
    this.seconds.push(s.seconds);
    this.plot.setData(this.data());
    requestAnimationFrame(() => this.showLatest()); // after uPlot's own (microtask) redraw
  }

  /** Unless the cursor is on the chart, show the latest epoch's values in the legend. */
  private showLatest(): void {
    const hovering = this.plot.cursor.left !== undefined && this.plot.cursor.left >= 0;
    if (!hovering && this.epochs.length && this.plot.legend.idx !== this.epochs.length - 1) {
      this.plot.setLegend({ idx: this.epochs.length - 1 }, false);
    }
  }

  private data(): uPlot.AlignedData {
    return [this.epochs, this.train, this.test, this.seconds];
  }

  private width(): number {
    return Math.max(this.host.clientWidth, 300);
  }
}

function fixed(digits: number): (u: uPlot, v: number | null) => string {
  return (_u, v) => (v == null ? '–' : v.toFixed(digits));
}
