/** Terminal progress bars (cli-progress) on stderr, off when stderr is not a TTY or with --json. */
import cliProgress from 'cli-progress';

/** A progress bar, or a no-op stand-in when bars are off. */
export interface Progress {
  /** Set the position (and optional extra text shown after the bar). */
  update(value: number, note?: string): void;
  /** Change the total (when it becomes known). */
  setTotal(total: number): void;
  /** Remove nothing; leave the finished bar on its line. */
  stop(): void;
}

const NONE: Progress = { update() {}, setTotal() {}, stop() {} };

/**
 * A bar labelled `label` out of `total`, drawn only if `enabled` and stderr is a terminal.
 *
 * @example
 * const bar = progressBar('train', 50, !opts.json);
 * bar.update(3, 'rmse 0.91'); bar.stop();
 */
export function progressBar(label: string, total: number, enabled: boolean, unit = ''): Progress {
  if (!enabled || !process.stderr.isTTY) return NONE;
  const bar = new cliProgress.SingleBar({
    format: `${label.padEnd(8)} {bar} {percentage}% | {value}/{total}${unit} {note}`,
    stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { note: '' });
  return {
    update: (value, note = '') => bar.update(value, { note }),
    setTotal: (t) => bar.setTotal(t),
    stop: () => bar.stop(),
  };
}
