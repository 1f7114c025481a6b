//! A user of an implicit-feedback model solved exactly from their events,
//! with the items fixed: the weighted ridge system of the user step
//! (`train::ials::row`, the loss in `feedback.rs`)
//!
//! ```text
//! A x = b,   A = YᵀY + Σ_j (c_j − 1) y_j y_jᵀ + reg I,   b = Σ_j c_j y_j
//! ```
//!
//! by a Cholesky factorization in f64 (as `implicit`'s `recalculate_user`
//! does, where training runs a few warm-started CG steps). The same system
//! splits a score over the user's events, as in `implicit`'s `explain`
//! (Hu, Koren & Volinsky 2008, section 5): with the refolded `x`,
//!
//! ```text
//! q_i · x = Σ_j c_j (q_iᵀ A⁻¹ y_j)
//! ```

use crate::error::{Error, Result};
use crate::feedback::ImplicitParams;
use crate::model::Model;
use crate::train::cholesky::{factor_upper, solve_upper, stride};
use crate::train::ials::gram;

/// `YᵀY` of a model's item factors (`k` rows of `stride(k)` values, f64),
/// shared by every user solved against the same items.
pub struct ItemGram {
    g: Vec<f64>,
}

/// One user's factored system `A = Uᵀ U`, ready to solve against.
pub(crate) struct UserSystem {
    u: Vec<f64>,
    /// `b = Σ_j c_j y_j` (`k` values).
    b: Vec<f64>,
    /// `c_j` of each event, in input order.
    pub conf: Vec<f64>,
}

impl Model {
    /// `YᵀY` of the item factors, reduced in a fixed order (the training
    /// step's `gram`): the same on any thread count.
    pub fn item_gram(&self) -> ItemGram {
        let (k, s4) = (self.k(), self.q.stride());
        let g32 = gram(&self.q);
        let s = stride(k);
        let mut g = vec![0.0f64; k * s];
        for r in 0..k {
            for c in 0..k {
                g[r * s + c] = g32[r * s4 + c] as f64;
            }
        }
        ItemGram { g }
    }

    /// The implicit parameters, or INVALID_PARAM for an explicit model.
    pub(crate) fn implicit_params(&self) -> Result<&ImplicitParams> {
        self.params
            .feedback
            .implicit()
            .ok_or_else(|| Error::param("feedback", "explicit", "a model trained on implicit feedback"))
    }

    /// The factored system of a user with events `items` of values `values`
    /// (`>= 0`, each item once: `check_fold_in` and `check_events`).
    pub(crate) fn user_system(&self, gram: &ItemGram, items: &[u32], values: &[f32]) -> Result<UserSystem> {
        let imp = self.implicit_params()?;
        let (k, s) = (self.k(), stride(self.k()));
        let mut a = gram.g.clone();
        let mut b = vec![0.0f64; k];
        let mut conf = Vec::with_capacity(items.len());
        let mut extra = 0.0f64;
        for (&j, &v) in items.iter().zip(values) {
            let c = imp.confidence(v) as f64;
            let y = &self.q.row(j as usize)[..k];
            for (r, &yr) in y.iter().enumerate() {
                b[r] += c * yr as f64;
                let w = (c - 1.0) * yr as f64;
                for (a, &yc) in a[r * s..r * s + k].iter_mut().zip(y) {
                    *a += w * yc as f64;
                }
            }
            extra += c - 1.0;
            conf.push(c);
        }
        let reg = imp.ridge(self.params.reg_factors(), self.n_items(), extra) as f64;
        (0..k).for_each(|d| a[d * s + d] += reg);
        if !factor_upper(&mut a, k) {
            return Err(Error::SolveFailed { side: "user", index: 0 });
        }
        Ok(UserSystem { u: a, b, conf })
    }

    /// `k` factors (padded to the model's stride) of a new user with events
    /// `items` / `values`, against the model's items.
    pub(crate) fn fold_in_events_with(&self, gram: &ItemGram, items: &[u32], values: &[f32]) -> Result<Vec<f32>> {
        let sys = self.user_system(gram, items, values)?;
        let mut x = sys.b.clone();
        solve_upper(&sys.u, &mut x, self.k());
        let mut out = vec![0.0f32; self.q.stride()];
        for (o, &v) in out.iter_mut().zip(&x) {
            *o = v as f32;
        }
        if out.iter().all(|v| v.is_finite()) {
            Ok(out)
        } else {
            Err(Error::NonFinite {
                stage: "fold-in",
                epoch: 0,
                index: 0,
            })
        }
    }

    /// `c_j (q_iᵀ A⁻¹ y_j)` for every event `j` of the user: the events'
    /// shares of the refolded user's score for item `i`.
    pub(crate) fn implicit_weights(&self, i: usize, items: &[u32], values: &[f32]) -> Result<Vec<f64>> {
        check_events(values)?;
        if self.k() == 0 || items.is_empty() {
            return Ok(vec![0.0; items.len()]);
        }
        let sys = self.user_system(&self.item_gram(), items, values)?;
        let k = self.k();
        let mut w: Vec<f64> = self.q.row(i)[..k].iter().map(|&v| v as f64).collect();
        solve_upper(&sys.u, &mut w, k);
        Ok(items
            .iter()
            .zip(&sys.conf)
            .map(|(&j, &c)| {
                let y = &self.q.row(j as usize)[..k];
                c * y.iter().zip(&w).map(|(&y, &w)| y as f64 * w).sum::<f64>()
            })
            .collect())
    }
}

/// Event values are counts or weights: finite and `>= 0`.
pub(crate) fn check_events(values: &[f32]) -> Result<()> {
    match values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        None => Ok(()),
        Some(e) => Err(Error::param(
            "event value",
            format!("{} (event #{e})", values[e]),
            "a finite number >= 0",
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::test_models::trained_implicit;

    #[test]
    fn refolding_a_training_user_lands_near_its_factors() {
        let (m, train) = trained_implicit(8, 30);
        let g = m.item_gram();
        let csr = train.by_user();
        for u in [0usize, 7, 19] {
            let r = csr.range(u);
            let x = m
                .fold_in_events_with(&g, &csr.indices[r.clone()], &csr.row_values(u))
                .unwrap();
            let p = m.p.row(u);
            let diff: f32 = x.iter().zip(p).map(|(a, b)| (a - b) * (a - b)).sum::<f32>().sqrt();
            let norm: f32 = p.iter().map(|v| v * v).sum::<f32>().sqrt();
            assert!(diff < 0.05 * norm.max(1e-3), "user {u}: {diff} vs |p| {norm}");
        }
    }

    #[test]
    fn weights_sum_to_the_refolded_score() {
        let (m, train) = trained_implicit(6, 20);
        let csr = train.by_user();
        let r = csr.range(3);
        let (items, decoded) = (&csr.indices[r.clone()], csr.row_values(3));
        let values = &*decoded;
        let x = m.fold_in_events_with(&m.item_gram(), items, values).unwrap();
        for i in [0usize, 4, 11] {
            let w = m.implicit_weights(i, items, values).unwrap();
            let refolded: f64 = m.q.row(i).iter().zip(&x).map(|(&a, &b)| a as f64 * b as f64).sum();
            assert!((w.iter().sum::<f64>() - refolded).abs() < 1e-4, "item {i}");
        }
        assert_eq!(
            m.implicit_weights(0, &[1], &[-1.0]).unwrap_err().code(),
            "INVALID_PARAM"
        );
    }

    #[test]
    fn explain_splits_the_score_over_the_events() {
        let (m, train) = trained_implicit(6, 20);
        let csr = train.by_user();
        let r = csr.range(5);
        let (items, decoded) = (&csr.indices[r.clone()], csr.row_values(5));
        let values = &*decoded;
        let e = m.explain(5, 2, items, values, usize::MAX).unwrap();
        let sum: f64 = e.contributions.iter().map(|c| c.weight as f64).sum();
        assert!((sum + e.residual as f64 - e.factor_score as f64).abs() < 1e-5);
        assert!(
            e.residual.abs() < 0.05 * (0.1 + e.factor_score.abs()),
            "residual {}",
            e.residual
        );
        assert_eq!((e.mu, e.user_bias, e.item_bias), (0.0, 0.0, 0.0));
        assert_eq!(e.contributions.len(), items.len());
        assert!(e
            .contributions
            .windows(2)
            .all(|w| w[0].weight.abs() >= w[1].weight.abs()));
    }
}
