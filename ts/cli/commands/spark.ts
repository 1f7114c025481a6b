/**
 * `als-wasm import --from spark DIR --out model.als` and `als-wasm export
 * model.als --to spark DIR`: Spark MLlib ALSModel directories in and out (docs/spark.md).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';

import { emit, type GlobalOptions, note, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { loadData } from '../data.js';
import { openModel, saveModel } from '../model_file.js';

/** Register `import` and `export`. */
export function registerSpark(program: Command): void {
  program.command('import')
    .description('convert a saved Spark MLlib ALSModel directory into an als-wasm model file')
    .requiredOption('--from <kind>', "what to import: 'spark'")
    .argument('<dir>', 'the Spark model directory (metadata/, userFactors/, itemFactors/)')
    .requiredOption('--out <file>', 'model file to write')
    .option('--reg-param <x>', "Spark's regParam the model was trained with (fold-in of new users)", numberArg({ above: 0 }), 0.1)
    .option('--ratings <file|dir>', 'the training ratings (file or MovieLens directory): counts, rated-movie filtering and explain')
    .action(async (dir: string, _o: unknown, self: Command) => {
      const o = optionsOf<{ from: string; out: string; regParam: number; ratings?: string } & GlobalOptions>(self);
      if (o.from !== 'spark') throw new UsageError(`--from ${o.from} is not supported: only --from spark`);
      if (!existsSync(dirname(o.out) || '.')) throw new UsageError(`the directory of --out ${o.out} does not exist`);
      await withEngine(o, async (engine) => {
        const ratings = o.ratings === undefined ? undefined : (await loadData(engine, o.ratings, o)).ratings;
        const model = await engine.importSparkModel(dir, {
          regParam: o.regParam,
          ratings,
          onProgress: (p) => note(o, `${p.side}: ${p.filesDone}/${p.files} files, ${p.rows.toLocaleString('en-US')} rows`),
        });
        const bytes = await saveModel(model, o.out);
        const { userCount, itemCount, params } = model.info;
        emit(o, () => `imported ${dir}: ${userCount.toLocaleString('en-US')} users, ${itemCount.toLocaleString('en-US')} items, rank ${params.factors} → ${o.out} (${bytes.toLocaleString('en-US')} bytes)`,
          () => ({ from: dir, out: o.out, bytes, userCount, itemCount, rank: params.factors, regParam: o.regParam }));
      });
    });

  program.command('export')
    .description('write an als-wasm model file as a Spark MLlib ALSModel directory (biases folded into rank K+2)')
    .argument('<model>', 'model file')
    .requiredOption('--to <kind>', "what to export: 'spark'")
    .argument('<dir>', 'directory to create (must not exist or be empty)')
    .option('--user-col <name>', "Spark's userCol of the saved model", 'userId')
    .option('--item-col <name>', "Spark's itemCol of the saved model", 'movieId')
    .action(async (file: string, dir: string, _o: unknown, self: Command) => {
      const o = optionsOf<{ to: string; userCol: string; itemCol: string } & GlobalOptions>(self);
      if (o.to !== 'spark') throw new UsageError(`--to ${o.to} is not supported: only --to spark`);
      if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${dir} exists and is not empty: choose a new directory`);
      await withEngine({ ...o, threads: o.threads ?? 1 }, async (engine) => {
        const { model } = await openModel(engine, { model: file });
        const files = await model.toSparkModel({ userCol: o.userCol, itemCol: o.itemCol });
        let bytes = 0;
        for (const [path, data] of Object.entries(files)) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), data);
          bytes += data.byteLength;
        }
        const rank = model.info.params.factors + 2;
        emit(o, () => `wrote ${dir}: Spark ALSModel, rank ${rank} (K ${model.info.params.factors} + 2 bias columns), ${Object.keys(files).length} files, ${bytes.toLocaleString('en-US')} bytes`,
          () => ({ model: file, dir, rank, files: Object.keys(files), bytes }));
      });
    });
}
