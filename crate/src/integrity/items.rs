//! Per-item anomalies: an item that received many more extreme ratings
//! (top, or the two lowest steps) from suspicious profiles than its share
//! of such ratings predicts. A rating counts as suspicious when its rater's
//! shilling score is above a threshold or the rater has few ratings (new or
//! low-history profiles); at least three such ratings make a burst. The
//! count is compared with a binomial null: `n_i` ratings, each
//! suspicious-and-extreme with the data set's overall rate. (The ratings
//! carry no timestamps here, so "burst" means concentration, not time.)

use rayon::prelude::*;

use super::residuals::RatingScale;
use crate::data::Dataset;

/// One item's burst of extreme ratings from suspicious profiles.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemAnomaly {
    pub item: u32,
    pub count: u32,
    /// Extreme ratings by suspicious profiles.
    pub suspicious_extreme: u32,
    /// `(observed − expected) / sqrt(expected (1 − rate))`.
    pub z: f32,
    /// Mean of those ratings minus the item's mean over the other raters:
    /// positive = pushed, negative = nuked.
    pub direction: f32,
    /// The suspicious raters behind it (dense users, most suspicious first, ≤ 10).
    pub users: Vec<u32>,
}

/// Fewer suspicious extreme ratings than this are not a burst (one rating
/// of a once-rated item would otherwise top the list).
const MIN_BURST: usize = 3;

/// Items by decreasing `z` (ties by index); `suspicious[u]` marks the
/// profiles whose extreme ratings count; only items with `z > 0` are listed.
pub fn item_anomalies(data: &Dataset, scale: RatingScale, suspicious: &[bool], user_score: &[f32]) -> Vec<ItemAnomaly> {
    let c = data.by_item();
    let flagged = |u: u32, r: f32| suspicious[u as usize] && scale.is_extreme(r);
    let total = c
        .indices
        .iter()
        .zip(c.values.iter())
        .filter(|(&u, r)| flagged(u, *r))
        .count();
    let rate = (total as f64 / data.nnz().max(1) as f64).clamp(1e-6, 1.0 - 1e-6);
    let mut out: Vec<ItemAnomaly> = (0..c.rows())
        .into_par_iter()
        .filter_map(|i| {
            let r = c.range(i);
            let (users, decoded) = (&c.indices[r.clone()], c.values.slice(r).to_f32());
            let ratings = &*decoded;
            let n = users.len() as f64;
            let hits: Vec<(u32, f32)> = users
                .iter()
                .zip(ratings)
                .filter(|(&u, &r)| flagged(u, r))
                .map(|(&u, &r)| (u, r))
                .collect();
            let expected = n * rate;
            let z = (hits.len() as f64 - expected) / (expected * (1.0 - rate)).sqrt().max(1e-9);
            if hits.len() < MIN_BURST || z <= 0.0 {
                return None;
            }
            let others: Vec<f32> = users
                .iter()
                .zip(ratings)
                .filter(|(&u, _)| !suspicious[u as usize])
                .map(|(_, &r)| r)
                .collect();
            let base = if others.is_empty() {
                data.mu()
            } else {
                others.iter().sum::<f32>() / others.len() as f32
            };
            let direction = hits.iter().map(|h| h.1).sum::<f32>() / hits.len() as f32 - base;
            let mut who: Vec<u32> = hits.iter().map(|h| h.0).collect();
            who.sort_by(|a, b| {
                user_score[*b as usize]
                    .total_cmp(&user_score[*a as usize])
                    .then(a.cmp(b))
            });
            who.truncate(10);
            Some(ItemAnomaly {
                item: i as u32,
                count: n as u32,
                suspicious_extreme: hits.len() as u32,
                z: z as f32,
                direction,
                users: who,
            })
        })
        .collect();
    out.sort_by(|a, b| b.z.total_cmp(&a.z).then(a.item.cmp(&b.item)));
    out
}
