//! Strong generalization: top-k metrics for users the model never saw
//! (Marlin 2004; the held-out-user protocol of Liang et al., "Variational
//! Autoencoders for Collaborative Filtering", 2018). Each such user is
//! folded in from part of their events (the *history*) with the items
//! fixed, and ranked on the rest; the lists leave out the history items.
//! An implicit-feedback model folds in by its exact weighted ridge solve
//! (`infer::implicit_user`, `implicit`'s `recalculate_user`), an explicit
//! one by `Model::fold_in_user`. Metrics as in `metrics`, summed in user
//! order, so the result is the same on any thread count.

use rayon::prelude::*;

use super::lists::top_for_factors;
use super::metrics::{even_stride, longest_cutoff, summarize, user_values};
use super::RankingMetrics;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::infer::{check_events, ItemGram};
use crate::model::Model;

/// Metrics at each cut-off of `ks` for new users: row `u` of `history`
/// folds the user in, row `u` of `test` holds their held-out items (both in
/// one user space of their own, items in the model's). Users with both
/// history and held-out items are scored; `max_users` takes an even stride.
pub fn evaluate_new_users(
    model: &Model,
    history: &Dataset,
    test: &Dataset,
    ks: &[usize],
    max_users: Option<usize>,
) -> Result<Vec<RankingMetrics>> {
    if history.n_users() != test.n_users() {
        return Err(Error::LengthMismatch {
            what: "held-out users (the history's)",
            expected: history.n_users(),
            actual: test.n_users(),
        });
    }
    for d in [history, test] {
        if d.n_items() != model.n_items() {
            return Err(Error::LengthMismatch {
                what: "items (the model's)",
                expected: model.n_items(),
                actual: d.n_items(),
            });
        }
    }
    let k_max = longest_cutoff(ks)?;
    let (seen, held) = (history.by_user(), test.by_user());
    let gram = match model.params().feedback.implicit() {
        Some(_) => {
            check_events(&seen.values.to_f32())?;
            Some(model.item_gram())
        }
        None => None,
    };
    let eligible = (0..test.n_users()).filter(|&u| !held.range(u).is_empty() && !seen.range(u).is_empty());
    let users = even_stride(eligible.collect(), max_users);
    let per_user: Vec<(Vec<u32>, Vec<[f64; 4]>)> = users
        .par_iter()
        .map_init(Vec::new, |scratch, &u| {
            let r = seen.range(u);
            let (items, values) = (&seen.indices[r.clone()], seen.values.slice(r).to_f32());
            let p = fold_in(model, gram.as_ref(), items, &values)?;
            let list: Vec<u32> = top_for_factors(model, &p, items, k_max, scratch)
                .iter()
                .map(|s| s.item)
                .collect();
            let truth = &held.indices[held.range(u)];
            let values = ks.iter().map(|&k| user_values(&list, truth, k)).collect();
            Ok((list, values))
        })
        .collect::<Result<_>>()?;
    Ok(ks
        .iter()
        .enumerate()
        .map(|(c, &k)| summarize(&per_user, c, k, model.n_items()))
        .collect())
}

/// Padded factors of a user folded in from `items` / `values` (ascending items).
fn fold_in(model: &Model, gram: Option<&ItemGram>, items: &[u32], values: &[f32]) -> Result<Vec<f32>> {
    if let Some(g) = gram {
        return model.fold_in_events_with(g, items, values);
    }
    let f = model.fold_in_user(items, values, 1)?;
    let mut p = vec![0.0f32; model.user_factors().stride()];
    p[..f.factors.len()].copy_from_slice(&f.factors);
    Ok(p)
}
