/** `als-wasm tune [data]`: grid search over lambda x gamma x tau on a validation split. */
import type { Command } from 'commander';

import { gridSearch, type GridKey, type GridResult, type ParamGrid, PRESETS, type SynthShape } from '../../node.js';
import { emit, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { addDataOptions, type DataOptions, loadData, synthShapeOption } from '../data.js';
import { addParamOptions, type ParamOptions, paramsOf } from '../param_options.js';
import { progressBar } from '../progress.js';
import { fixed, formatTable } from '../table.js';

/** Default grid around the library's defaults (lambda 1, ALS-WR on the factors). */
export const DEFAULT_GRID = 'gamma=1,2,5;tau=0.1,0.15,0.2';
/** Default grid with --scaled (ALS-WR on the biases too): bias ridges per rating. */
export const DEFAULT_SCALED_GRID = 'gamma=0.05,0.1,0.2;tau=0.1,0.15,0.2';
/** Default grid with --preset seed, around the reference values (lambda 0.002: only the ratios tau/lambda, gamma/lambda matter). */
export const SEED_GRID = 'gamma=0.005,0.015,0.05;tau=0.02,0.05,0.1';
/** Default grid with --preset seed --scaled. */
export const SEED_SCALED_GRID = 'gamma=0.0005,0.002,0.01;tau=0.00005,0.0001,0.0002';

interface TuneOptions extends ParamOptions, DataOptions {
  grid?: string;
  valRatio: number;
  testRatio: number;
  movies?: string;
  synthRatings?: number;
  synthShape?: SynthShape;
}

/** Register `tune`. */
export function registerTune(program: Command): void {
  const cmd = program.command('tune').argument('[data]', 'MovieLens directory or ratings file (default: a synthetic set)')
    .description('grid search over lambda x gamma x tau, scored on a validation split carved from the training part');
  addDataOptions(addParamOptions(cmd, 20))
    .option('--grid <spec>', `values per parameter, e.g. "lambda=0.002;gamma=0.005,0.015;tau=0.02,0.05" (default "${DEFAULT_GRID}", with --scaled "${DEFAULT_SCALED_GRID}"; with --preset seed "${SEED_GRID}" and "${SEED_SCALED_GRID}")`)
    .option('--val-ratio <x>', 'fraction of the training part used for validation', numberArg({ above: 0 }), 0.1)
    .option('--test-ratio <x>', 'fraction held out first as the test set (never seen by the search)', numberArg({ min: 0 }), 0.1)
    .option('--movies <file|dir>', 'movie genres, for --hierarchical')
    .option('--synth-ratings <n>', 'size of the generated set when no data is given', numberArg({ integer: true, min: 1000 }), 200_000)
    .addOption(synthShapeOption())
    .action(async (data: string | undefined, _o: unknown, self: Command) => runTune(data, optionsOf<TuneOptions>(self)));
}

/** Parse `"lambda=0.002,0.004;tau=0.02,0.05"`. */
export function parseGrid(spec: string): ParamGrid {
  const grid: ParamGrid = {};
  for (const part of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(lambda|gamma|tau|eta|factors)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new UsageError(`--grid: expected name=v1,v2 with name in lambda, gamma, tau, eta, factors; got "${part}"`);
    const values = m[2]!.split(',').map((v) => Number(v.trim()));
    if (values.some((v) => !Number.isFinite(v) || v < 0)) throw new UsageError(`--grid: bad value in "${part}"`);
    grid[m[1] as GridKey] = values;
  }
  if (Object.keys(grid).length === 0) throw new UsageError('--grid is empty');
  return grid;
}

async function runTune(dataArg: string | undefined, o: TuneOptions): Promise<void> {
  const seed = o.preset === 'seed';
  const grid = parseGrid(o.grid ?? (o.scaled ? (seed ? SEED_SCALED_GRID : DEFAULT_SCALED_GRID) : (seed ? SEED_GRID : DEFAULT_GRID)));
  const regularization = o.regularization ?? (o.scaled ? 'scaled' : PRESETS[o.preset].regularization);
  if (o.valRatio >= 1 || o.testRatio >= 1) throw new UsageError('--val-ratio and --test-ratio must be below 1');
  const keys = Object.keys(grid) as GridKey[];
  const total = keys.reduce((n, k) => n * grid[k]!.length, 1);
  await withEngine(o, async (engine) => {
    const data = await loadData(engine, dataArg, o);
    if (o.hierarchical && !data.catalog) throw new UsageError('--hierarchical needs movie genres: give a MovieLens directory or --movies FILE');
    const { train } = o.testRatio > 0 ? await data.ratings.split({ testRatio: o.testRatio, seed: o.seed }) : { train: data.ratings };
    const bar = progressBar('tune', total, !o.json);
    let out;
    try {
      out = await gridSearch(engine, train, paramsOf(o), grid, {
        valRatio: o.valRatio, seed: o.seed, catalog: data.catalog, onResult: (r, done) => bar.update(done, `val RMSE ${fixed(r.valRmse)}`),
      });
    } finally {
      bar.stop();
    }
    const { results, best } = out;
    const row = (r: GridResult) => [...keys.map((k) => r.params[k]!), fixed(r.valRmse), fixed(r.valMae), fixed(r.trainRmse), r.seconds.toFixed(2)];
    emit(o, () => [
      `${total} fits of ${o.epochs} epochs on ${train.count.toLocaleString('en-US')} ratings (validation ${Math.round(o.valRatio * 100)}%), regularization=${regularization}:`,
      formatTable([...keys, 'val RMSE', 'val MAE', 'train RMSE', 'seconds'], results.map(row)),
      '',
      `best: ${keys.map((k) => `--${k} ${best.params[k]}`).join(' ')}  (validation RMSE ${fixed(best.valRmse)})`,
    ].join('\n'), () => ({ grid, regularization, epochs: o.epochs, results, best }));
  });
}
