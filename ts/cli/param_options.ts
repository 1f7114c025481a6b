/** The hyperparameter options shared by `train` and `tune`, in the seed's parameterization. */
import { type Command, Option } from 'commander';

import { type AlsParams, DEFAULT_PARAMS } from '../node.js';
import { numberArg, UsageError } from './command_context.js';

/** Parsed hyperparameter options. */
export interface ParamOptions {
  factors: number;
  epochs: number;
  lambda: number;
  gamma: number;
  tau: number;
  eta: number;
  hierarchical?: boolean;
  scaled?: boolean;
  regularization?: AlsParams['regularization'];
  solver: AlsParams['solver'];
  cgSteps?: number;
  seed: number;
}

/** Add `--factors --epochs --lambda --gamma --tau --eta --hierarchical --scaled --regularization --solver --cg-steps --seed`. */
export function addParamOptions(cmd: Command, epochs = 50): Command {
  const pos = numberArg({ above: 0, max: MAX_F32 });
  const ridge = numberArg({ min: 0, max: MAX_F32 });
  return cmd
    .hook('preAction', (_self, action) => checkParamConflicts(action.opts<ParamOptions>()))
    .option('--factors <k>', `latent factors K (0 = biases only, at most ${MAX_FACTORS})`, numberArg({ integer: true, min: 0, max: MAX_FACTORS }), DEFAULT_PARAMS.factors)
    .option('--epochs <n>', 'ALS epochs', numberArg({ integer: true, min: 1, max: MAX_EPOCHS }), epochs)
    .option('--lambda <x>', 'weight of the squared error', pos, DEFAULT_PARAMS.lambda)
    .option('--gamma <x>', 'ridge on the biases', ridge, DEFAULT_PARAMS.gamma)
    .option('--tau <x>', 'ridge on the factors (strength is tau/lambda)', ridge, DEFAULT_PARAMS.tau)
    .option('--eta <x>', 'ridge on the genre embeddings (with --hierarchical)', ridge, DEFAULT_PARAMS.eta)
    .option('--hierarchical', 'shrink movies towards their genres (needs movie genres)')
    .addOption(new Option('--scaled', "ALS-WR: ridges scaled by each row's rating count (same as --regularization scaled)").conflicts('regularization'))
    .addOption(
      new Option('--regularization <mode>', "'seed' (same ridge for every row), 'scaled' (ALS-WR on factors and biases) or 'scaledFactors' (ALS-WR on factors only)")
        .choices(['seed', 'scaled', 'scaledFactors']),
    )
    .addOption(
      new Option('--solver <kind>', "row solve: 'cg' (warm-started conjugate gradient) or 'cholesky' (exact)")
        .choices(['cg', 'cholesky']).default(DEFAULT_PARAMS.solver),
    )
    .option('--cg-steps <n>', `conjugate-gradient steps per row (with --solver cg; default ${DEFAULT_PARAMS.cgSteps})`, numberArg({ integer: true, min: 1, max: 255 }))
    .option('--seed <n>', 'seed of the split, the initial factors and synthetic data', numberArg({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }), 42);
}

/** Largest K the core trains (its `MAX_K`). */
export const MAX_FACTORS = 1024;
/** Largest epoch count accepted on the command line (the core's counter is u32). */
export const MAX_EPOCHS = 1_000_000;
/** Largest finite f32: the core stores the ridges as f32, so larger values would become infinite. */
const MAX_F32 = 3.4028234663852886e38;

/** Flags that contradict each other are a usage error, not a silent choice of one. */
export function checkParamConflicts(o: ParamOptions): void {
  if (o.solver === 'cholesky' && o.cgSteps !== undefined) {
    throw new UsageError('--cg-steps applies to --solver cg only (the Cholesky solve is exact)');
  }
}

/** The `AlsParams` the options describe. */
export function paramsOf(o: ParamOptions): Partial<AlsParams> {
  return {
    factors: o.factors, iterations: o.epochs, lambda: o.lambda, gamma: o.gamma, tau: o.tau, eta: o.eta,
    genrePrior: o.hierarchical ?? false, regularization: o.regularization ?? (o.scaled ? 'scaled' : 'seed'), seed: o.seed,
    solver: o.solver, cgSteps: o.cgSteps ?? DEFAULT_PARAMS.cgSteps,
  };
}
