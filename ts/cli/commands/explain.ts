/** `als-wasm explain --user ID --movie ID`: which of the user's ratings (or events) drive a score. */
import type { Command } from 'commander';

import { emit, type GlobalOptions, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { idArg } from '../id_args.js';
import { type ModelOptions, openModel } from '../model_file.js';
import { movieLabel } from '../scored_text.js';
import { fixed, formatTable } from '../table.js';
import { addModelOptions } from './model_options.js';
import { resolveMovie } from './similar.js';

interface ExplainOptions extends ModelOptions, GlobalOptions {
  user?: number;
  movie?: string;
  n: number;
}

/** Register `explain`. */
export function registerExplain(program: Command): void {
  addModelOptions(program.command('explain').description("split a predicted rating into baseline and the user's own ratings that drive it"))
    .option('--user <id>', 'a user of the training data', idArg('--user'))
    .option('--movie <id|title>', 'the movie to explain')
    .option('-n, --n <n>', 'how many contributing ratings to list', numberArg({ integer: true, min: 1 }), 10)
    .action(async (_o: unknown, self: Command) => {
      const o = optionsOf<ExplainOptions>(self);
      if (o.user === undefined || o.movie === undefined) throw new UsageError('explain needs --user ID and --movie ID');
      await withEngine(o, async (engine) => {
        const { model, catalog } = await openModel(engine, o);
        const movie = await resolveMovie(model, o.movie!, catalog !== undefined, o);
        const e = await model.explain(o.user!, movie.item, { n: o.n });
        const listed = e.contributions.reduce((a, c) => a + c.weight, 0);
        const implicit = model.params.feedback === 'implicit';
        const [what, events] = implicit ? ['events', 'event'] : ['ratings', 'rating'];
        emit(o, () => [
          ...(implicit
            ? [`score of ${movieLabel(movie)} for user ${o.user}: ${fixed(e.score, 3)} (p_u·q_i, implicit feedback)`]
            : [
                `predicted rating of ${movieLabel(movie)} for user ${o.user}: ${fixed(e.score, 3)}`,
                `  = mu ${fixed(e.baseline.mu, 3)} + user bias ${fixed(e.baseline.userBias, 3)} + movie bias ${fixed(e.baseline.itemBias, 3)} + factors ${fixed(e.factorScore, 3)}`,
              ]),
          '',
          `the user's ${what} that move the factor part most (weight = that ${events}'s share of p_u·q_i):`,
          formatTable(['movie', implicit ? 'value' : 'rating', 'weight', 'title'], e.contributions.map((c) => [c.item, c.rating, fixed(c.weight, 4), c.title ?? ''])),
          `these ${e.contributions.length} add ${fixed(listed, 4)}; the user's other ${what} ${fixed(e.factorScore - e.residual - listed, 4)}; residual ${fixed(e.residual, 4)} (p_u was solved one item step before the final q)`,
        ].join('\n'), () => ({ user: o.user, movie, ...e }));
      });
    });
}
