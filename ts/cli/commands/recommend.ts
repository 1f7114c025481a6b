/** `als-wasm recommend`: top movies for a training user (`--user`) or for someone new (`--rate`). */
import type { Command } from 'commander';

import type { RatedMovie } from '../../node.js';
import { emit, type GlobalOptions, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { idArg, parseRawId } from '../id_args.js';
import { type ModelOptions, openModel } from '../model_file.js';
import { intervalTable, movieLabel, scoredTable, titlesHint } from '../scored_text.js';
import { addModelOptions } from './model_options.js';

interface RecommendOptions extends ModelOptions, GlobalOptions {
  user?: number;
  rate?: string;
  n: number;
  minRatings?: number;
}

/** Register `recommend`. */
export function registerRecommend(program: Command): void {
  addModelOptions(program.command('recommend')
    .description('recommend movies to a training user (--user ID) or to a new user from a few ratings (--rate "1:5,4993:4.5")'))
    .option('--user <id>', 'a user of the training data (movies they rated are left out)', idArg('--user'))
    .option('--rate <list>', 'movieId:rating pairs, comma-separated, e.g. "1:5,4993:4.5"')
    .option('-n, --n <n>', 'how many movies', numberArg({ integer: true, min: 1 }), 10)
    .option('--min-ratings <n>', 'only movies with at least this many training ratings (default: the model\'s, 50 on MovieLens data; 0 for implicit models)',
      numberArg({ integer: true, min: 0 }))
    .action(async (_o: unknown, self: Command) => runRecommend(optionsOf<RecommendOptions>(self)));
}

/** Parse `"1:5,4993:4.5"` into rated movies (usage error on anything else). */
export function parseRatedList(text: string): RatedMovie[] {
  const out = text.split(',').map((s) => s.trim()).filter((s) => s !== '').map((pair) => {
    const m = /^(\d+)\s*:\s*(\d+(?:\.\d+)?)$/.exec(pair);
    if (!m) throw new UsageError(`--rate expects movieId:rating pairs like "1:5,4993:4.5", got "${pair}"`);
    const rating = Number(m[2]);
    if (rating < 0.5 || rating > 5) throw new UsageError(`ratings go from 0.5 to 5, got ${rating} for movie ${m[1]}`);
    return { item: parseRawId(m[1]!, '--rate movieId'), rating };
  });
  if (out.length === 0) throw new UsageError('--rate needs at least one movieId:rating pair');
  return out;
}

async function runRecommend(o: RecommendOptions): Promise<void> {
  if ((o.user === undefined) === (o.rate === undefined)) throw new UsageError('give exactly one of --user ID or --rate "movieId:rating,..."');
  const rated = o.rate === undefined ? undefined : parseRatedList(o.rate);
  await withEngine(o, async (engine) => {
    const { model } = await openModel(engine, o);
    const minRatings = o.minRatings ?? model.info.listMinRatings;
    if (rated === undefined) {
      const list = await model.recommend(o.user!, { n: o.n, minRatings, filterRated: true });
      const bands = model.info.posterior ? await model.predictWithStd(list.map(() => o.user!), list.map((s) => s.item)) : undefined;
      const table = bands ? intervalTable(list, bands.mean, bands.std) : scoredTable(list);
      const withStd = bands ? list.map((s, j) => ({ ...s, rating: bands.mean[j], std: bands.std[j] })) : list;
      emit(o, () => [`top ${o.n} for user ${o.user}${floorText(minRatings)} (movies they rated left out):`, table, ...titlesHint(list)].join('\n'),
        () => ({ user: o.user, minRatings, recommendations: withStd }));
      return;
    }
    const known = await Promise.all(rated.map(async (r) => ({ ...r, ...(await model.findMovies(r.item, 1))[0] })));
    const list = await model.recommendForNewUser(rated, { n: o.n, minRatings });
    const bands = model.info.posterior ? await model.predictForNewUser(rated, list.map((s) => s.item)) : undefined;
    const withStd = bands ? list.map((s, j) => ({ ...s, rating: bands.mean[j], std: bands.std[j] })) : list;
    emit(o, () => [
      `you rated: ${known.map((r) => `${movieLabel(r)} = ${r.rating}`).join('; ')}`,
      `top ${o.n}${floorText(minRatings)}:`,
      bands ? intervalTable(list, bands.mean, bands.std) : scoredTable(list),
      ...titlesHint(list),
    ].join('\n'), () => ({ rated, minRatings, recommendations: withStd }));
  });
}

/** How the list was floored, for the heading (nothing when every movie counts). */
function floorText(minRatings: number): string {
  return minRatings > 0 ? ` among movies with at least ${minRatings} ratings` : '';
}
