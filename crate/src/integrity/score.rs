//! From features to suspicion scores, rankings and explanations.
//!
//! Every feature is standardised robustly (median and 1.4826·MAD); those
//! that grow with profile length (two-taste gain, residual spread) are
//! standardised within bins of users of similar length, so long profiles
//! are compared with long ones. The scores add the directional z-scores
//! of the features each kind of abuse moves:
//!
//! - `shilling` = z(obscurity of the rated items: −mean ln(1 + n_i)) +
//!   z(ln RDMA): injected profiles rate many obscure items (filler drawn
//!   from the whole catalogue) far from their means relative to how often
//!   those items are rated (Chirita et al. 2005, Mobasher et al. 2007);
//! - `shared` = z(two-taste gain) + z(residual variance | length) +
//!   z(ln length) + z(−taste coherence | length): two people in one profile
//!   fit two factor vectors better than one, one vector leaves larger
//!   residuals than usual for a profile that long, the merged profile is
//!   longer, and the pulls of two dissimilar tastes on one factor vector
//!   cancel (see `two_taste`).

use rayon::prelude::*;

use super::eval::ranking;
use super::items::{item_anomalies, ItemAnomaly};
use super::residuals::{median, user_stats, ItemMeans, RatingScale, UserStats};
use super::two_taste::{two_taste, user_two_taste, TwoTaste};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::Model;

/// Which abuse a score is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detector {
    Shilling,
    Shared,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DetectOptions {
    /// Assignment rounds of the two-taste test per start.
    pub two_taste_iters: usize,
    /// Shilling score above which a profile's extreme ratings count for items.
    pub suspicious_score: f32,
    /// Profiles with at most this many ratings count as low-history (0: none).
    pub low_history: u32,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            two_taste_iters: 6,
            suspicious_score: 4.0,
            low_history: 0,
        }
    }
}

/// Features and scores of every user (dense order) and the item anomalies.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrityReport {
    pub scale: RatingScale,
    pub stats: Vec<UserStats>,
    pub two_taste: Vec<TwoTaste>,
    pub shilling: Vec<f32>,
    pub shared: Vec<f32>,
    pub items: Vec<ItemAnomaly>,
}

impl IntegrityReport {
    pub fn scores(&self, d: Detector) -> &[f32] {
        match d {
            Detector::Shilling => &self.shilling,
            Detector::Shared => &self.shared,
        }
    }
    /// Dense users by decreasing score (users without ratings last).
    pub fn ranking(&self, d: Detector) -> Vec<u32> {
        ranking(self.scores(d)).into_iter().map(|u| u as u32).collect()
    }
}

/// Score every user of `data` (the model's training set) and every item.
pub fn detect(model: &Model, data: &Dataset, opts: &DetectOptions) -> Result<IntegrityReport> {
    if model.n_users() != data.n_users() || model.n_items() != data.n_items() {
        return Err(Error::LengthMismatch {
            what: "users of the training data",
            expected: model.n_users(),
            actual: data.n_users(),
        });
    }
    let scale = RatingScale::of(data);
    let stats = user_stats(model, data, scale);
    let tt = two_taste(model, data, opts.two_taste_iters);
    let (shilling, shared) = combine(&stats, &tt);
    let suspicious: Vec<bool> = stats
        .iter()
        .zip(&shilling)
        .map(|(s, &z)| s.n > 0 && (z > opts.suspicious_score || s.n <= opts.low_history))
        .collect();
    let items = item_anomalies(data, scale, &suspicious, &shilling);
    Ok(IntegrityReport {
        scale,
        stats,
        two_taste: tt,
        shilling,
        shared,
        items,
    })
}

/// The two scores from the features (users without ratings score −inf).
/// Each z-score is clipped to ±4 so that one extreme feature of a real user
/// cannot outvote several moderate ones of an injected profile.
fn combine(stats: &[UserStats], tt: &[TwoTaste]) -> (Vec<f32>, Vec<f32>) {
    let active: Vec<bool> = stats.iter().map(|s| s.n > 0).collect();
    let f = |g: &dyn Fn(&UserStats) -> f32| stats.iter().map(g).collect::<Vec<f32>>();
    let c = |z: f32| z.clamp(-CLIP, CLIP);
    let len = f(&|s| (s.n.max(1) as f32).ln());
    let z_obscure = robust_z(&f(&|s| -s.popularity), &active);
    let z_rdma = robust_z(&f(&|s| (s.rdma + 1e-4).ln()), &active);
    let z_len = robust_z(&len, &active);
    let z_res = z_by_length(&f(&|s| (s.residual_var + 1e-4).ln()), &len, &active);
    let z_gain = robust_z(&tt.iter().map(|t| t.gain).collect::<Vec<_>>(), &active);
    let z_incoherent = z_by_length(&tt.iter().map(|t| -t.coherence).collect::<Vec<_>>(), &len, &active);
    let score = |u: usize, v: f32| if active[u] { v } else { f32::NEG_INFINITY };
    let shilling = (0..stats.len())
        .map(|u| score(u, c(z_obscure[u]) + c(z_rdma[u])))
        .collect();
    let shared = (0..stats.len())
        .map(|u| score(u, c(z_gain[u]) + c(z_res[u]) + c(z_len[u]) + c(z_incoherent[u])))
        .collect();
    (shilling, shared)
}

const CLIP: f32 = 4.0;

/// `(x − median) / (1.4826 MAD)` over the `active` entries (0 elsewhere).
pub fn robust_z(x: &[f32], active: &[bool]) -> Vec<f32> {
    let mut v: Vec<f32> = x.iter().zip(active).filter(|(_, &a)| a).map(|(&x, _)| x).collect();
    let (m, s) = center_spread(&mut v);
    x.iter()
        .zip(active)
        .map(|(&x, &a)| if a { (x - m) / s } else { 0.0 })
        .collect()
}

fn center_spread(v: &mut [f32]) -> (f32, f32) {
    let m = median(v);
    let mut dev: Vec<f32> = v.iter().map(|x| (x - m).abs()).collect();
    let s = 1.4826 * median(&mut dev);
    (m, if s > 1e-6 { s } else { 1e-6f32.max(m.abs() * 1e-3) })
}

/// Robust z within bins of users of similar `len` (10 bins, at least 30 users each).
pub fn z_by_length(x: &[f32], len: &[f32], active: &[bool]) -> Vec<f32> {
    let mut idx: Vec<usize> = (0..x.len()).filter(|&u| active[u]).collect();
    idx.sort_by(|&a, &b| len[a].total_cmp(&len[b]).then(a.cmp(&b)));
    let per = (idx.len() / 10).max(30).min(idx.len().max(1));
    let mut out = vec![0.0f32; x.len()];
    let bins: Vec<&[usize]> = idx.chunks(per).collect();
    let nb = bins.len();
    let z: Vec<Vec<(usize, f32)>> = (0..nb)
        .into_par_iter()
        .map(|b| {
            // A short last bin joins its neighbour's reference.
            let reference: Vec<usize> = if bins[b].len() < per && b > 0 {
                bins[b - 1].iter().chain(bins[b]).copied().collect()
            } else {
                bins[b].to_vec()
            };
            let (m, s) = center_spread(&mut reference.iter().map(|&u| x[u]).collect::<Vec<_>>());
            bins[b].iter().map(|&u| (u, (x[u] - m) / s)).collect()
        })
        .collect();
    z.into_iter().flatten().for_each(|(u, v)| out[u] = v);
    out
}

/// A rating and how much it contributes to a user's suspicion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatingContribution {
    pub item: u32,
    pub rating: f32,
    pub predicted: f32,
    pub item_mean: f32,
    pub item_count: u32,
    /// What ranks it: `|r − r̄_i|` (shilling) or the squared residual (shared).
    pub weight: f32,
}

/// One of the two tastes of a profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Taste {
    pub size: u32,
    pub mean_rating: f32,
    /// Its best-rated items (most-rated first among equals), ≤ `n`.
    pub top_items: Vec<u32>,
    /// Its worst-rated items, ≤ `n`.
    pub bottom_items: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UserExplanation {
    pub user: u32,
    pub score: f32,
    pub stats: UserStats,
    pub two_taste: TwoTaste,
    /// The `n` ratings that weigh most.
    pub ratings: Vec<RatingContribution>,
    /// For `Shared`: the two tastes the test found.
    pub tastes: Option<[Taste; 2]>,
}

/// Why user `u` scores as it does under `detector`.
pub fn explain_user(
    model: &Model,
    data: &Dataset,
    report: &IntegrityReport,
    u: u32,
    detector: Detector,
    n: usize,
    iters: usize,
) -> Result<UserExplanation> {
    model.check_user(u)?;
    let csr = data.by_user();
    let (items, ratings) = (&csr.indices[csr.range(u as usize)], &csr.values[csr.range(u as usize)]);
    let im = ItemMeans::of(data);
    let mut rows: Vec<RatingContribution> = items
        .iter()
        .zip(ratings)
        .map(|(&i, &r)| {
            let (predicted, item_mean) = (model.score(u as usize, i as usize), im.mean[i as usize]);
            let weight = match detector {
                Detector::Shilling => (r - item_mean).abs(),
                Detector::Shared => (r - predicted) * (r - predicted),
            };
            RatingContribution {
                item: i,
                rating: r,
                predicted,
                item_mean,
                item_count: im.count[i as usize],
                weight,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.item.cmp(&b.item)));
    rows.truncate(n);
    let tastes = (detector == Detector::Shared).then(|| {
        let (_, assign) = user_two_taste(model, items, ratings, iters);
        [false, true].map(|side| taste(items, ratings, &assign, side, &im.count, n))
    });
    let s = report.scores(detector).get(u as usize).copied().unwrap_or(f32::NAN);
    Ok(UserExplanation {
        user: u,
        score: s,
        stats: report.stats[u as usize],
        two_taste: report.two_taste[u as usize],
        ratings: rows,
        tastes,
    })
}

fn taste(items: &[u32], ratings: &[f32], assign: &[bool], side: bool, counts: &[u32], n: usize) -> Taste {
    let mut mine: Vec<(u32, f32)> = items
        .iter()
        .zip(ratings)
        .zip(assign)
        .filter(|(_, &a)| a == side)
        .map(|((&i, &r), _)| (i, r))
        .collect();
    let mean = mine.iter().map(|m| m.1).sum::<f32>() / mine.len().max(1) as f32;
    let by = |m: &mut Vec<(u32, f32)>, sign: f32| {
        m.sort_by(|a, b| {
            (sign * b.1)
                .total_cmp(&(sign * a.1))
                .then(counts[b.0 as usize].cmp(&counts[a.0 as usize]))
                .then(a.0.cmp(&b.0))
        });
        m.iter().take(n).map(|x| x.0).collect::<Vec<u32>>()
    };
    let top_items = by(&mut mine, 1.0);
    let bottom_items = by(&mut mine, -1.0);
    Taste {
        size: mine.len() as u32,
        mean_rating: mean,
        top_items,
        bottom_items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robust_z_ignores_inactive_and_outliers() {
        let x = [1.0, 2.0, 3.0, 4.0, 100.0, -50.0];
        let a = [true, true, true, true, true, false];
        let z = robust_z(&x, &a);
        assert_eq!(z[2], 0.0);
        assert_eq!(z[5], 0.0);
        assert!(z[4] > 30.0);
    }
}
