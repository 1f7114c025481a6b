//! `fit_bayes`: the warm start, burn-in and kept sweeps, with the same
//! callback protocol and per-sweep statistics as ALS's `fit` (one
//! `EpochStats` per sweep). Early stopping does not apply: more kept
//! samples only refine the posterior means.

use std::ops::ControlFlow;

use super::params::BayesParams;
use super::sampler::Sampler;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::metrics::{evaluate, Metrics};
use crate::params::AlsParams;
use crate::train::{EpochStats, EpochTimings, FitOptions, FitResult, Stop};

/// Train a Bayesian model: `bayes.warm_start` ALS epochs, then
/// `bayes.burn_in + bayes.samples` Gibbs sweeps. The eval metrics of a
/// burn-in sweep are its sample's; after burn-in, those of the posterior-mean
/// model so far (the last sweep's are the published model's). The published
/// model holds the posterior means and variances (`posterior::Posterior`).
pub fn fit_bayes(
    train: &Dataset,
    params: &AlsParams,
    bayes: &BayesParams,
    opts: &FitOptions,
    mut on_sweep: impl FnMut(&EpochStats) -> ControlFlow<Stop>,
) -> Result<FitResult> {
    if let Some(e) = opts.eval {
        if e.n_users() != train.n_users() || e.n_items() != train.n_items() {
            return Err(Error::LengthMismatch {
                what: "eval users and items",
                expected: train.n_users() + train.n_items(),
                actual: e.n_users() + e.n_items(),
            });
        }
    }
    let mut sampler = Sampler::new(train, params, bayes, opts.genres, opts.cancel)?;
    let clock = opts.clock.unwrap_or(|| 0.0);
    let total = bayes.burn_in + bayes.samples;
    let mut history = Vec::with_capacity(total);
    for _ in 0..total {
        let (user_step, item_step) = sampler.run_sweep_timed(clock)?;
        let t1 = clock();
        let eval = match opts.eval {
            Some(e) => Some(evaluate(&sampler.mean_model(), e)?),
            None => None,
        };
        let stats = EpochStats {
            epoch: sampler.sweep(),
            train: opts.train_metrics.then(|| {
                let (sse, sae) = sampler.fit();
                Metrics::from_sums(sse, sae, train.nnz())
            }),
            eval,
            objective: None,
            timings: opts.clock.map(|_| EpochTimings {
                user_step,
                item_step,
                metrics: clock() - t1,
            }),
        };
        history.push(stats);
        match on_sweep(&stats) {
            ControlFlow::Break(Stop::Cancel) => return Err(Error::Cancelled),
            ControlFlow::Break(Stop::Finish) => break,
            ControlFlow::Continue(()) => {}
        }
    }
    let best_epoch = sampler.sweep();
    Ok(FitResult {
        model: sampler.into_model()?,
        history,
        best_epoch,
        stopped_early: best_epoch < total,
    })
}
