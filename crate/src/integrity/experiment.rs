//! One measured experiment: fit the clean data, inject, fit the attacked
//! data, score every profile, and measure detection (ROC AUC, precision and
//! recall of the top k, k = number of injected profiles) and, for attacks
//! on a target item, the prediction shift: the mean predicted rating of the
//! target over real users who did not rate it, before the attack, after
//! it, and after removing the k top-flagged profiles and retraining.

use std::ops::ControlFlow;

use super::eval::{precision_recall_at_k, roc_auc};
use super::inject::{inject, Attack, InjectOptions};
use super::injected::{Injected, UserSource};
use super::score::{detect, DetectOptions, Detector, IntegrityReport};
use crate::data::{Coo, Dataset};
use crate::error::Result;
use crate::model::Model;
use crate::params::AlsParams;
use crate::train::{fit, FitOptions};

#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentOptions {
    pub inject: InjectOptions,
    pub params: AlsParams,
    pub detect: DetectOptions,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PredictionShift {
    pub before: f64,
    pub after: f64,
    pub after_removal: f64,
    /// Real users averaged over.
    pub users: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentResult {
    pub detector: Detector,
    pub auc: f64,
    pub precision_at_k: f64,
    pub recall_at_k: f64,
    pub k: usize,
    pub shift: Option<PredictionShift>,
    /// Place of the target in the item anomaly list (0 = first).
    pub target_item_rank: Option<usize>,
    pub injected: Injected,
    pub report: IntegrityReport,
}

fn train(data: &Dataset, params: &AlsParams) -> Result<Model> {
    Ok(fit(data, params, &FitOptions::default(), |_| ControlFlow::Continue(()))?.model)
}

/// Run the experiment on `data` (dense indices).
pub fn run_experiment(data: &Dataset, opts: &ExperimentOptions) -> Result<ExperimentResult> {
    let clean = train(data, &opts.params)?;
    let inj = inject(data, &opts.inject, Some(clean.user_factors()))?;
    let attacked = Dataset::from_coo(inj.n_users, data.n_items(), inj.coo.view())?;
    let model = train(&attacked, &opts.params)?;
    let report = detect(&model, &attacked, &opts.detect)?;
    let detector = if opts.inject.attack == Attack::Shared {
        Detector::Shared
    } else {
        Detector::Shilling
    };
    let scores = report.scores(detector);
    let k = inj.labels.iter().filter(|&&l| l).count();
    let auc = roc_auc(scores, &inj.labels);
    let (precision_at_k, recall_at_k) = precision_recall_at_k(scores, &inj.labels, k);
    let flagged: Vec<u32> = report.ranking(detector).into_iter().take(k).collect();
    let shift = match inj.target {
        Some(t) => Some(shift(data, &clean, &attacked, &model, &inj, &flagged, t, &opts.params)?),
        None => None,
    };
    let target_item_rank = inj.target.and_then(|t| report.items.iter().position(|a| a.item == t));
    Ok(ExperimentResult {
        detector,
        auc,
        precision_at_k,
        recall_at_k,
        k,
        shift,
        target_item_rank,
        injected: inj,
        report,
    })
}

#[allow(clippy::too_many_arguments)]
fn shift(
    clean_data: &Dataset,
    clean: &Model,
    attacked: &Dataset,
    model: &Model,
    inj: &Injected,
    flagged: &[u32],
    t: u32,
    params: &AlsParams,
) -> Result<PredictionShift> {
    let mut removed = vec![false; inj.n_users];
    flagged.iter().for_each(|&u| removed[u as usize] = true);
    let raters = &clean_data.by_item().indices[clean_data.by_item().range(t as usize)];
    // Shilling keeps the real users at their indices: dense u is real user u.
    let users: Vec<u32> = inj
        .sources
        .iter()
        .enumerate()
        .filter(|(d, s)| {
            matches!(s, UserSource::Original(_)) && !removed[*d] && raters.binary_search(&(*d as u32)).is_err()
        })
        .map(|(d, _)| d as u32)
        .collect();
    let coo = attacked.to_coo();
    let keep: Vec<bool> = coo.users.iter().map(|&u| removed[u as usize]).collect();
    let kept: Coo = coo.view().select(&keep, false)?;
    let cleaned = train(
        &Dataset::from_coo(inj.n_users, attacked.n_items(), kept.view())?,
        params,
    )?;
    let mean = |m: &Model| {
        users
            .iter()
            .map(|&u| m.score(u as usize, t as usize) as f64)
            .sum::<f64>()
            / users.len().max(1) as f64
    };
    Ok(PredictionShift {
        before: mean(clean),
        after: mean(model),
        after_removal: mean(&cleaned),
        users: users.len(),
    })
}
