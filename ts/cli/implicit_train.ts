/**
 * `train --implicit`: events (ratings `>= --threshold` of any MovieLens set,
 * or an events file with `--events`), a per-user holdout, training with the
 * implicit model (docs/implicit.md) and its ranking metrics; with
 * `--held-out-users`, also for users kept out of training (strong generalization).
 */
import type { AlsModel, Catalog, Engine, EpochStats, Ratings, SynthShape } from '../node.js';
import { rankingMetricsAtK, rankingMetricsForNewUsers, type RankingMetrics } from '../node.js';
import { emit, type GlobalOptions, UsageError, withEngine } from './command_context.js';
import { type DataSourceInfo, loadData } from './data.js';
import { loadEventsFile } from './events_file.js';
import { saveModel } from './model_file.js';
import { type ParamOptions, paramsOf } from './param_options.js';
import { progressBar } from './progress.js';
import { fixed, formatTable, param } from './table.js';

/** Options of `train` that the implicit path reads. */
export interface ImplicitTrainOptions extends ParamOptions, GlobalOptions {
  testRatio: number;
  out?: string;
  movies?: string;
  synthRatings?: number;
  synthShape?: SynthShape;
  threshold?: number;
  events?: string;
  heldOutUsers?: number;
}

type EventsSource = DataSourceInfo & { threshold?: number; events?: boolean };

/** Second cut-off of the ranking metrics (Recall@20 next to the @10 ones). */
const SECOND_K = 20;

export async function runImplicitTrain(dataArg: string | undefined, o: ImplicitTrainOptions, given: (option: string) => boolean): Promise<void> {
  if (o.heldOutUsers !== undefined && (o.heldOutUsers >= 1 || o.testRatio <= 0 || o.testRatio >= 1)) {
    throw new UsageError('--held-out-users needs a fraction below 1 and a --test-ratio in (0, 1) for the held-out users\' events');
  }
  await withEngine(o, async (engine) => {
    const loaded = await loadEvents(engine, dataArg, o);
    const { catalog, source } = loaded;
    // Strong generalization: whole users leave the training data first.
    const users = o.heldOutUsers === undefined ? undefined : await loaded.events.split({ testRatio: o.heldOutUsers, seed: o.seed, by: 'heldOutUsers' });
    const events = users?.train ?? loaded.events;
    const holdout = o.testRatio > 0 ? await events.split({ testRatio: o.testRatio, seed: o.seed, by: 'user' }) : undefined;
    const train = holdout?.train ?? events;
    const params = paramsOf({ ...o, implicit: true });
    // --epochs has a command-line default; unless given, the implicit model's own default applies.
    if (!given('epochs')) delete params.iterations;
    const bar = progressBar('train', params.iterations ?? 16, !o.json);
    const onEpoch = (s: EpochStats) => bar.update(s.epoch, `${s.seconds.toFixed(2)} s/iteration`);
    const t0 = performance.now();
    let model: AlsModel;
    try {
      model = await engine.fit(train, params, { catalog, onEpoch });
    } finally {
      bar.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const bytes = o.out === undefined ? undefined : await saveModel(model, o.out);
    const ranking = holdout && (await rankingMetricsAtK(model, train, holdout.test, { k: 10, extraK: [SECOND_K], threshold: -Infinity, maxUsers: 5000 }));
    const newUsers = users && (await newUserMetrics(model, users.test, o));
    const counts = { events: loaded.events.count, users: loaded.events.userCount, items: loaded.events.itemCount };
    const split = { train: train.count, test: holdout?.test.count ?? 0, testRatio: o.testRatio, by: 'user' };
    emit(o, () => implicitText(source, counts, split, model, ranking, seconds, o.out) + newUsersText(newUsers), () => ({
      source, feedback: 'implicit', counts, split, params: { ...model.params, lambda: param(model.params.lambda), tau: param(model.params.tau) },
      epochs: model.history.map((s) => ({ epoch: s.epoch, seconds: s.seconds })),
      seconds: { train: seconds }, ranking: ranking ?? null, newUsers: newUsers ?? null, model: o.out ? { file: o.out, bytes } : null,
    }));
  });
}

/** The held-out users folded in from `1 − --test-ratio` of their events and ranked on the rest. */
async function newUserMetrics(model: AlsModel, heldOut: Ratings, o: ImplicitTrainOptions): Promise<RankingMetrics & { heldOutUsers: number }> {
  const { train: history, test } = await heldOut.split({ testRatio: o.testRatio, seed: o.seed, by: 'user' });
  const m = await rankingMetricsForNewUsers(model, history, test, { k: 10, extraK: [SECOND_K], threshold: -Infinity, maxUsers: 5000 });
  return { ...m, heldOutUsers: heldOut.userCount };
}

function newUsersText(m: (RankingMetrics & { heldOutUsers: number }) | undefined): string {
  if (!m) return '';
  const at2 = m.at[1]!;
  return `\nheld-out users (${m.heldOutUsers.toLocaleString('en-US')}, not trained on), folded in from their other events, ${m.users.toLocaleString('en-US')} scored: ` +
    `precision@10 ${fixed(m.precision)}   recall@10 ${fixed(m.recall)}   NDCG@10 ${fixed(m.ndcg)}   MAP@10 ${fixed(m.map)}   recall@${at2.k} ${fixed(at2.recall)}`;
}

/** Events from `--events FILE`, or the ratings of `dataArg` at least `--threshold` (all by default). */
async function loadEvents(engine: Engine, dataArg: string | undefined, o: ImplicitTrainOptions):
Promise<{ events: Ratings; catalog?: Catalog; source: EventsSource }> {
  if (o.events !== undefined) {
    const events = await loadEventsFile(engine, o.events, o);
    return { events, source: { kind: 'file', path: o.events, events: true } };
  }
  const data = await loadData(engine, dataArg, o);
  const events = await data.ratings.asEvents({ threshold: o.threshold });
  await data.ratings.dispose();
  return { events, catalog: data.catalog, source: { ...data.source, threshold: o.threshold } };
}

function implicitText(
  source: EventsSource, counts: { events: number; users: number; items: number },
  split: { train: number; test: number; testRatio: number }, model: AlsModel, ranking: RankingMetrics | undefined, seconds: number, out?: string,
): string {
  const p = model.params;
  const from = source.kind === 'synthetic' ? `synthetic ${source.variant ?? 'MovieLens'}-shaped data` : `${source.variant ?? 'events'} from ${source.path}`;
  const which = source.threshold === undefined ? 'every rating an event' : `ratings >= ${source.threshold} as events`;
  const lines = [
    `data: ${from}${source.events ? '' : ` (${which})`}: ${counts.events.toLocaleString('en-US')} events, ${counts.users.toLocaleString('en-US')} users, ${counts.items.toLocaleString('en-US')} items`,
    `split: ${split.train.toLocaleString('en-US')} train / ${split.test.toLocaleString('en-US')} test (per user ${Math.round(split.testRatio * 100)}%)`,
    `model: implicit feedback, K=${p.factors}, ridge=${param(p.tau / p.lambda)}, nu=${p.nu}, alpha=${p.alpha}, confidence=${p.confidence}, solver=cg×${p.cgSteps}`,
    '',
    formatTable(['iteration', 'seconds'], model.history.map((s) => [s.epoch, s.seconds.toFixed(3)])),
    '',
    `done: ${model.history.length} iterations in ${seconds.toFixed(2)} s`,
  ];
  if (ranking) {
    const at2 = ranking.at[1]!;
    lines.push(`held-out events over ${ranking.users.toLocaleString('en-US')} users: precision@10 ${fixed(ranking.precision)}   recall@10 ${fixed(ranking.recall)}   NDCG@10 ${fixed(ranking.ndcg)}   MAP@10 ${fixed(ranking.map)}   recall@${at2.k} ${fixed(at2.recall)}   coverage@10 ${fixed(ranking.coverage)}`);
  }
  if (out) lines.push(`model written to ${out}`);
  return lines.join('\n');
}
