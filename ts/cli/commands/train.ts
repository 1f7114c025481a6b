/** `als-wasm train [data]`: load or generate ratings, train with per-epoch metrics, save. */
import { existsSync } from 'node:fs';

import { type Command, Option } from 'commander';

import { type AlsModel, type AlsParams, type AutoReport, autoFit, type EarlyStopReport, type Engine, type EpochStats, fitEarlyStopped, type Ratings, type Scored } from '../../node.js';
import { emit, note, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { addDataOptions, type DataOptions, type DataSourceInfo, loadData, loadRatingsFile, MAX_SYNTH_RATINGS, type SynthArgs, synthShapeOption } from '../data.js';
import { checkTrainMemory } from '../memory_plan.js';
import { checkWritable, saveModel } from '../model_file.js';
import { provenanceOf } from '../provenance_check.js';
import { runImplicitTrain } from '../implicit_train.js';
import { addParamOptions, type ParamOptions, paramsOf } from '../param_options.js';
import { progressBar } from '../progress.js';
import { scoredTable } from '../scored_text.js';
import { fixed, formatTable, param } from '../table.js';
import { warn } from '../warnings.js';

interface TrainOptions extends ParamOptions, DataOptions, Omit<SynthArgs, 'seed'> {
  threshold?: number;
  events?: string;
  heldOutUsers?: number;
  testRatio: number;
  test?: string;
  out?: string;
  movies?: string;
  samples: number;
  bayes?: boolean;
  bayesSamples: number;
  burnIn: number;
  warmStart: number;
  patience: number;
  valRatio: number;
  auto?: boolean;
}

/** Register `train`. */
export function registerTrain(program: Command): void {
  const cmd = program.command('train').argument('[data]', 'MovieLens directory or ratings file (default: generate a synthetic set)')
    .description('train an ALS model, printing train/test RMSE and MAE after every epoch');
  addDataOptions(addParamOptions(cmd))
    .option('--test-ratio <x>', 'fraction of ratings held out for testing (0 = none)', numberArg({ min: 0 }), 0.1)
    .addOption(new Option('--test <file>', 'score this ratings file (e.g. ml-100k u1.test) instead of a random split').conflicts('testRatio'))
    .option('--out <file>', 'write the trained model (.als)')
    .option('--movies <file|dir>', 'movie titles and genres (default: beside the ratings)')
    .option('--synth-ratings <n>', `size of the generated set when no data is given (default 1,000,000, or the full --synth-shape; at most ${MAX_SYNTH_RATINGS}: the memory estimate decides what fits)`,
      numberArg({ integer: true, min: 1000, max: MAX_SYNTH_RATINGS }))
    .addOption(synthShapeOption())
    .option('--patience <n>', 'early stopping: epochs without a better validation RMSE (on --val-ratio of the training part) before stopping; 0 = train exactly --epochs', numberArg({ integer: true, min: 0 }), 3)
    .option('--val-ratio <x>', 'fraction of the training part held out to choose the epoch count', numberArg({ above: 0 }), 0.1)
    .option('--auto', 'choose the factor ridge, K, the genre prior\'s strength and the epochs by successive halving on --val-ratio of the training part')
    .option('--samples <n>', 'users to show sample recommendations for', numberArg({ integer: true, min: 0 }), 2)
    .option('--bayes', 'Bayesian ALS: Gibbs sampling with hyperpriors; predictions with a posterior std (docs/bayes.md)')
    .option('--bayes-samples <n>', 'with --bayes: sweeps kept and averaged', numberArg({ integer: true, min: 1, max: 100_000 }), 100)
    .option('--burn-in <n>', 'with --bayes: sweeps discarded first', numberArg({ integer: true, min: 0, max: 100_000 }), 20)
    .option('--warm-start <n>', 'with --bayes: ALS epochs before the first sweep', numberArg({ integer: true, min: 0, max: 100_000 }), 5)
    .option('--threshold <x>', 'implicit: only ratings at least this high are events (default: every rating)', numberArg())
    .option('--events <file>', 'implicit: train on an events file user,item[,count|weight][,timestamp] (CSV or TSV)')
    .option('--held-out-users <x>', 'implicit: also hold out this fraction of the users and score them folded in from their other events (strong generalization)', numberArg({ above: 0 }))
    .action(async (data: string | undefined, _o: unknown, self: Command) => {
      const o = optionsOf<TrainOptions>(self);
      if (o.implicit || o.events !== undefined) return runImplicitTrain(data, o, (name) => self.getOptionValueSource(name) === 'cli');
      if (o.threshold !== undefined) throw new UsageError('--threshold selects events: use it with --implicit');
      if (o.heldOutUsers !== undefined) throw new UsageError('--held-out-users evaluates an implicit model: use it with --implicit');
      return runTrain(data, o);
    });
}

async function runTrain(dataArg: string | undefined, o: TrainOptions): Promise<void> {
  if (o.testRatio >= 1) throw new UsageError('--test-ratio must be below 1');
  if (o.out !== undefined) checkWritable(o.out, '--out');
  if (o.valRatio >= 1) throw new UsageError('--val-ratio must be below 1');
  const started = performance.now();
  await withEngine(o, async (engine) => {
    if (dataArg === undefined || existsSync(dataArg)) {
      await checkTrainMemory(engine, { data: dataArg, synthRatings: o.synthRatings, synthShape: o.synthShape, seed: o.seed, factors: o.factors, preset: o.preset, validation: !o.bayes && (o.auto === true || o.patience > 0) });
    }
    const data = await loadData(engine, dataArg, o);
    if (o.hierarchical && !data.catalog) throw new UsageError('--hierarchical needs movie genres: give a MovieLens directory or --movies FILE');
    const { train, test, testNote } = await splitOrTestFile(engine, data.ratings, o);
    const provenance = await provenanceOf(data.ratings, { testFile: o.test, testRatio: o.testRatio, seed: o.seed, heldOut: test?.count ?? 0 });
    // The split parts hold copies of the triples: freeing the whole set before the fit lowers the peak by 12 bytes per rating.
    if (train !== data.ratings) await data.ratings.dispose();
    const loadSeconds = (performance.now() - started) / 1000;
    const params = { ...paramsOf(o), ...bayesParams(o) };
    const bar = progressBar(o.bayes ? 'sample' : 'train', o.bayes ? o.burnIn + o.bayesSamples : o.epochs, !o.json);
    const onEpoch = (s: EpochStats) => bar.update(s.epoch, `test RMSE ${fixed(s.testRmse)}  ${s.seconds.toFixed(2)} s/${o.bayes ? 'sweep' : 'epoch'}`);
    const t0 = performance.now();
    let model: AlsModel;
    let stopped: EarlyStopReport | undefined;
    let auto: AutoReport | undefined;
    try {
      const opts = { evalSet: test, catalog: data.catalog, onEpoch };
      if (o.bayes) {
        model = await engine.fit(train, params, opts);
      } else if (o.auto) {
        note(o, `searching on ${Math.round(o.valRatio * 100)}% of the training part (successive halving)…`);
        ({ model, report: auto } = await autoFit(engine, train, params, { ...opts, valRatio: o.valRatio, seed: o.seed }));
      } else if (o.patience > 0) {
        note(o, `choosing the epoch count on ${Math.round(o.valRatio * 100)}% of the training part (patience ${o.patience})`);
        ({ model, report: stopped } = await fitEarlyStopped(engine, train, params, opts, { patience: o.patience, valRatio: o.valRatio, seed: o.seed }));
      } else {
        model = await engine.fit(train, params, opts);
      }
    } finally {
      bar.stop();
    }
    const trainSeconds = (performance.now() - t0) / 1000;
    const modelBytes = o.out === undefined ? undefined : await saveModel(model, o.out, provenance);
    const samples = await sampleRecommendations(model, o.samples);
    // WebAssembly memory only grows: its size now is the run's peak.
    const { wasmBytes, heapPeakBytes } = await engine.memoryUsage();
    const counts = { ratings: data.ratings.count, users: data.ratings.userCount, items: data.ratings.itemCount };
    const last = model.history.at(-1);
    emit(o, () => trainText(data.source, counts, { train: train.count, test: test?.count ?? 0, testNote }, model, {
      loadSeconds, trainSeconds, out: o.out, samples, stopped, auto, wasmBytes,
    }), () => ({
      source: data.source, counts, split: { train: train.count, test: test?.count ?? 0, testRatio: o.test ? null : o.testRatio, testFile: o.test ?? null },
      params: { ...model.params, lambda: param(model.params.lambda), gamma: param(model.params.gamma), tau: param(model.params.tau), eta: param(model.params.eta) },
      epochs: model.history.map((s) => ({ epoch: s.epoch, trainRmse: s.trainRmse, testRmse: s.testRmse, trainMae: s.trainMae, testMae: s.testMae, seconds: s.seconds })),
      earlyStop: stopped ?? null, auto: auto ? autoJson(auto) : null, final: last ?? null, seconds: { load: loadSeconds, train: trainSeconds }, model: o.out ? { file: o.out, bytes: modelBytes } : null, samples,
      memory: { wasmBytes, heapPeakBytes },
    }));
  });
}

/** The sampler's settings with `--bayes` (else nothing: plain ALS). */
function bayesParams(o: TrainOptions): Partial<AlsParams> {
  return o.bayes ? { method: 'bayes', samples: o.bayesSamples, burnIn: o.burnIn, warmStart: o.warmStart } : {};
}

/** The random split, or the whole set for training and `--test FILE` (aligned to its ids) for scoring. */
async function splitOrTestFile(engine: Engine, ratings: Ratings, o: TrainOptions):
Promise<{ train: Ratings; test?: Ratings; testNote: string }> {
  if (o.test !== undefined) {
    const file = await loadRatingsFile(engine, o.test, o, 'test');
    const { ratings: test, dropped } = await file.alignTo(ratings);
    await file.dispose();
    if (dropped > 0) note(o, `${dropped} test ratings name users or movies absent from training: not scored`);
    if (test.count === 0) return noTest(`every rating of the test file ${o.test} names a user or movie absent from training`);
    return { train: ratings, test, testNote: `test file ${o.test}${dropped ? ` (${dropped} unknown dropped)` : ''}` };
  }
  if (o.testRatio === 0) return { train: ratings, testNote: 'no test set' };
  const { train, test } = await ratings.split({ testRatio: o.testRatio, seed: o.seed });
  if (test.count === 0) {
    await test.dispose();
    return noTest(`the ${Math.round(o.testRatio * 100)}% test split of ${ratings.count} ratings is empty`, train);
  }
  return { train, test, testNote: `random ${Math.round(o.testRatio * 100)}% (seed ${o.seed})` };

  /** No test metrics, said out loud (an empty test set would print a test RMSE of 0). */
  function noTest(why: string, train = ratings): { train: Ratings; testNote: string } {
    warn(`${why}: no test metrics (use more data or a larger --test-ratio)`);
    return { train, testNote: 'no test set: it came out empty' };
  }
}

interface Sample { user: number; rated: number; recommendations: Scored[] }

/**
 * Top 5 for `n` training users spread over the id range, found from the model's user table (the
 * training ratings read back would hold 12 more bytes per rating at the run's peak).
 */
async function sampleRecommendations(model: AlsModel, n: number): Promise<Sample[]> {
  if (n === 0 || model.info.itemCount === 0) return [];
  const { userIds, userCounts } = await model.exportArrays();
  const rated = new Map<number, number>();
  userIds.forEach((u, d) => { if (userCounts[d]! > 0) rated.set(u, userCounts[d]!); });
  const ids = [...rated.keys()].sort((a, b) => a - b);
  const picks = [...new Set(Array.from({ length: Math.min(n, ids.length) }, (_, j) => ids[Math.floor((j * ids.length) / n)]!))];
  return Promise.all(picks.map(async (user) => ({ user, rated: rated.get(user)!, recommendations: await model.recommend(user, { n: 5 }) })));
}

function trainText(
  source: DataSourceInfo, counts: { ratings: number; users: number; items: number }, split: { train: number; test: number; testNote: string },
  model: AlsModel, t: { loadSeconds: number; trainSeconds: number; out?: string; samples: Sample[]; stopped?: EarlyStopReport; auto?: AutoReport; wasmBytes: number },
): string {
  const p = model.params;
  const rows = model.history.map((s) => [s.epoch, fixed(s.trainRmse), fixed(s.testRmse), fixed(s.trainMae), fixed(s.testMae), s.seconds.toFixed(3)]);
  const last = model.history.at(-1);
  const unit = model.info.posterior ? 'sweep' : 'epoch';
  const from = source.kind === 'synthetic' ? `synthetic ${source.variant ?? 'MovieLens'}-shaped data` : `${source.variant ?? 'ratings'} from ${source.path}`;
  const lines = [
    `data: ${from}: ${counts.ratings.toLocaleString('en-US')} ratings, ${counts.users.toLocaleString('en-US')} users, ${counts.items.toLocaleString('en-US')} movies`,
    `split: ${split.train.toLocaleString('en-US')} train / ${split.test.toLocaleString('en-US')} test (${split.testNote})`,
    `model: K=${p.factors}, lambda=${param(p.lambda)}, gamma=${param(p.gamma)}, tau=${param(p.tau)}${p.genrePrior ? `, eta=${param(p.eta)}, hierarchical` : ''}, regularization=${p.regularization}, solver=${p.solver === 'cg' ? `cg×${p.cgSteps}` : 'cholesky'}`,
    ...(model.info.posterior ? [`Bayesian: posterior means over ${model.info.posterior.samples} Gibbs samples after ${model.info.posterior.burnIn} burn-in sweeps; noise std ${model.info.posterior.noiseStd.toFixed(3)} (rows below: sweeps)`] : []),
    ...(t.stopped ? [earlyStopText(t.stopped)] : []),
    ...(t.auto ? [`auto: ${t.auto.reason} (${t.auto.fits} fits, ${t.auto.seconds.toFixed(1)} s)`] : []),
    '',
    formatTable(['epoch', 'train RMSE', 'test RMSE', 'train MAE', 'test MAE', 'seconds'], rows),
    '',
    `done: ${model.history.length} ${unit}s in ${t.trainSeconds.toFixed(2)} s (${(t.trainSeconds / Math.max(1, model.history.length)).toFixed(3)} s/${unit}), loading ${t.loadSeconds.toFixed(2)} s`,
    `final: train RMSE ${fixed(last?.trainRmse)}, test RMSE ${fixed(last?.testRmse)}, test MAE ${fixed(last?.testMae)}`,
    `memory: ${(t.wasmBytes / 2 ** 30).toFixed(2)} GiB of WebAssembly memory at the peak`,
  ];
  if (t.out) lines.push(`model written to ${t.out} (titles are not stored: pass --movies or --data to model commands)`);
  for (const s of t.samples) lines.push('', `top 5 for user ${s.user} (${s.rated} ratings in training):`, scoredTable(s.recommendations));
  return lines.join('\n');
}

function earlyStopText(r: EarlyStopReport): string {
  const why = r.epochsRun < r.maxEpochs ? `stopped after ${r.epochsRun} (no gain for ${r.patience})` : `ran all ${r.maxEpochs}`;
  return `early stopping: validation RMSE ${fixed(r.valRmse)} at epoch ${r.bestEpoch} on ${Math.round(r.valRatio * 100)}% of the training part (${why}); `
    + `then trained ${r.bestEpoch} epochs on the whole training part`;
}

function autoJson(r: AutoReport): object {
  return { ...r, rungs: r.rungs.map((x) => ({ epochs: x.epochs, kept: x.kept, results: x.results.map((g) => ({ params: g.params, valRmse: g.valRmse, bestEpoch: g.bestEpoch })) })) };
}
