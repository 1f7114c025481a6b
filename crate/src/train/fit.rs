//! The training loop: epochs, per-epoch metrics, the caller's callback
//! (which may stop or cancel), early stopping on the evaluation RMSE, and
//! publication of the model only when everything succeeded.

use std::ops::ControlFlow;
use std::sync::atomic::AtomicBool;

use super::trainer::Trainer;
use crate::data::{Dataset, ItemGenres};
use crate::error::{Error, Result};
use crate::metrics::{evaluate, objective_from_fit, Metrics};
use crate::model::Model;
use crate::params::AlsParams;

/// Options of `fit` beyond the hyperparameters.
#[derive(Clone, Copy, Default)]
pub struct FitOptions<'a> {
    /// Held-out ratings scored after every epoch (same index spaces).
    pub eval: Option<&'a Dataset>,
    /// Item genres, required when `AlsParams::genre_prior` is set.
    pub genres: Option<&'a ItemGenres>,
    /// Stop when the eval RMSE has not improved for a while (needs `eval`).
    pub early_stop: Option<EarlyStop>,
    /// Score the training set after every epoch (measured by the item step
    /// from the factors it has gathered anyway: no extra pass).
    pub train_metrics: bool,
    /// Compute the objective L after every epoch (the train error, as above,
    /// plus the ridge terms).
    pub objective: bool,
    /// Checked between blocks of rows: set it to cancel from another thread.
    pub cancel: Option<&'a AtomicBool>,
    /// A clock in seconds: when set, every epoch reports where its time went.
    pub clock: Option<fn() -> f64>,
}

/// Wall time of one epoch's parts, in seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EpochTimings {
    /// Priors (hierarchical only) and the user step.
    pub user_step: f64,
    /// The item step and the genre step (hierarchical only).
    pub item_step: f64,
    /// Eval metrics and the objective's ridge terms (the train metrics come
    /// with the item step).
    pub metrics: f64,
}

/// Stop after `patience` epochs without an eval RMSE below the best by more
/// than `min_delta`; the published model is the best epoch's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStop {
    pub patience: usize,
    pub min_delta: f64,
}

/// What the callback may ask for instead of `ControlFlow::Continue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Abandon training: `fit` returns `Error::Cancelled`, no model.
    Cancel,
    /// Stop here and publish the model as it is after this epoch.
    Finish,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochStats {
    /// 1-based.
    pub epoch: usize,
    pub train: Option<Metrics>,
    pub eval: Option<Metrics>,
    pub objective: Option<f64>,
    /// Set when `FitOptions::clock` is.
    pub timings: Option<EpochTimings>,
}

pub struct FitResult {
    pub model: Model,
    pub history: Vec<EpochStats>,
    /// The epoch the model comes from (the best one under early stopping).
    pub best_epoch: usize,
    /// True when early stopping or `Stop::Finish` ended training before `params.epochs`.
    pub stopped_early: bool,
}

/// Train on `train` for `params.epochs` epochs.
pub fn fit(
    train: &Dataset,
    params: &AlsParams,
    opts: &FitOptions,
    mut on_epoch: impl FnMut(&EpochStats) -> ControlFlow<Stop>,
) -> Result<FitResult> {
    check_options(train, opts)?;
    let mut trainer = Trainer::new(train, params, opts.genres)?;
    if let Some(c) = opts.cancel {
        trainer.set_cancel_flag(c);
    }
    let mut history = Vec::with_capacity(params.epochs);
    let mut best = Best::default();
    let clock = opts.clock.unwrap_or(|| 0.0);
    for _ in 0..params.epochs {
        let run = trainer.run_epoch_timed(clock, opts.train_metrics || opts.objective)?;
        let t1 = clock();
        let mut stats = epoch_stats(&trainer, run.train, opts)?;
        if opts.clock.is_some() {
            // The train metrics came with the item step; what is left is the
            // eval set and the objective's norms.
            let metrics = clock() - t1;
            stats.timings = Some(EpochTimings {
                user_step: run.user_step,
                item_step: run.item_step,
                metrics,
            });
        }
        history.push(stats);
        let flow = on_epoch(&stats);
        if let ControlFlow::Break(Stop::Cancel) = flow {
            return Err(Error::Cancelled);
        }
        let patience_out = best.observe(&trainer, &stats, opts.early_stop);
        if flow.is_break() || patience_out {
            break;
        }
    }
    let stopped_early = history.len() < params.epochs;
    let (model, best_epoch) = best.publish(trainer, opts.early_stop.is_some());
    Ok(FitResult {
        model,
        history,
        best_epoch,
        stopped_early,
    })
}

fn check_options(train: &Dataset, opts: &FitOptions) -> Result<()> {
    if let Some(e) = opts.eval {
        for (what, expected, actual) in [
            ("eval users", train.n_users(), e.n_users()),
            ("eval items", train.n_items(), e.n_items()),
        ] {
            if expected != actual {
                return Err(Error::LengthMismatch { what, expected, actual });
            }
        }
    } else if opts.early_stop.is_some() {
        return Err(Error::param("early_stop", "set", "an eval set (FitOptions::eval)"));
    }
    Ok(())
}

/// The epoch's metrics, given the train metrics the item step measured.
fn epoch_stats(trainer: &Trainer, train_fit: Option<Metrics>, opts: &FitOptions) -> Result<EpochStats> {
    let m = trainer.model();
    Ok(EpochStats {
        epoch: trainer.epoch(),
        train: train_fit.filter(|_| opts.train_metrics),
        eval: opts.eval.map(|e| evaluate(m, e)).transpose()?,
        objective: train_fit.filter(|_| opts.objective).map(|f| objective_from_fit(m, &f)),
        timings: None,
    })
}

/// The best epoch so far under early stopping, with a snapshot of its model.
#[derive(Default)]
struct Best {
    rmse: f64,
    epoch: usize,
    snapshot: Option<Model>,
}

impl Best {
    /// Record this epoch; true when patience has run out.
    fn observe(&mut self, trainer: &Trainer, stats: &EpochStats, rule: Option<EarlyStop>) -> bool {
        let (Some(rule), Some(eval)) = (rule, stats.eval) else {
            return false;
        };
        if self.epoch == 0 || eval.rmse < self.rmse - rule.min_delta {
            self.rmse = eval.rmse;
            self.epoch = stats.epoch;
            match &mut self.snapshot {
                Some(s) => s.clone_from(trainer.model()),
                None => self.snapshot = Some(trainer.model().clone()),
            }
            return false;
        }
        stats.epoch - self.epoch >= rule.patience
    }

    fn publish(self, mut trainer: Trainer, early_stopping: bool) -> (Model, usize) {
        let last = trainer.epoch();
        match self.snapshot {
            Some(s) if early_stopping => {
                *trainer.model_mut() = s;
                trainer.update_priors();
                (trainer.into_model(), self.epoch)
            }
            _ => {
                trainer.update_priors();
                (trainer.into_model(), last)
            }
        }
    }
}
