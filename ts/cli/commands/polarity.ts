/** `als-wasm polarity`: the most and least polarizing movies (largest and smallest ||q_i||). */
import type { Command } from 'commander';

import type { AlsModel } from '../../node.js';
import { emit, type GlobalOptions, note, numberArg, optionsOf, withEngine } from '../command_context.js';
import { type ModelOptions, openModel } from '../model_file.js';
import { scoredTable } from '../scored_text.js';
import { addModelOptions } from './model_options.js';

interface PolarityOptions extends ModelOptions, GlobalOptions {
  n: number;
  minRatings?: number;
}

/** Register `polarity`. */
export function registerPolarity(program: Command): void {
  addModelOptions(program.command('polarity').description('movies that split opinion most and least (norm of their factor vector)'))
    .option('-n, --n <n>', 'how many of each', numberArg({ integer: true, min: 1 }), 10)
    .option('--min-ratings <n>', 'only movies with this many training ratings (default: the reference implementation\'s 1000, lowered until 100 movies qualify)',
      numberArg({ integer: true, min: 0 }))
    .action(async (_o: unknown, self: Command) => {
      const o = optionsOf<PolarityOptions>(self);
      await withEngine(o, async (engine) => {
        const { model } = await openModel(engine, o);
        const minRatings = o.minRatings ?? (await defaultFloor(model));
        if (o.minRatings === undefined) note(o, `considering movies with at least ${minRatings} ratings`);
        const { most, least } = await model.polarizing({ n: o.n, minRatings });
        emit(o, () => [`most polarizing (largest ||q||), movies with >= ${minRatings} ratings:`, scoredTable(most, '||q||'), '',
          'least polarizing (smallest ||q||):', scoredTable(least, '||q||')].join('\n'), () => ({ minRatings, most, least }));
      });
    });
}

/** The reference implementation's floor of 1000 ratings, lowered (500, 200, 100, ...) until at least 100 movies pass it. */
async function defaultFloor(model: AlsModel): Promise<number> {
  const { counts } = await model.itemTable();
  for (const floor of [1000, 500, 200, 100, 50, 20, 10]) {
    if (counts.filter((c) => c >= floor).length >= 100) return floor;
  }
  return 1;
}
