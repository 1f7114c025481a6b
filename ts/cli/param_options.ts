/** The hyperparameter options shared by `train` and `tune`, in the seed's parameterization. */
import { type Command, Option } from 'commander';

import { type AlsParams, DEFAULT_PARAMS } from '../node.js';
import { numberArg } from './command_context.js';

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
  cgSteps: number;
  seed: number;
}

/** Add `--factors --epochs --lambda --gamma --tau --eta --hierarchical --scaled --regularization --solver --cg-steps --seed`. */
export function addParamOptions(cmd: Command, epochs = 50): Command {
  const pos = numberArg({ above: 0 });
  return cmd
    .option('--factors <k>', 'latent factors K (0 = biases only)', numberArg({ integer: true, min: 0 }), DEFAULT_PARAMS.factors)
    .option('--epochs <n>', 'ALS epochs', numberArg({ integer: true, min: 1 }), epochs)
    .option('--lambda <x>', 'weight of the squared error', pos, DEFAULT_PARAMS.lambda)
    .option('--gamma <x>', 'ridge on the biases', numberArg({ min: 0 }), DEFAULT_PARAMS.gamma)
    .option('--tau <x>', 'ridge on the factors (strength is tau/lambda)', numberArg({ min: 0 }), DEFAULT_PARAMS.tau)
    .option('--eta <x>', 'ridge on the genre embeddings (with --hierarchical)', numberArg({ min: 0 }), DEFAULT_PARAMS.eta)
    .option('--hierarchical', 'shrink movies towards their genres (needs movie genres)')
    .option('--scaled', "ALS-WR: ridges scaled by each row's rating count (same as --regularization scaled)")
    .addOption(
      new Option('--regularization <mode>', "'seed' (same ridge for every row), 'scaled' (ALS-WR on factors and biases) or 'scaledFactors' (ALS-WR on factors only)")
        .choices(['seed', 'scaled', 'scaledFactors']),
    )
    .addOption(
      new Option('--solver <kind>', "row solve: 'cg' (warm-started conjugate gradient) or 'cholesky' (exact)")
        .choices(['cg', 'cholesky']).default(DEFAULT_PARAMS.solver),
    )
    .option('--cg-steps <n>', 'conjugate-gradient steps per row (with --solver cg)', numberArg({ integer: true, min: 1, max: 255 }), DEFAULT_PARAMS.cgSteps)
    .option('--seed <n>', 'seed of the split, the initial factors and synthetic data', numberArg({ integer: true, min: 0 }), 42);
}

/** The `AlsParams` the options describe. */
export function paramsOf(o: ParamOptions): Partial<AlsParams> {
  return {
    factors: o.factors, iterations: o.epochs, lambda: o.lambda, gamma: o.gamma, tau: o.tau, eta: o.eta,
    genrePrior: o.hierarchical ?? false, regularization: o.regularization ?? (o.scaled ? 'scaled' : 'seed'), seed: o.seed,
    solver: o.solver, cgSteps: o.cgSteps,
  };
}
