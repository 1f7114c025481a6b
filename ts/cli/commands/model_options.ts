/** The options of every command that reads a model file. */
import type { Command } from 'commander';

/** Add `--model FILE`, `--movies FILE|DIR` and `--data DIR`. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('--model <file>', 'model file written by `train --out` (required)')
    .option('--movies <file|dir>', 'movies.csv / movies.dat / u.item, or a MovieLens directory, for titles')
    .option('--data <dir>', 'the MovieLens directory the model was trained on (titles come from its movies file)');
}
