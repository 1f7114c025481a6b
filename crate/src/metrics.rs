//! RMSE, MAE and the training objective. Every reduction runs over blocks
//! fixed by the data, summed in f64 within a block and then block by block
//! in order, so the numbers are identical on any thread count.

use rayon::prelude::*;

use crate::chunks::{balanced_bounds, ranges};
use crate::data::{CooRef, Dataset};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::simd::dot;

/// Error metrics over a set of ratings.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    pub rmse: f64,
    pub mae: f64,
    pub count: usize,
}

impl Metrics {
    pub(crate) fn from_sums(sse: f64, sae: f64, count: usize) -> Self {
        if count == 0 {
            return Metrics::default();
        }
        Metrics {
            rmse: (sse / count as f64).sqrt(),
            mae: sae / count as f64,
            count,
        }
    }
}

const BLOCKS: usize = 256;

/// Metrics of `model` on `data` (same index spaces), by user rows.
pub fn evaluate(model: &Model, data: &Dataset) -> Result<Metrics> {
    check_shape(model, data)?;
    let csr = data.by_user();
    let bounds = balanced_bounds(csr.indptr, 1, 1, BLOCKS);
    let sums: Vec<(f64, f64)> = ranges(&bounds)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|users| {
            let (mut sse, mut sae) = (0.0f64, 0.0f64);
            for u in users {
                let base = model.mu + model.user_bias[u];
                let p = model.p.row(u);
                for (i, r) in csr.row(u) {
                    let i = i as usize;
                    let e = (r - (base + model.item_bias[i] + dot(p, model.q.row(i)))) as f64;
                    sse += e * e;
                    sae += e.abs();
                }
            }
            (sse, sae)
        })
        .collect();
    let (sse, sae) = sums.iter().fold((0.0, 0.0), |a, s| (a.0 + s.0, a.1 + s.1));
    Ok(Metrics::from_sums(sse, sae, data.nnz()))
}

/// Metrics of `model` on COO triples (indices checked).
pub fn evaluate_coo(model: &Model, coo: CooRef) -> Result<Metrics> {
    coo.check_lengths()?;
    for (what, idx, len) in [
        ("user", coo.users, model.n_users()),
        ("item", coo.items, model.n_items()),
    ] {
        if let Some(&bad) = idx.iter().find(|&&x| x as usize >= len) {
            return Err(Error::IndexOutOfRange {
                what,
                index: bad as usize,
                len,
            });
        }
    }
    let block = 1 << 14;
    let sums: Vec<(f64, f64)> = (0..coo.len().div_ceil(block))
        .into_par_iter()
        .map(|b| {
            let (mut sse, mut sae) = (0.0f64, 0.0f64);
            for e in b * block..((b + 1) * block).min(coo.len()) {
                let err = (coo.ratings[e] - model.score(coo.users[e] as usize, coo.items[e] as usize)) as f64;
                sse += err * err;
                sae += err.abs();
            }
            (sse, sae)
        })
        .collect();
    let (sse, sae) = sums.iter().fold((0.0, 0.0), |a, s| (a.0 + s.0, a.1 + s.1));
    Ok(Metrics::from_sums(sse, sae, coo.len()))
}

/// The objective L of docs/model.md on the training set, with the ridge each row
/// actually gets (`AlsParams::ridge`) and, for the hierarchical model, the
/// genre term `(eta/2) Σ ‖w_g‖²` that the genre step minimises.
pub fn objective(model: &Model, train: &Dataset) -> Result<f64> {
    Ok(objective_from_fit(model, &evaluate(model, train)?))
}

/// The objective given the model's metrics on its training set (`evaluate`).
pub fn objective_from_fit(model: &Model, fit: &Metrics) -> f64 {
    let prm = &model.params;
    let sq = |v: &[f32]| v.iter().map(|&x| x as f64 * x as f64).sum::<f64>();
    let mut l = prm.lambda as f64 / 2.0 * fit.rmse * fit.rmse * fit.count as f64;
    for u in 0..model.n_users() {
        let (rf, rb) = prm.ridge(model.user_counts[u] as usize);
        l += rf as f64 / 2.0 * sq(model.p.row(u)) + rb as f64 / 2.0 * sq(&[model.user_bias[u]]);
    }
    let mut diff = vec![0.0f32; model.q.stride()];
    for i in 0..model.n_items() {
        let (rf, rb) = prm.ridge(model.item_counts[i] as usize);
        diff.copy_from_slice(model.q.row(i));
        if let Some(g) = &model.genre {
            diff.iter_mut().zip(g.prior.row(i)).for_each(|(d, &p)| *d -= p);
        }
        l += rf as f64 / 2.0 * sq(&diff) + rb as f64 / 2.0 * sq(&[model.item_bias[i]]);
    }
    if let Some(g) = &model.genre {
        l += prm.eta as f64 / 2.0 * sq(g.w.as_slice());
    }
    l
}

fn check_shape(model: &Model, data: &Dataset) -> Result<()> {
    for (what, expected, actual) in [
        ("users", model.n_users(), data.n_users()),
        ("items", model.n_items(), data.n_items()),
    ] {
        if expected != actual {
            return Err(Error::LengthMismatch { what, expected, actual });
        }
    }
    Ok(())
}
