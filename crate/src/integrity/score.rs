//! From features to suspicion scores, rankings and explanations.
//!
//! Every feature is standardised robustly (median and 1.4826·MAD); those
//! that depend on profile length (residual spread, taste coherence, item
//! communities) are standardised within bins of users of similar length,
//! so long profiles are compared with long ones. The scores combine the
//! directional z-scores of the features each kind of abuse moves:
//!
//! - `shilling` = z(obscurity of the rated items: −mean ln(1 + n_i)) +
//!   z(ln RDMA), each clipped to ±4: injected profiles rate many obscure
//!   items (filler drawn from the whole catalogue) far from their means
//!   relative to how often those items are rated (Chirita et al. 2005,
//!   Mobasher et al. 2007);
//! - `shared` = the sum of the normal scores (rank among the profiles,
//!   mapped through the inverse normal CDF) of z(ln length), z(two-taste
//!   gain), z(residual variance | length), z(−taste coherence | length) and
//!   z(item-community λ2 | length): the merged profile is longer, two
//!   people fit two factor vectors better than one, one vector leaves
//!   larger residuals than usual for a profile that long, the pulls of two
//!   dissimilar tastes on one factor vector cancel (see `two_taste`), and
//!   two people rate two groups of movies that others rarely rate together
//!   (see `community`). Each feature is weak alone and heavy-tailed; ranks
//!   give each the same weight, where a sum of z-scores let the longest
//!   tails (profile length) decide.

use rayon::prelude::*;

use super::community::{communities, Community};
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
    pub community: Vec<Community>,
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
    let community = communities(data, COMMUNITY_ITERS);
    let (shilling, shared) = combine(&stats, &tt, &community);
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
        community,
        shilling,
        shared,
        items,
    })
}

/// Power iterations for the item-community λ2 (40 → 120 moved the shared AUCs by ≈ 0.01).
const COMMUNITY_ITERS: usize = 100;

/// The two scores from the features (users without ratings score −inf).
/// Each shilling z-score is clipped to ±4 so that one extreme feature of a
/// real user cannot outvote several moderate ones of an injected profile.
fn combine(stats: &[UserStats], tt: &[TwoTaste], com: &[Community]) -> (Vec<f32>, Vec<f32>) {
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
    let z_split = z_by_length(&com.iter().map(|c| c.lambda2).collect::<Vec<_>>(), &len, &active);
    let shared_parts = [z_len, z_gain, z_res, z_incoherent, z_split].map(|z| normal_scores(&z, &active));
    let score = |u: usize, v: f32| if active[u] { v } else { f32::NEG_INFINITY };
    let shilling = (0..stats.len())
        .map(|u| score(u, c(z_obscure[u]) + c(z_rdma[u])))
        .collect();
    let shared = (0..stats.len())
        .map(|u| score(u, shared_parts.iter().map(|z| z[u]).sum()))
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

/// `Φ⁻¹((rank + 0.5) / n)` of each active entry among the active ones (ties
/// share their mean rank; 0 elsewhere): a z-score that no tail can stretch.
pub fn normal_scores(x: &[f32], active: &[bool]) -> Vec<f32> {
    let mut idx: Vec<usize> = (0..x.len()).filter(|&u| active[u]).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let n = idx.len() as f64;
    let mut out = vec![0.0f32; x.len()];
    let mut start = 0;
    while start < idx.len() {
        let end = start + idx[start..].iter().take_while(|&&u| x[u] == x[idx[start]]).count();
        let rank = (start + end - 1) as f64 / 2.0;
        let z = inverse_normal_cdf((rank + 0.5) / n) as f32;
        idx[start..end].iter().for_each(|&u| out[u] = z);
        start = end;
    }
    out
}

/// `Φ⁻¹(p)` for `p` in (0, 1): Acklam's rational approximation (relative error < 1.2e-9).
fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let poly = |c: &[f64], x: f64| c.iter().fold(0.0, |acc, &k| acc * x + k);
    let tail = |q: f64| poly(&C, q) / (poly(&D, q) * q + 1.0);
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let (q, r) = (p - 0.5, (p - 0.5) * (p - 0.5));
        poly(&A, r) * q / (poly(&B, r) * r + 1.0)
    }
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
    pub community: Community,
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
    let (items, decoded) = (&csr.indices[csr.range(u as usize)], csr.row_values(u as usize));
    let ratings = &*decoded;
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
        community: report.community[u as usize],
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

    #[test]
    fn normal_scores_follow_ranks_and_share_ties() {
        let x = [5.0, 1.0, 3.0, 3.0, 1000.0, -7.0];
        let a = [true, true, true, true, true, false];
        let z = normal_scores(&x, &a);
        assert_eq!((z[2], z[5]), (z[3], 0.0));
        assert!(z[1] < z[2] && z[2] < z[0] && z[0] < z[4]);
        assert!((z[1] + z[4]).abs() < 1e-6, "{z:?}");
        assert!((inverse_normal_cdf(0.975) - 1.959_964).abs() < 1e-5);
        assert!((inverse_normal_cdf(0.001) + 3.090_232).abs() < 1e-5);
    }
}
