/** `als-wasm similar --movie ID|"title"`: nearest movies by cosine of the factor vectors. */
import type { Command } from 'commander';

import { AlsError, type AlsModel, type Scored } from '../../node.js';
import { emit, type GlobalOptions, note, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { parseRawId } from '../id_args.js';
import { type ModelOptions, openModel } from '../model_file.js';
import { movieLabel, scoredTable, titlesHint } from '../scored_text.js';
import { addModelOptions } from './model_options.js';

interface SimilarOptions extends ModelOptions, GlobalOptions {
  movie?: string;
  n: number;
  minRatings: number;
}

/** Register `similar`. */
export function registerSimilar(program: Command): void {
  addModelOptions(program.command('similar').description('movies whose factor vectors point the same way (cosine)'))
    .option('--movie <id|title>', 'a movieId, or part of a title (the most-rated match is used; titles need --movies or --data)')
    .option('-n, --n <n>', 'how many movies', numberArg({ integer: true, min: 1 }), 10)
    .option('--min-ratings <n>', 'only movies with at least this many training ratings', numberArg({ integer: true, min: 0 }), 10)
    .action(async (_o: unknown, self: Command) => {
      const o = optionsOf<SimilarOptions>(self);
      if (o.movie === undefined || o.movie.trim() === '') throw new UsageError('similar needs --movie ID or --movie "title"');
      await withEngine(o, async (engine) => {
        const { model, catalog } = await openModel(engine, o);
        const movie = await resolveMovie(model, o.movie!, catalog !== undefined, o);
        const list = await model.similarItems(movie.item, { n: o.n, minRatings: o.minRatings });
        emit(o, () => [`movies most like ${movieLabel(movie)}:`, scoredTable(list, 'cosine'), ...titlesHint(list)].join('\n'), () => ({ movie, similar: list }));
      });
    });
}

/** A movie from an id or a title fragment; NOT_FOUND (exit 1) when nothing matches. */
export async function resolveMovie(model: AlsModel, query: string, haveTitles: boolean, o: GlobalOptions): Promise<Scored> {
  const q = query.trim();
  const hits = await model.findMovies(/^\d+$/.test(q) ? parseRawId(q, '--movie') : q, 5);
  if (hits.length === 0) {
    const why = /^\d+$/.test(q) ? 'the model has no movie with this id' : haveTitles ? 'no title contains it' : 'titles need --movies FILE or --data DIR';
    throw new AlsError('NOT_FOUND', `movie "${q}" not found: ${why}`, { movie: q });
  }
  if (hits.length > 1) note(o, `"${q}" matches ${hits.map(movieLabel).join(', ')}${hits.length === 5 ? ', ...' : ''}; using the most rated`);
  return hits[0]!;
}
