//! Why a training user gets a score: `score = mu + b_u + b_i + q_i·p_u`,
//! with the factor part split over the items the user rated.
//!
//! The user step solves `A_u p_u = lambda Σ_j z_j q_j` with
//! `A_u = lambda Σ_j q_j q_jᵀ + reg I` and `z_j = r_uj − mu − b_u − b_j`
//! (docs/model.md; `reg` is the factor ridge for `|I_u|` ratings). So the user
//! refolded against the current items has
//!
//! ```text
//! q_i · p_u = Σ_j lambda z_j (q_iᵀ A_u⁻¹ q_j) = Σ_j contribution_j
//! ```
//!
//! (implicit's `explain`, for explicit ratings). The stored `p_u` comes from
//! the last user step, before the last item step moved the items, so the
//! sum differs from `q_i·p_u` by a small `residual`, reported as it is.
//!
//! An implicit-feedback model has no mean or biases, and its weights are
//! `c_j q_iᵀ A_u⁻¹ q_j` over the user's events (`implicit_user`); `rating`
//! is then the event's value.

use std::cmp::Ordering;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::simd::dot;
use crate::train::cholesky::{factor_upper, solve_upper, stride};

/// What one rated item adds to the factor part of the score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Contribution {
    /// Dense item index.
    pub item: u32,
    /// The user's training rating of it.
    pub rating: f32,
    /// `lambda (r_uj − mu − b_u − b_j) q_iᵀ A_u⁻¹ q_j`.
    pub weight: f32,
}

/// A score taken apart (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// `mu + b_u + b_i + factor_score`, exactly `Model::predict`.
    pub score: f32,
    pub mu: f32,
    pub user_bias: f32,
    pub item_bias: f32,
    /// `p_u · q_i` of the stored user factors.
    pub factor_score: f32,
    /// The largest `|weight|` first (ties: lower item first), at most `n`.
    pub contributions: Vec<Contribution>,
    /// `factor_score − Σ weight` over all rated items (not only the top `n`).
    pub residual: f32,
}

impl Model {
    /// Explain user `u`'s score for item `i`, given the user's training
    /// ratings (`items[e]` rated `ratings[e]`).
    pub fn explain(&self, u: u32, i: u32, items: &[u32], ratings: &[f32], n: usize) -> Result<Explanation> {
        self.check_user(u)?;
        self.check_item(i)?;
        if items.len() != ratings.len() {
            return Err(Error::LengthMismatch {
                what: "ratings (one per item)",
                expected: items.len(),
                actual: ratings.len(),
            });
        }
        items.iter().try_for_each(|&j| self.check_item(j))?;
        let (u, iu) = (u as usize, i as usize);
        let weights = match self.params.feedback.implicit() {
            Some(_) => self.implicit_weights(iu, items, ratings)?,
            None => self.weights(u, iu, items, ratings)?,
        };
        let factor_score = dot(self.p.row(u), self.q.row(iu));
        let total: f64 = weights.iter().sum();
        let mut contributions: Vec<Contribution> = items
            .iter()
            .zip(ratings)
            .zip(&weights)
            .map(|((&item, &rating), &w)| Contribution {
                item,
                rating,
                weight: w as f32,
            })
            .collect();
        contributions.sort_by(by_magnitude);
        contributions.truncate(n);
        Ok(Explanation {
            score: self.score(u, iu),
            mu: self.mu,
            user_bias: self.user_bias[u],
            item_bias: self.item_bias[iu],
            factor_score,
            contributions,
            residual: (factor_score as f64 - total) as f32,
        })
    }

    /// `lambda z_j q_iᵀ A_u⁻¹ q_j` for every rated `j`, in f64.
    fn weights(&self, u: usize, i: usize, items: &[u32], ratings: &[f32]) -> Result<Vec<f64>> {
        let k = self.k();
        if k == 0 || items.is_empty() {
            return Ok(vec![0.0; items.len()]);
        }
        let lambda = self.params.lambda as f64;
        let reg = self.params.ridge(items.len()).0 as f64;
        let s = stride(k);
        let mut a = vec![0.0f64; k * s];
        for &j in items {
            let qj = &self.q.row(j as usize)[..k];
            for (r, &x) in qj.iter().enumerate() {
                for (c, &y) in qj.iter().enumerate() {
                    a[r * s + c] += lambda * x as f64 * y as f64;
                }
            }
        }
        (0..k).for_each(|d| a[d * s + d] += reg);
        let mut x: Vec<f64> = self.q.row(i)[..k].iter().map(|&v| v as f64).collect();
        if !factor_upper(&mut a, k) {
            return Err(Error::SolveFailed { side: "user", index: u });
        }
        solve_upper(&a, &mut x, k);
        let base = (self.mu + self.user_bias[u]) as f64;
        Ok(items
            .iter()
            .zip(ratings)
            .map(|(&j, &r)| {
                let qj = &self.q.row(j as usize)[..k];
                let z = r as f64 - base - self.item_bias[j as usize] as f64;
                lambda * z * qj.iter().zip(&x).map(|(&q, &x)| q as f64 * x).sum::<f64>()
            })
            .collect())
    }
}

fn by_magnitude(a: &Contribution, b: &Contribution) -> Ordering {
    b.weight.abs().total_cmp(&a.weight.abs()).then(a.item.cmp(&b.item))
}

#[cfg(test)]
mod tests {
    use crate::test_models::trained;

    #[test]
    fn contributions_add_up_and_are_sorted() {
        let (m, train) = trained(4, 25, false);
        let csr = train.by_user();
        for u in [0usize, 5, 17] {
            let r = csr.range(u);
            let (items, decoded) = (&csr.indices[r.clone()], csr.row_values(u));
            let ratings = &*decoded;
            for i in [0u32, 3, 29] {
                let all = m.explain(u as u32, i, items, ratings, usize::MAX).unwrap();
                let sum: f64 = all.contributions.iter().map(|c| c.weight as f64).sum();
                assert!((sum + all.residual as f64 - all.factor_score as f64).abs() < 1e-5);
                assert!(
                    all.residual.abs() < 0.02 * (1.0 + all.factor_score.abs()),
                    "residual {}",
                    all.residual
                );
                assert_eq!(all.score, m.predict(u as u32, i).unwrap());
                assert_eq!(all.contributions.len(), items.len());
                let top = m.explain(u as u32, i, items, ratings, 3).unwrap();
                assert_eq!(top.contributions[..], all.contributions[..3]);
                assert!(top
                    .contributions
                    .windows(2)
                    .all(|w| w[0].weight.abs() >= w[1].weight.abs()));
            }
        }
    }

    #[test]
    fn refolded_user_has_no_residual() {
        // Item 29 is rated by no one, so it is not part of A_u: with q_29 = e_d,
        // the weights sum to coordinate d of the refold A_u⁻¹ lambda Σ z_j q_j.
        let (mut m, train) = trained(3, 5, false);
        let csr = train.by_user();
        let r = csr.range(2);
        let (items, decoded) = (&csr.indices[r.clone()], csr.row_values(2));
        let ratings = &*decoded;
        assert!(!items.contains(&29));
        let refold: Vec<f32> = (0..3)
            .map(|d| {
                m.q.row_mut(29).fill(0.0);
                m.q.row_mut(29)[d] = 1.0;
                let e = m.explain(2, 29, items, ratings, 0).unwrap();
                e.factor_score - e.residual
            })
            .collect();
        m.p.row_mut(2)[..3].copy_from_slice(&refold);
        let e = m.explain(2, 7, items, ratings, 100).unwrap();
        assert!(e.residual.abs() < 1e-5, "residual {}", e.residual);
    }

    #[test]
    fn checks_its_input() {
        let (m, _) = trained(2, 1, false);
        assert_eq!(m.explain(99, 0, &[], &[], 5).unwrap_err().code(), "INDEX_OUT_OF_RANGE");
        assert_eq!(m.explain(0, 0, &[1], &[], 5).unwrap_err().code(), "LENGTH_MISMATCH");
        let e = m.explain(0, 0, &[], &[], 5).unwrap();
        assert_eq!((e.contributions.len(), e.residual), (0, e.factor_score));
    }
}
