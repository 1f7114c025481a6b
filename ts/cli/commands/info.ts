/** `als-wasm info model.als`: what a model file holds. */
import { statSync } from 'node:fs';
import type { Command } from 'commander';

import { emit, type GlobalOptions, optionsOf, UsageError, withEngine } from '../command_context.js';
import { openModel } from '../model_file.js';
import type { Provenance } from '../../node.js';
import { param } from '../table.js';

/** Register `info`. */
export function registerInfo(program: Command): void {
  program.command('info').argument('[model]', 'model file (or --model FILE)')
    .description("print a model file's sizes and hyperparameters")
    .option('--model <file>', 'model file')
    .action(async (file: string | undefined, _o: unknown, self: Command) => {
      const o = optionsOf<{ model?: string } & GlobalOptions>(self);
      const path = file ?? o.model;
      if (path === undefined) throw new UsageError('info needs a model file: als-wasm info model.als');
      await withEngine({ ...o, threads: o.threads ?? 1 }, async (engine) => {
        const { model } = await openModel(engine, { model: path });
        const { params, mu, userCount, itemCount } = model.info;
        const bytes = statSync(path).size;
        emit(o, () => [
          `file: ${path} (${bytes.toLocaleString('en-US')} bytes)`,
          `users: ${userCount.toLocaleString('en-US')}, movies: ${itemCount.toLocaleString('en-US')}, mean rating mu: ${mu.toFixed(4)}`,
          `factors K: ${params.factors}, epochs: ${params.iterations}, seed: ${params.seed}`,
          `lambda: ${param(params.lambda)}, gamma: ${param(params.gamma)}, tau: ${param(params.tau)}, eta: ${param(params.eta)}`,
          `regularization: ${params.regularization}, genre prior: ${params.genrePrior}, solver: ${params.solver === 'cg' ? `cg (${params.cgSteps} steps)` : 'cholesky'}`,
          splitLine(model.info.provenance),
        ].join('\n'), () => ({ file: path, bytes, ...model.info }));
      });
    });
}

/** The recorded split and data set, in words. */
function splitLine(p: Provenance | undefined): string {
  if (p === undefined) return 'split: not recorded';
  const how = p.split === 'rating' || p.split === 'user' ? `random ${p.testRatio * 100}% held out (seed ${p.seed})`
    : p.split === 'testFile' ? 'every rating (a separate test file was scored)' : 'every rating (no test set)';
  return `split: ${how}, of ${p.data.ratings.toLocaleString('en-US')} ratings (${p.data.users.toLocaleString('en-US')} users, ${p.data.items.toLocaleString('en-US')} movies)`;
}
