//! Top-k metrics of a model against held-out items, averaged over the users
//! with at least one held-out item. For a user with held-out set `T` and
//! top-k list `L` (seen items left out), `hit(r)` = the item at rank `r`
//! (0-based) is in `T`:
//!
//! ```text
//! Precision@k = |L ∩ T| / k                 Recall@k = |L ∩ T| / |T|
//! NDCG@k = Σ_r hit(r) / log2(r + 2)  ÷  Σ_{r < min(k, |T|)} 1 / log2(r + 2)
//! MAP@k  = Σ_r hit(r) · Precision@(r + 1)  ÷  min(k, |T|)
//! coverage@k = distinct items in all lists / items
//! ```
//!
//! Users are scored in parallel; per-user values are summed in user order
//! in f64, so the result is the same on any thread count.

use rayon::prelude::*;

use super::lists::{check_seen, top_for};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::Model;

/// Metrics at one cut-off `k`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankingMetrics {
    pub k: usize,
    pub precision: f64,
    pub recall: f64,
    pub ndcg: f64,
    pub map: f64,
    pub coverage: f64,
    /// Users evaluated (those with held-out items).
    pub users: usize,
}

/// Metrics at each cut-off of `ks` for the held-out `test` set, leaving out
/// every user's `train` items from the lists. Both sets share the model's
/// index spaces. `max_users` scores an even stride over the eligible users.
pub fn evaluate_ranking(
    model: &Model,
    train: Option<&Dataset>,
    test: &Dataset,
    ks: &[usize],
    max_users: Option<usize>,
) -> Result<Vec<RankingMetrics>> {
    if test.n_users() != model.n_users() || test.n_items() != model.n_items() {
        return Err(Error::LengthMismatch {
            what: "test users × items (the model's)",
            expected: model.n_users() * model.n_items(),
            actual: test.n_users() * test.n_items(),
        });
    }
    let seen = train.map(|t| t.by_user());
    check_seen(model, seen)?;
    let k_max = longest_cutoff(ks)?;
    let by_user = test.by_user();
    let users = even_stride(
        (0..model.n_users()).filter(|&u| !by_user.range(u).is_empty()).collect(),
        max_users,
    );
    // Per user: the top-k_max list, then each cut-off's values.
    let per_user: Vec<(Vec<u32>, Vec<[f64; 4]>)> = users
        .par_iter()
        .map_init(Vec::new, |scratch, &u| {
            let list: Vec<u32> = top_for(model, seen, u, k_max, scratch).iter().map(|s| s.item).collect();
            let held = &by_user.indices[by_user.range(u)];
            let values = ks.iter().map(|&k| user_values(&list, held, k)).collect();
            (list, values)
        })
        .collect();
    Ok(ks
        .iter()
        .enumerate()
        .map(|(c, &k)| summarize(&per_user, c, k, model.n_items()))
        .collect())
}

/// The largest of the cut-offs `ks`, each of which must be at least 1.
pub(super) fn longest_cutoff(ks: &[usize]) -> Result<usize> {
    match ks.iter().copied().max() {
        Some(k) if !ks.contains(&0) => Ok(k),
        _ => Err(Error::param("k", 0, "cut-offs of at least 1")),
    }
}

/// At most `max_users` of `users`, an even stride over them.
pub(super) fn even_stride(users: Vec<usize>, max_users: Option<usize>) -> Vec<usize> {
    match max_users.filter(|&m| m < users.len()) {
        None => users,
        Some(m) => {
            let stride = users.len() as f64 / m as f64;
            (0..m).map(|j| users[(j as f64 * stride) as usize]).collect()
        }
    }
}

/// `[precision, recall, ndcg, map]` of one user at `k`; `held` is sorted.
pub(super) fn user_values(list: &[u32], held: &[u32], k: usize) -> [f64; 4] {
    let (mut hits, mut dcg, mut ap) = (0usize, 0.0f64, 0.0f64);
    for (r, item) in list.iter().take(k).enumerate() {
        if held.binary_search(item).is_ok() {
            hits += 1;
            dcg += 1.0 / (r as f64 + 2.0).log2();
            ap += hits as f64 / (r + 1) as f64;
        }
    }
    let ideal = k.min(held.len());
    let idcg: f64 = (0..ideal).map(|r| 1.0 / (r as f64 + 2.0).log2()).sum();
    [
        hits as f64 / k as f64,
        hits as f64 / held.len() as f64,
        dcg / idcg,
        ap / ideal as f64,
    ]
}

pub(super) fn summarize(per_user: &[(Vec<u32>, Vec<[f64; 4]>)], c: usize, k: usize, n_items: usize) -> RankingMetrics {
    let mut sums = [0.0f64; 4];
    let mut listed = vec![false; n_items];
    for (list, values) in per_user {
        for (s, v) in sums.iter_mut().zip(values[c]) {
            *s += v;
        }
        list.iter().take(k).for_each(|&i| listed[i as usize] = true);
    }
    let n = per_user.len().max(1) as f64;
    RankingMetrics {
        k,
        precision: sums[0] / n,
        recall: sums[1] / n,
        ndcg: sums[2] / n,
        map: sums[3] / n,
        coverage: listed.iter().filter(|&&l| l).count() as f64 / n_items.max(1) as f64,
        users: per_user.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_user_by_hand() {
        // List [5, 1, 7], held-out {1, 9}: one hit at rank 1.
        let v = user_values(&[5, 1, 7], &[1, 9], 3);
        let ndcg = (1.0 / 3f64.log2()) / (1.0 + 1.0 / 3f64.log2());
        let want = [1.0 / 3.0, 0.5, ndcg, 0.5 / 2.0];
        for (a, b) in v.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{v:?}");
        }
        assert_eq!(user_values(&[1, 9], &[1, 9], 2), [1.0, 1.0, 1.0, 1.0]);
    }
}
