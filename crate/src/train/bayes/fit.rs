//! `fit_bayes`: the warm start, burn-in and kept sweeps, with the same
//! callback protocol and per-sweep statistics as ALS's `fit` (one
//! `EpochStats` per sweep). Early stopping does not apply: more kept
//! samples only refine the posterior means.

use std::ops::ControlFlow;

use rayon::prelude::*;

use super::params::BayesParams;
use super::sampler::Sampler;
use crate::chunks::{balanced_bounds, ranges};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::metrics::{evaluate, Metrics};
use crate::model::Model;
use crate::params::AlsParams;
use crate::simd::dot;
use crate::train::{EpochStats, EpochTimings, FitOptions, FitResult, Stop};

/// Train a Bayesian model: `bayes.warm_start` ALS epochs, then
/// `bayes.burn_in + bayes.samples` Gibbs sweeps. The eval metrics of a
/// burn-in sweep are its sample's; after burn-in, those of the average of
/// the kept samples' predictions. The published model holds the posterior
/// means and variances (`posterior::Posterior`).
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
    let mut mean_eval = opts.eval.map(|e| vec![0.0f64; e.nnz()]);
    let mut history = Vec::with_capacity(total);
    for _ in 0..total {
        let t0 = clock();
        sampler.run_sweep()?;
        let t1 = clock();
        let eval = match (opts.eval, mean_eval.as_mut()) {
            (Some(e), Some(sums)) if sampler.kept() > 0 => {
                Some(add_and_score(sampler.sample(), e, sums, sampler.kept()))
            }
            (Some(e), _) => Some(evaluate(sampler.sample(), e)?),
            _ => None,
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
                user_step: 0.0,
                item_step: t1 - t0,
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

const BLOCKS: usize = 256;

/// Add the sample's predictions of `eval` (by user rows, in order) to
/// `sums` and score their mean over `kept` samples.
fn add_and_score(m: &Model, eval: &Dataset, sums: &mut [f64], kept: usize) -> Metrics {
    let csr = eval.by_user();
    let bounds = balanced_bounds(csr.indptr, 1, 1, BLOCKS);
    let mut pieces = Vec::with_capacity(bounds.len());
    let mut rest = sums;
    for users in ranges(&bounds) {
        let len = (csr.indptr[users.end] - csr.indptr[users.start]) as usize;
        let (head, tail) = rest.split_at_mut(len);
        pieces.push((users, head));
        rest = tail;
    }
    let (sse, sae) = pieces
        .into_par_iter()
        .map(|(users, sums)| {
            let (mut sse, mut sae, mut e) = (0.0f64, 0.0f64, 0);
            for u in users {
                let base = m.mu + m.user_bias[u];
                for (i, r) in csr.row(u) {
                    let i = i as usize;
                    sums[e] += (base + m.item_bias[i] + dot(m.p.row(u), m.q.row(i))) as f64;
                    let err = r as f64 - sums[e] / kept as f64;
                    sse += err * err;
                    sae += err.abs();
                    e += 1;
                }
            }
            (sse, sae)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold((0.0, 0.0), |a, s| (a.0 + s.0, a.1 + s.1));
    Metrics::from_sums(sse, sae, eval.nnz())
}
