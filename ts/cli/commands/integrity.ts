/**
 * `als-wasm integrity [data]`: suspicious users (shilling profiles, shared accounts) and items of
 * a model trained on the data; with `--inject`, the measured injection experiment (one run, or a
 * table over comma-separated attacks and sizes).
 */
import type { Command } from 'commander';

import { detectSuspicious, type ExperimentResult, type InjectKind, type IntegrityReport, runIntegrityExperiment, type SuspiciousUser, type SynthShape } from '../../node.js';
import { emit, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { addDataOptions, type DataOptions, loadData, synthShapeOption } from '../data.js';
import { idArg } from '../id_args.js';
import { addParamOptions, type ParamOptions, paramsOf } from '../param_options.js';
import { type Cell, fixed, formatTable } from '../table.js';

interface IntegrityOptions extends ParamOptions, DataOptions {
  inject?: string;
  attackSize: string;
  filler: number;
  intent: 'push' | 'nuke';
  target?: number;
  top: number;
  synthRatings?: number;
  synthShape?: SynthShape;
  movies?: string;
}

const KINDS: InjectKind[] = ['random', 'average', 'bandwagon', 'segment', 'shared'];

/** Register `integrity`. */
export function registerIntegrity(program: Command): void {
  addDataOptions(addParamOptions(program.command('integrity').argument('[data]', 'a MovieLens directory or ratings file (default: synthetic)')
    .description('detect shilling profiles and shared accounts; --inject measures detection on seeded attacks'), 30))
    .option('--inject <kinds>', `attack(s) to inject and measure, comma-separated: ${KINDS.join('|')}`)
    .option('--attack-size <x>', 'injected profiles (merged pairs) as a fraction of users; comma-separated for a table', '0.03')
    .option('--filler <x>', 'filler items per attack profile, as a fraction of items', numberArg({ min: 0 }), 0.05)
    .option('--intent <push|nuke>', 'push (top rating) or nuke (lowest) the target', 'push')
    .option('--target <movieId>', 'target movie (default: a seeded pick among movies with >= 20 ratings)', idArg('--target'))
    .option('--top <n>', 'suspicious users and items listed', numberArg({ integer: true, min: 1 }), 10)
    .option('--synth-ratings <n>', 'size of the generated set when no data is given', numberArg({ integer: true, min: 1000 }), 200_000)
    .addOption(synthShapeOption())
    .action(async (data: string | undefined, _o: unknown, self: Command) => runIntegrity(data, optionsOf<IntegrityOptions>(self)));
}

async function runIntegrity(dataArg: string | undefined, o: IntegrityOptions): Promise<void> {
  const kinds = o.inject?.split(',').map((k) => k.trim()) as InjectKind[] | undefined;
  const bad = kinds?.find((k) => !KINDS.includes(k));
  if (bad !== undefined) throw new UsageError(`--inject: unknown attack "${bad}" (expected ${KINDS.join(', ')})`);
  const sizes = o.attackSize.split(',').map(Number);
  if (sizes.some((s) => !(s > 0 && s <= 0.5))) throw new UsageError('--attack-size: fractions in (0, 0.5]');
  await withEngine(o, async (engine) => {
    const { ratings, catalog } = await loadData(engine, dataArg, o);
    if (kinds === undefined) {
      const model = await engine.fit(ratings, paramsOf(o), { catalog });
      const report = await detectSuspicious(engine, model, { top: o.top });
      emit(o, () => reportText(report), () => ({ ...report, userIds: undefined, shilling: undefined, shared: undefined }));
      return;
    }
    const rows: (ExperimentResult & { inject: InjectKind; attackSize: number; filler: number; seed: number })[] = [];
    for (const inject of kinds) {
      for (const attackSize of sizes) {
        const r = await runIntegrityExperiment(engine, ratings, { inject, attackSize, filler: o.filler, seed: o.seed, intent: o.intent, target: o.target }, paramsOf(o));
        rows.push({ inject, attackSize, filler: o.filler, seed: o.seed, ...r });
        if (!o.json) process.stderr.write(`${inject} ${attackSize}: AUC ${fixed(r.auc, 3)}\n`);
      }
    }
    emit(o, () => experimentTable(rows), () => (rows.length === 1 ? rows[0] : { runs: rows }));
  });
}

/** One row per run: detection and prediction shift. */
export function experimentTable(rows: (ExperimentResult & { inject: string; attackSize: number })[]): string {
  const cells: Cell[][] = rows.map((r) => [
    r.inject, `${(r.attackSize * 100).toFixed(0)}%`, r.k, fixed(r.auc, 3), fixed(r.precisionAtK, 3), fixed(r.recallAtK, 3),
    fixed(r.shift?.before, 3), fixed(r.shift?.after, 3), fixed(r.shift?.afterRemoval, 3), r.targetItemRank === null ? null : r.targetItemRank + 1,
  ]);
  return formatTable(['attack', 'size', 'k', 'AUC', 'P@k', 'R@k', 'pred before', 'after attack', 'after removal', 'target item rank'], cells);
}

function userRows(list: SuspiciousUser[]): string {
  return formatTable(['user', 'score', 'ratings', 'driving ratings (movie: rating vs item mean)'], list.map((u) => [
    u.userId, fixed(u.score, 2), u.stats.count,
    Array.from(u.ratings.movieIds.slice(0, 3), (id, j) => `${u.ratings.titles?.[j] ?? id}: ${u.ratings.ratings[j]} vs ${fixed(u.ratings.itemMeans[j], 1)}`).join('; '),
  ]), ['r', 'r', 'r', 'l']);
}

function reportText(r: IntegrityReport): string {
  const tastes = r.topShared.slice(0, 3).map((u) => `user ${u.userId}: ${u.tastes?.map((t) => `${t.size} ratings, mean ${fixed(t.meanRating, 2)}, likes ${Array.from(t.topMovieIds.slice(0, 3)).join(',')}`).join('  |  ')}`);
  const items = formatTable(['movie', 'ratings', 'suspicious extreme', 'z', 'direction', 'title'], r.items.map((i) => [i.movieId, i.count, i.suspiciousExtreme, fixed(i.z, 1), fixed(i.direction, 2), i.title ?? '']));
  return ['suspected shilling profiles:', userRows(r.topShilling), '', 'suspected shared accounts:', userRows(r.topShared), ...tastes, '', 'items with bursts of extreme ratings from suspicious profiles:', items].join('\n');
}
