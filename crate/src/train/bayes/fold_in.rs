//! A new user under a Bayesian model: the posterior of `(b_u, p_u)` given a
//! few ratings, with the items at their posterior means, the noise at its
//! posterior mean and the user prior at the posterior-mean precisions
//! (`posterior::Posterior`). Alternating the two conditional means (the
//! sampler's row update without noise) converges to the joint posterior
//! mean; the variances are those of the conditionals, `1 / (alpha n +
//! lambda_b)` and the diagonal of `(alpha Σ q qᵀ + diag(lambda))⁻¹`.

use super::draw::{mean_row, Draw};
use crate::data::csr::{CsrRef, Vals};
use crate::error::{Error, Result};
use crate::infer::FoldIn;
use crate::model::Model;
use crate::params::Solver;
use crate::posterior::Posterior;
use crate::simd::padded;
use crate::train::cholesky::{self, inverse_diag};
use crate::train::{RowError, RowInputs, RowScratch};

/// Alternations of the two conditional means: the fold-in system is tiny.
const SWEEPS: usize = 25;

/// The folded-in user and the variances of its bias and factors (`K + 1`).
pub(crate) fn fold_in_posterior(
    m: &Model,
    post: &Posterior,
    items: &[u32],
    ratings: &[f32],
) -> Result<(FoldIn, Vec<f32>)> {
    let k = m.k();
    let indptr = [0, items.len() as u32];
    let inp = RowInputs {
        csr: CsrRef {
            indptr: &indptr,
            indices: items,
            values: Vals::F32(ratings),
        },
        other_f: &m.q,
        other_h: None,
        other_b: &m.item_bias,
        prior: None,
        mu: m.mu,
        params: &m.params,
        solver: Solver::Cholesky,
    };
    let factor_prec: Vec<f64> = post.user_prec.iter().map(|&v| v as f64).collect();
    let d = Draw {
        alpha: 1.0 / (post.noise_var as f64).max(f64::MIN_POSITIVE),
        bias_prec: post.user_bias_prec as f64,
        factor_prec: &factor_prec,
        seed: 0,
        tag: 0,
        sweep: 0,
    };
    let (mut x, mut bias, mut sc) = (vec![0.0f32; padded(k)], 0.0f32, RowScratch::new(k));
    let mut bias_prec = d.bias_prec;
    for _ in 0..SWEEPS {
        bias_prec = mean_row(&d, &inp, 0, &mut x, &mut bias, &mut sc).map_err(|e| match e {
            RowError::NonFinite => Error::NonFinite {
                stage: "fold-in",
                epoch: 0,
                index: 0,
            },
            RowError::SolveFailed => Error::SolveFailed { side: "user", index: 0 },
        })?;
    }
    let mut var = vec![(1.0 / bias_prec) as f32];
    let mut diag = vec![0.0f64; k];
    if k > 0 {
        inverse_diag(&sc.m[..k * cholesky::stride(k)], k, &mut diag);
    }
    var.extend(diag.iter().map(|&v| v as f32));
    x.truncate(k);
    Ok((FoldIn { bias, factors: x }, var))
}
