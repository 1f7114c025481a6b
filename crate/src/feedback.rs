//! What the training values mean. Explicit ratings are fitted as numbers
//! (MODEL.md). Implicit feedback (plays, clicks, purchases) is fitted as
//! weighted matrix factorization (Hu, Koren & Volinsky, ICDM 2008): every
//! (user, item) pair has preference 1 if observed and 0 otherwise, weighted
//! by a confidence that grows with the observed count or weight `r`:
//!
//! ```text
//! L = Σ_observed c(r) (1 − p_u·q_i)² + Σ_unobserved (p_u·q_i)² + Σ_rows reg_row ‖x_row‖²
//! c(r) = 1 + alpha·r                  (linear)
//! c(r) = 1 + alpha·ln(1 + r/eps)      (log)
//! reg_row = lambda · W_row^nu,  W_row = n_other + Σ_observed (c − 1)
//! ```
//!
//! `W_row` is the row's total weight in the loss (every pair weighs 1, an
//! observed pair `c`). With `nu = 1` this is the frequency-scaled ridge of
//! Rendle, Krichene, Zhang & Koren, "Revisiting the Performance of iALS on
//! Item Recommendation Benchmarks" (RecSys 2022): their
//! `lambda (|I_u| + alpha0 |I|)` with unobserved weight `alpha0 = 1/alpha`,
//! written on this loss's scale. `nu = 0` is the constant ridge `lambda` of
//! the original paper and of `implicit`.

use crate::error::{Error, Result};

/// Ridge strength `lambda` of the implicit defaults (`tau` with `lambda = 1`
/// in `AlsParams`' parameterization).
pub const DEFAULT_IMPLICIT_REG: f32 = 0.01;

/// How observed values become confidences.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Confidence {
    /// `1 + alpha·r`.
    Linear,
    /// `1 + alpha·ln(1 + r/eps)`: heavy counts (thousands of plays) do not
    /// drown the rest of a user's row.
    Log { eps: f32 },
}

/// The implicit-feedback model's own hyperparameters (the ridge strength
/// `lambda` of the formula above is `AlsParams::reg_factors()`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImplicitParams {
    pub alpha: f32,
    pub confidence: Confidence,
    /// Exponent of the frequency scaling of the ridge (0 = constant ridge).
    pub nu: f32,
}

impl Default for ImplicitParams {
    /// `alpha = 3` (an observed event weighs 4 unobserved pairs) and the
    /// paper's frequency-scaled ridge (`nu = 1`): the best of a grid on
    /// MovieLens (docs/implicit.md).
    fn default() -> Self {
        ImplicitParams {
            alpha: 3.0,
            confidence: Confidence::Linear,
            nu: 1.0,
        }
    }
}

/// The loss a model is trained on; the model records it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Feedback {
    /// Ratings fitted as numbers, with biases (MODEL.md).
    #[default]
    Explicit,
    /// Events fitted as weighted preferences, no biases (the module doc).
    Implicit(ImplicitParams),
}

impl Feedback {
    pub fn implicit(&self) -> Option<&ImplicitParams> {
        match self {
            Feedback::Explicit => None,
            Feedback::Implicit(p) => Some(p),
        }
    }
}

impl ImplicitParams {
    /// The confidence `c(r)` of an observed value `r ≥ 0`.
    #[inline(always)]
    pub fn confidence(&self, r: f32) -> f32 {
        match self.confidence {
            Confidence::Linear => 1.0 + self.alpha * r,
            Confidence::Log { eps } => 1.0 + self.alpha * (r / eps).ln_1p(),
        }
    }

    /// The ridge of a row whose observed pairs add `extra = Σ (c − 1)` to
    /// the `n_other` unit weights, for the ridge strength `lambda`.
    #[inline]
    pub fn ridge(&self, lambda: f32, n_other: usize, extra: f64) -> f32 {
        if self.nu == 0.0 {
            return lambda;
        }
        (lambda as f64 * (n_other as f64 + extra).powf(self.nu as f64)) as f32
    }

    pub fn validate(&self) -> Result<()> {
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(Error::param("alpha", self.alpha, "a finite number >= 0"));
        }
        if let Confidence::Log { eps } = self.confidence {
            if !(eps.is_finite() && eps > 0.0) {
                return Err(Error::param("eps", eps, "a finite number > 0"));
            }
        }
        if !(self.nu.is_finite() && (0.0..=2.0).contains(&self.nu)) {
            return Err(Error::param("nu", self.nu, "a number in [0, 2]"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_and_ridge() {
        let p = ImplicitParams {
            alpha: 2.0,
            ..Default::default()
        };
        assert_eq!(p.confidence(3.0), 7.0);
        crate::params::AlsParams::implicit_defaults().validate().unwrap();
        let l = ImplicitParams {
            confidence: Confidence::Log { eps: 1.0 },
            ..p
        };
        assert!((l.confidence(std::f32::consts::E - 1.0) - 3.0).abs() < 1e-6);
        assert_eq!(p.ridge(0.5, 10, 6.0), 8.0);
        assert_eq!(ImplicitParams { nu: 0.0, ..p }.ridge(0.5, 10, 6.0), 0.5);
    }

    #[test]
    fn validation_names_the_parameter() {
        let name = |p: ImplicitParams| match p.validate() {
            Err(Error::InvalidParam { name, .. }) => name,
            other => panic!("{other:?}"),
        };
        let d = ImplicitParams::default();
        assert_eq!(name(ImplicitParams { alpha: -1.0, ..d }), "alpha");
        assert_eq!(name(ImplicitParams { nu: f32::NAN, ..d }), "nu");
        let log = Confidence::Log { eps: 0.0 };
        assert_eq!(name(ImplicitParams { confidence: log, ..d }), "eps");
        d.validate().unwrap();
    }
}
