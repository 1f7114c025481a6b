/** `als-wasm evaluate [data] --model FILE`: RMSE, MAE and top-N metrics on held-out ratings. */
import { type Command, Option } from 'commander';

import { AlsError, rankingMetricsAtK, type Ratings, type SynthShape } from '../../node.js';
import { emit, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { addDataOptions, type DataOptions, loadData, loadRatingsFile, synthShapeOption } from '../data.js';
import { evaluateImplicit } from '../implicit_evaluate.js';
import { type ModelOptions, openModel } from '../model_file.js';
import { evaluationSplit } from '../provenance_check.js';
import { fixed } from '../table.js';
import { addModelOptions } from './model_options.js';

interface EvaluateOptions extends ModelOptions, DataOptions {
  test?: string;
  testRatio?: number;
  seed?: number;
  k: number;
  k2: number;
  threshold: number;
  maxUsers: number;
  synthRatings?: number;
  synthShape?: SynthShape;
}

/** Register `evaluate`. */
export function registerEvaluate(program: Command): void {
  addDataOptions(addModelOptions(program.command('evaluate').argument('[data]', 'the data the model was trained on (default: the same synthetic set as `train`)')
    .description('score a model on held-out ratings: RMSE, MAE, precision@k, recall@k, NDCG@k')))
    .addOption(new Option('--test <file>', 'score this ratings file (e.g. ml-100k u1.test); [data] is then the training file').conflicts('testRatio'))
    .option('--test-ratio <x>', 'the split used by `train` (default: the one the model records, else 0.1)', numberArg({ above: 0 }))
    .option('--seed <n>', 'seed of that split (default: the one the model records, else 42)', numberArg({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }))
    .option('--k <n>', 'list length of the top-N metrics', numberArg({ integer: true, min: 1 }), 10)
    .option('--k2 <n>', 'second cut-off (recall@k2 and the rest in ranking.at)', numberArg({ integer: true, min: 1 }), 20)
    .option('--threshold <x>', 'held-out ratings at least this high are relevant (implicit models: the events threshold given to train)', numberArg(), 4)
    .option('--max-users <n>', 'score top-N on at most this many users', numberArg({ integer: true, min: 1 }), 5000)
    .option('--synth-ratings <n>', 'size of the generated set when no data is given (default: as `train`)', numberArg({ integer: true, min: 1000 }))
    .addOption(synthShapeOption())
    .action(async (data: string | undefined, _o: unknown, self: Command) =>
      runEvaluate(data, optionsOf<EvaluateOptions>(self), self.getOptionValueSource('threshold') === 'cli'));
}

async function runEvaluate(dataArg: string | undefined, o: EvaluateOptions, thresholdGiven: boolean): Promise<void> {
  if (o.testRatio !== undefined && o.testRatio >= 1) throw new UsageError('--test-ratio must be below 1');
  if (o.test !== undefined && dataArg === undefined) throw new UsageError('--test FILE needs the training data too: als-wasm evaluate TRAIN_FILE --test TEST_FILE --model FILE');
  await withEngine(o, async (engine) => {
    const { model } = await openModel(engine, { model: o.model });
    const data = await loadData(engine, dataArg, { ...o, seed: o.seed ?? model.info.provenance?.seed });
    if (model.params.feedback === 'implicit') {
      return evaluateImplicit(engine, model, data.ratings, { ...o, testRatio: o.testRatio ?? 0.1, seed: o.seed ?? 42, threshold: thresholdGiven ? o.threshold : undefined });
    }
    let train: Ratings, test: Ratings;
    let split = { seed: o.seed ?? 42, testRatio: o.testRatio ?? 0.1 };
    if (o.test !== undefined) {
      train = data.ratings;
      test = await loadRatingsFile(engine, o.test, o, 'test');
    } else {
      split = evaluationSplit(model, data.ratings, o, await data.ratings.fingerprint());
      ({ train, test } = await data.ratings.split(split));
    }
    if (test.count === 0) throw new AlsError('EMPTY_TEST_SET', `nothing to score: the held-out set of ${data.ratings.count} ratings is empty`, { ratings: data.ratings.count });
    const errors = await model.evaluate(test);
    const top = await rankingMetricsAtK(model, train, test, { k: o.k, extraK: [o.k2], threshold: o.threshold, maxUsers: o.maxUsers });
    const protocol = o.test ? `test file ${o.test}` : `random ${Math.round(split.testRatio * 100)}% split (seed ${split.seed})`;
    emit(o, () => [
      `held-out ratings: ${errors.count.toLocaleString('en-US')} (${protocol})${errors.skipped ? `, ${errors.skipped} with unknown users or movies skipped` : ''}`,
      `RMSE ${fixed(errors.rmse)}   MAE ${fixed(errors.mae)}`,
      `top-${o.k} over ${top.users.toLocaleString('en-US')} users (relevant = held-out rating >= ${o.threshold}; training movies excluded):`,
      `precision@${o.k} ${fixed(top.precision)}   recall@${o.k} ${fixed(top.recall)}   NDCG@${o.k} ${fixed(top.ndcg)}   MAP@${o.k} ${fixed(top.map)}   recall@${o.k2} ${fixed(top.at[1]!.recall)}   coverage@${o.k} ${fixed(top.coverage)}`,
    ].join('\n'), () => ({ protocol: o.test ? { testFile: o.test } : split, ...errors, ranking: top }));
  });
}
