//! The genre embeddings' Gibbs draw. Item `i`'s prior mean is the average
//! of its genres' embeddings, `prior_i = A_i w` (`A_i` puts `1/|G_i|` on
//! each genre of `i`), and `w_g ~ N(0, 1/eta)`. Given the items' factors,
//! each factor coordinate `f` of the embeddings is then an exact Bayesian
//! linear regression with `ng` unknowns:
//!
//! ```text
//! w_·f | q ~ N( P⁻¹ lambda_f Σ_i A_iᵀ q_if,  P⁻¹ ),  P = lambda_f Σ_i A_iᵀ A_i + eta I
//! ```
//!
//! (ALS's genre step treats each item as wholly in each of its genres; the
//! sampler uses the exact conditional). `ng` is small (20 for MovieLens), so
//! this is `K` tiny Cholesky solves per sweep, with the same kernels.

use super::super::cholesky::{self, back_substitute, factor_upper, solve_upper};
use crate::data::ItemGenres;
use crate::factors::Factors;
use crate::rng::SplitMix64;

/// `Σ_i A_iᵀ A_i` (ng × ng, full, f64), fixed by the genre lists.
pub(crate) fn genre_gram(genres: &ItemGenres) -> Vec<f64> {
    let ng = genres.n_genres();
    let mut g = vec![0.0; ng * ng];
    for i in 0..genres.n_items() {
        let gs = genres.genres_of(i);
        let a = 1.0 / gs.len().max(1) as f64;
        for &x in gs {
            for &y in gs {
                g[x as usize * ng + y as usize] += a * a;
            }
        }
    }
    g
}

/// Draw every `w_g` (rows of `w`) given the item factors `q`, the factor
/// precisions `lambda` (K) and the embeddings' precision `eta`.
pub(crate) fn draw_genres(
    genres: &ItemGenres,
    gram: &[f64],
    q: &Factors,
    lambda: &[f64],
    eta: f64,
    rng: &mut SplitMix64,
    w: &mut Factors,
) {
    let (ng, k, ms) = (genres.n_genres(), q.k(), cholesky::stride(genres.n_genres()));
    // rhs_f = Σ_i A_iᵀ q_if, all coordinates at once (items in order).
    let mut rhs = vec![0.0f64; ng * k];
    for i in 0..genres.n_items() {
        let gs = genres.genres_of(i);
        let a = 1.0 / gs.len().max(1) as f64;
        for &g in gs {
            let row = &mut rhs[g as usize * k..(g as usize + 1) * k];
            row.iter_mut().zip(q.row(i)).for_each(|(s, &v)| *s += a * v as f64);
        }
    }
    let (mut m, mut x, mut eps) = (vec![0.0; ng * ms], vec![0.0; ng], vec![0.0; ng]);
    for f in 0..k {
        for a in 0..ng {
            let row = &mut m[a * ms..(a + 1) * ms];
            row.fill(0.0);
            for b in a..ng {
                row[b] = lambda[f] * gram[a * ng + b];
            }
            row[a] += eta;
            x[a] = lambda[f] * rhs[a * k + f];
        }
        // P is positive definite (eta > 0); a failure leaves w as it is.
        if !factor_upper(&mut m, ng) {
            continue;
        }
        solve_upper(&m, &mut x, ng);
        eps.iter_mut().for_each(|e| *e = rng.normal());
        back_substitute(&m, &mut eps, ng);
        for g in 0..ng {
            w.row_mut(g)[f] = (x[g] + eps[g]) as f32;
        }
    }
}
