//! Per-user statistics after training: the residuals `e = r − r̂` of the
//! user's training ratings (mean, variance, median absolute deviation) and
//! the profile features of the shilling literature (Chirita et al. 2005;
//! Mobasher et al. 2007): fraction of extreme ratings, rating variance and
//! entropy, mean absolute deviation from the item means (and its RDMA form,
//! divided by the item's rating count), and how popular the rated items are.

use rayon::prelude::*;

use crate::data::Dataset;
use crate::model::Model;

/// The rating scale: lowest and highest rating and the step (0.5 .. 5 by 0.5
/// for MovieLens).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatingScale {
    pub min: f32,
    pub max: f32,
    pub step: f32,
}

impl RatingScale {
    /// The observed min and max of `data` (half stars assumed when they
    /// are not integers).
    pub fn of(data: &Dataset) -> RatingScale {
        let v = data.by_user().values;
        let (min, max) = v.iter().fold((f32::MAX, f32::MIN), |(a, b), r| (a.min(r), b.max(r)));
        if v.is_empty() {
            return RatingScale {
                min: 1.0,
                max: 5.0,
                step: 1.0,
            };
        }
        let half = v.iter().any(|r| r.fract() != 0.0);
        RatingScale {
            min,
            max,
            step: if half { 0.5 } else { 1.0 },
        }
    }
    /// A top rating, or one of the two lowest steps.
    pub fn is_extreme(&self, r: f32) -> bool {
        r >= self.max - 0.25 * self.step || r <= self.min + 1.25 * self.step
    }
    /// `r` rounded to the scale and clamped into it.
    pub fn snap(&self, r: f64) -> f32 {
        let s = self.step as f64;
        ((r / s).round() * s).clamp(self.min as f64, self.max as f64) as f32
    }
}

/// One user's statistics (all zero for a user without ratings).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UserStats {
    pub n: u32,
    pub residual_mean: f32,
    pub residual_var: f32,
    /// Median of `|e − median(e)|` (unscaled).
    pub residual_mad: f32,
    pub extreme_frac: f32,
    pub rating_var: f32,
    /// Shannon entropy (nats) of the user's rating histogram.
    pub rating_entropy: f32,
    /// Mean `|r_ui − r̄_i|`.
    pub item_mean_dev: f32,
    /// RDMA: mean `|r_ui − r̄_i| / n_i`.
    pub rdma: f32,
    /// Mean `ln(1 + n_i)` over the rated items.
    pub popularity: f32,
}

/// Item means and counts of the training data.
pub(crate) struct ItemMeans {
    pub mean: Vec<f32>,
    pub count: Vec<u32>,
}

impl ItemMeans {
    pub fn of(data: &Dataset) -> ItemMeans {
        let c = data.by_item();
        let (mean, count) = (0..c.rows())
            .map(|i| {
                let r = c.range(i);
                let n = r.len();
                let s: f64 = c.values.slice(r).iter().map(|v| v as f64).sum();
                ((if n > 0 { s / n as f64 } else { data.mu() as f64 }) as f32, n as u32)
            })
            .unzip();
        ItemMeans { mean, count }
    }
}

/// Statistics of every user of `data` under `model` (same index spaces).
pub fn user_stats(model: &Model, data: &Dataset, scale: RatingScale) -> Vec<UserStats> {
    let im = ItemMeans::of(data);
    let csr = data.by_user();
    (0..csr.rows())
        .into_par_iter()
        .with_min_len(16)
        .map(|u| {
            let items = &csr.indices[csr.range(u)];
            let ratings = csr.row_values(u);
            one_user(model, u, items, &ratings, &im, scale)
        })
        .collect()
}

fn one_user(model: &Model, u: usize, items: &[u32], ratings: &[f32], im: &ItemMeans, scale: RatingScale) -> UserStats {
    let n = items.len();
    if n == 0 {
        return UserStats::default();
    }
    let nf = n as f64;
    let mut res: Vec<f32> = items
        .iter()
        .zip(ratings)
        .map(|(&i, &r)| r - model.score(u, i as usize))
        .collect();
    let (rm, rv) = mean_var(res.iter().map(|&x| x as f64), nf);
    let (_, var) = mean_var(ratings.iter().map(|&x| x as f64), nf);
    let (mut dev, mut rdma, mut pop, mut ext) = (0.0f64, 0.0f64, 0.0f64, 0usize);
    for (&i, &r) in items.iter().zip(ratings) {
        let (m, c) = (im.mean[i as usize] as f64, im.count[i as usize].max(1) as f64);
        dev += (r as f64 - m).abs();
        rdma += (r as f64 - m).abs() / c;
        pop += (1.0 + c).ln();
        ext += scale.is_extreme(r) as usize;
    }
    UserStats {
        n: n as u32,
        residual_mean: rm as f32,
        residual_var: rv as f32,
        residual_mad: mad(&mut res),
        extreme_frac: (ext as f64 / nf) as f32,
        rating_var: var as f32,
        rating_entropy: entropy(ratings, scale),
        item_mean_dev: (dev / nf) as f32,
        rdma: (rdma / nf) as f32,
        popularity: (pop / nf) as f32,
    }
}

fn mean_var(xs: impl Iterator<Item = f64> + Clone, n: f64) -> (f64, f64) {
    let m = xs.clone().sum::<f64>() / n;
    (m, xs.map(|x| (x - m) * (x - m)).sum::<f64>() / n)
}

/// Median of a slice (sorted in place; total order, NaN-free input).
pub(crate) fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable_by(f32::total_cmp);
    let h = v.len() / 2;
    if v.len() % 2 == 1 {
        v[h]
    } else {
        0.5 * (v[h - 1] + v[h])
    }
}

/// Median absolute deviation from the median.
pub(crate) fn mad(v: &mut [f32]) -> f32 {
    let m = median(v);
    v.iter_mut().for_each(|x| *x = (*x - m).abs());
    median(v)
}

fn entropy(ratings: &[f32], scale: RatingScale) -> f32 {
    let bins = ((scale.max - scale.min) / scale.step).round() as usize + 1;
    let mut h = vec![0u32; bins.clamp(1, 64)];
    let last = h.len() - 1;
    for &r in ratings {
        h[(((r - scale.min) / scale.step).round().max(0.0) as usize).min(last)] += 1;
    }
    let n = ratings.len() as f64;
    -h.iter()
        .filter(|&&c| c > 0)
        .map(|&c| c as f64 / n * (c as f64 / n).ln())
        .sum::<f64>() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_mad_and_scale() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(mad(&mut [1.0, 1.0, 2.0, 2.0, 4.0, 6.0, 9.0]), 1.0);
        let s = RatingScale {
            min: 0.5,
            max: 5.0,
            step: 0.5,
        };
        assert!(s.is_extreme(5.0) && s.is_extreme(1.0) && !s.is_extreme(1.5) && !s.is_extreme(4.5));
        assert_eq!(s.snap(3.74), 3.5);
        assert_eq!(s.snap(9.0), 5.0);
        assert!(entropy(&[1.0, 1.0], s).abs() < 1e-6);
        assert!((entropy(&[1.0, 5.0], s) - 2f32.ln()).abs() < 1e-6);
    }
}
