/** The hyperparameter options shared by `train` and `tune`, in the reference implementation's parameterization. */
import { type Command, Option } from 'commander';

import { type AlsParams, DEFAULT_PARAMS, type FitParams, type Preset, SEED_PARAMS } from '../node.js';
import { numberArg, UsageError } from './command_context.js';
import { warn } from './warnings.js';

/** Parsed hyperparameter options (unset ones come from the preset). */
export interface ParamOptions {
  preset: Preset;
  factors?: number;
  epochs: number;
  lambda?: number;
  gamma?: number;
  tau?: number;
  eta?: number;
  hierarchical?: boolean;
  scaled?: boolean;
  regularization?: AlsParams['regularization'];
  solver?: AlsParams['solver'];
  cgSteps?: number;
  seed: number;
  implicit?: boolean;
  alpha?: number;
  nu?: number;
  confidence?: 'linear' | 'log';
  eps?: number;
}

const both = (key: keyof AlsParams) => `default ${String(DEFAULT_PARAMS[key])}; --preset seed: ${String(SEED_PARAMS[key])}`;

/** Add `--preset --factors --epochs --lambda --gamma --tau --eta --[no-]hierarchical --scaled --regularization --solver --cg-steps --seed`. */
export function addParamOptions(cmd: Command, epochs = DEFAULT_PARAMS.iterations): Command {
  const pos = numberArg({ above: 0, max: MAX_F32 });
  const ridge = numberArg({ min: 0, max: MAX_F32 });
  return cmd
    .hook('preAction', (_self, action) => {
      checkParamConflicts(action.opts<ParamOptions>());
      if (action.opts<ParamOptions>().regularization === 'seed') {
        warn("--regularization seed is deprecated; use --regularization uniform (the same ridge on every row)");
        action.setOptionValue('regularization', 'uniform');
      }
    })
    .addOption(new Option('--preset <name>', "where unset parameters come from: 'default' (chosen by validation, docs/accuracy.md) or 'seed' (the reference implementation's)")
      .choices(['default', 'seed']).default('default'))
    .option('--factors <k>', `latent factors K, 0 = biases only, at most ${MAX_FACTORS} (${both('factors')})`, numberArg({ integer: true, min: 0, max: MAX_FACTORS }))
    .option('--epochs <n>', 'ALS epochs (most epochs when early stopping)', numberArg({ integer: true, min: 1, max: MAX_EPOCHS }), epochs)
    .option('--lambda <x>', `weight of the squared error (${both('lambda')})`, pos)
    .option('--gamma <x>', `ridge on the biases (${both('gamma')})`, ridge)
    .option('--tau <x>', `ridge on the factors, strength tau/lambda (${both('tau')})`, ridge)
    .option('--eta <x>', `ridge on the genre embeddings (${both('eta')})`, ridge)
    .option('--hierarchical', 'shrink movies towards their genres (default: on when movie genres are known, except --preset seed)')
    .option('--no-hierarchical', 'no genre prior even when movie genres are known')
    .addOption(new Option('--scaled', "ALS-WR: ridges scaled by each row's rating count (same as --regularization scaled)").conflicts('regularization'))
    .addOption(
      new Option('--regularization <mode>', `'uniform' (same ridge for every row), 'scaled' (ALS-WR on factors and biases) or 'scaledFactors' (ALS-WR on factors only) (${both('regularization')}); 'seed' is the deprecated name of 'uniform'`)
        .choices(['uniform', 'scaled', 'scaledFactors', 'seed']),
    )
    .addOption(
      new Option('--solver <kind>', `row solve: 'cg' (warm-started conjugate gradient) or 'cholesky' (exact) (default ${DEFAULT_PARAMS.solver})`)
        .choices(['cg', 'cholesky']),
    )
    .option('--cg-steps <n>', `conjugate-gradient steps per row (with --solver cg; default ${DEFAULT_PARAMS.cgSteps})`, numberArg({ integer: true, min: 1, max: 255 }))
    .option('--seed <n>', 'seed of the split, the initial factors and synthetic data', numberArg({ integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }), 42)
    .option('--implicit', 'implicit feedback: ratings or events as weighted preferences (docs/implicit.md); unset options take the implicit defaults')
    .option('--alpha <x>', 'implicit: confidence slope, an event of value r weighs 1 + alpha·r (default 3)', numberArg({ min: 0 }))
    .option('--nu <x>', 'implicit: frequency scaling of the ridge, 1 = Rendle et al. (default), 0 = constant', numberArg({ min: 0, max: 2 }))
    .addOption(new Option('--confidence <kind>', "implicit: 'linear' (1 + alpha·r) or 'log' (1 + alpha·ln(1 + r/eps))").choices(['linear', 'log']))
    .option('--eps <x>', 'implicit: scale of the log confidence (default 1)', numberArg({ above: 0 }));
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

/** The parameters the options give; unset ones are left to the preset. */
export function paramsOf(o: ParamOptions): FitParams {
  const given: FitParams = {
    preset: o.preset, factors: o.factors, iterations: o.epochs, lambda: o.lambda, gamma: o.gamma, tau: o.tau, eta: o.eta,
    genrePrior: o.hierarchical, regularization: o.regularization ?? (o.scaled ? 'scaled' : undefined), seed: o.seed,
    solver: o.solver, cgSteps: o.cgSteps,
    ...(o.implicit ? { feedback: 'implicit' as const, alpha: o.alpha, nu: o.nu, confidence: o.confidence, eps: o.eps } : {}),
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as FitParams;
}

