/** `als-wasm evaluate [data] --model FILE`: RMSE, MAE and top-N metrics on held-out ratings. */
import type { Command } from 'commander';

import { rankingMetricsAtK, type Ratings } from '../../node.js';
import { emit, type GlobalOptions, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { loadData, loadRatingsFile } from '../data.js';
import { type ModelOptions, openModel } from '../model_file.js';
import { fixed } from '../table.js';
import { addModelOptions } from './model_options.js';

interface EvaluateOptions extends ModelOptions, GlobalOptions {
  test?: string;
  testRatio: number;
  seed: number;
  k: number;
  threshold: number;
  maxUsers: number;
  synthRatings: number;
}

/** Register `evaluate`. */
export function registerEvaluate(program: Command): void {
  addModelOptions(program.command('evaluate').argument('[data]', 'the data the model was trained on (default: the same synthetic set as `train`)')
    .description('score a model on held-out ratings: RMSE, MAE, precision@k, recall@k, NDCG@k'))
    .option('--test <file>', 'score this ratings file (e.g. ml-100k u1.test); [data] is then the training file')
    .option('--test-ratio <x>', 'the split used by `train` (same ratio and seed give the same test set)', numberArg({ above: 0 }), 0.1)
    .option('--seed <n>', 'seed of that split', numberArg({ integer: true, min: 0 }), 42)
    .option('--k <n>', 'list length of the top-N metrics', numberArg({ integer: true, min: 1 }), 10)
    .option('--threshold <x>', 'held-out ratings at least this high are relevant', numberArg(), 4)
    .option('--max-users <n>', 'score top-N on at most this many users', numberArg({ integer: true, min: 1 }), 5000)
    .option('--synth-ratings <n>', 'size of the generated set when no data is given', numberArg({ integer: true, min: 1000 }), 1_000_000)
    .action(async (data: string | undefined, _o: unknown, self: Command) => runEvaluate(data, optionsOf<EvaluateOptions>(self)));
}

async function runEvaluate(dataArg: string | undefined, o: EvaluateOptions): Promise<void> {
  if (o.testRatio >= 1) throw new UsageError('--test-ratio must be below 1');
  if (o.test !== undefined && dataArg === undefined) throw new UsageError('--test FILE needs the training data too: als-wasm evaluate TRAIN_FILE --test TEST_FILE --model FILE');
  await withEngine(o, async (engine) => {
    const { model } = await openModel(engine, { model: o.model });
    const data = await loadData(engine, dataArg, o);
    let train: Ratings, test: Ratings;
    if (o.test !== undefined) {
      train = data.ratings;
      test = await loadRatingsFile(engine, o.test, o, 'test');
    } else {
      ({ train, test } = await data.ratings.split({ testRatio: o.testRatio, seed: o.seed }));
    }
    const errors = await model.evaluate(test);
    const top = await rankingMetricsAtK(model, train, test, { k: o.k, threshold: o.threshold, maxUsers: o.maxUsers });
    const protocol = o.test ? `test file ${o.test}` : `random ${Math.round(o.testRatio * 100)}% split (seed ${o.seed})`;
    emit(o, () => [
      `held-out ratings: ${errors.count.toLocaleString('en-US')} (${protocol})${errors.skipped ? `, ${errors.skipped} with unknown users or movies skipped` : ''}`,
      `RMSE ${fixed(errors.rmse)}   MAE ${fixed(errors.mae)}`,
      `top-${o.k} over ${top.users.toLocaleString('en-US')} users (relevant = held-out rating >= ${o.threshold}; training movies excluded):`,
      `precision@${o.k} ${fixed(top.precision)}   recall@${o.k} ${fixed(top.recall)}   NDCG@${o.k} ${fixed(top.ndcg)}`,
    ].join('\n'), () => ({ protocol: o.test ? { testFile: o.test } : { testRatio: o.testRatio, seed: o.seed }, ...errors, ranking: top }));
  });
}
