//! Hyperparameters, in the reference implementation's parameterization (see MODEL.md):
//!
//! ```text
//! L = (lambda/2) Σ (r − r̂)² + (tau/2)(Σ‖p_u‖² + Σ‖q_i − prior_i‖²) + (gamma/2)(Σ b_u² + Σ b_i²)
//! ```
//!
//! Only ratios matter: dividing L by lambda gives the conventional form with
//! `reg_factors = tau / lambda` and `reg_bias = gamma / lambda` (and the genre
//! ridge `eta / lambda`), which [`AlsParams::conventional`] builds with
//! `lambda = 1`. Both give the same updates and the same fixed points. Spark
//! calls K `rank` and reg_factors `regParam`; implicit calls them `factors`
//! and `regularization`.

use crate::error::{Error, Result};
pub use crate::feedback::{Confidence, Feedback, ImplicitParams};

/// How the ridge strengths depend on a row's number of ratings `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regularization {
    /// The same factor ridge `tau` and bias ridge `gamma` for every row
    /// (the reference implementation's).
    Uniform,
    /// ALS-WR (Zhou et al. 2008): factor ridge `tau · n` and bias ridge
    /// `gamma · n`, so heavy rows are not under-regularized relative to
    /// light ones and accuracy keeps improving with K.
    Scaled,
    /// Factor ridge `tau · n` (ALS-WR), bias ridge `gamma` (the reference implementation's), so
    /// biases of rows with few ratings still shrink towards zero.
    ScaledFactors,
}

/// How each row's K×K ridge system is solved during training.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Solver {
    /// Exactly: f64 Cholesky of every row's system.
    Cholesky,
    /// `steps` conjugate-gradient steps warm-started from the row's current
    /// factor (Takács et al. 2011), in f32: O(K²) per step instead of O(K³).
    Cg { steps: u32 },
}

/// Parameters of one training run. `Default` gives the library's defaults
/// (chosen by validation RMSE, docs/accuracy.md); [`AlsParams::reference`]
/// the reference implementation's parameterization.
#[derive(Clone, Debug, PartialEq)]
pub struct AlsParams {
    /// Latent factors K. `0` trains the bias-only model `mu + b_u + b_i`.
    pub k: usize,
    /// Weight of the squared error.
    pub lambda: f32,
    /// Ridge on the biases.
    pub gamma: f32,
    /// Ridge on the factors (towards the genre prior for items).
    pub tau: f32,
    /// Ridge on the genre embeddings `w_g`.
    pub eta: f32,
    /// Number of epochs (user step, item step, genre step).
    pub epochs: usize,
    /// Seed of the initial factors.
    pub seed: u64,
    pub regularization: Regularization,
    /// Shrink items towards the mean embedding of their genres.
    pub genre_prior: bool,
    /// Three warm-started CG steps by default: the same test RMSE as the
    /// exact solve to four decimals on MovieLens, at a fraction of the cost.
    pub solver: Solver,
    /// Explicit ratings (the default) or implicit events (`feedback.rs`).
    pub feedback: Feedback,
}

/// The defaults: ALS-WR on the factors (ridge `tau · n`), a constant bias
/// ridge, K=64, in the conventional form (`lambda = 1`). They won on
/// validation RMSE on ml-latest-small and on planted MovieLens-shaped sets
/// (docs/accuracy.md), and give a one-rating user a real taste vector.
/// `genre_prior` stays off here: the callers switch it on when genres are
/// known.
impl Default for AlsParams {
    fn default() -> Self {
        AlsParams {
            k: 64,
            lambda: 1.0,
            gamma: DEFAULT_REG_BIAS,
            tau: DEFAULT_REG_FACTORS,
            eta: DEFAULT_REG_GENRE,
            regularization: Regularization::ScaledFactors,
            ..AlsParams::reference()
        }
    }
}

/// Default factor ridge per rating (`tau` with `lambda = 1`, ALS-WR).
pub const DEFAULT_REG_FACTORS: f32 = 0.15;
/// Default bias ridge (`gamma` with `lambda = 1`).
pub const DEFAULT_REG_BIAS: f32 = 2.0;
/// Default ridge on the genre embeddings (`eta` with `lambda = 1`).
pub const DEFAULT_REG_GENRE: f32 = 0.25;

impl AlsParams {
    /// The reference implementation's parameterization (`preset: 'seed'`):
    /// K=20, lambda 0.002, gamma 0.015, tau 0.05, eta 0.01, the same ridge
    /// for every row, 30 epochs, seed 42, no genre prior.
    pub fn reference() -> Self {
        AlsParams {
            k: 20,
            lambda: 0.002,
            gamma: 0.015,
            tau: 0.05,
            eta: 0.01,
            epochs: 30,
            seed: 42,
            regularization: Regularization::Uniform,
            genre_prior: false,
            solver: Solver::Cg {
                steps: DEFAULT_CG_STEPS,
            },
            feedback: Feedback::Explicit,
        }
    }
}

/// Most CG steps accepted (K steps solve exactly in exact arithmetic).
pub const MAX_CG_STEPS: u32 = 255;

/// CG steps per row by default. Warm-started from the previous epoch, two
/// steps give the exact solve's test RMSE to four decimals on MovieLens (every
/// epoch, every configuration measured; README "Parameters").
pub const DEFAULT_CG_STEPS: u32 = 2;

/// Largest K accepted (the K×K solve is per row; far beyond useful ranks).
pub const MAX_K: usize = 1024;

impl AlsParams {
    /// Conventional parameterization: `lambda = 1`, `tau = reg_factors`,
    /// `gamma = reg_bias`; the other fields (the genre ridge as a ratio
    /// included) are the reference parameterization's.
    pub fn conventional(k: usize, reg_factors: f32, reg_bias: f32) -> Self {
        let d = AlsParams::reference();
        AlsParams {
            k,
            lambda: 1.0,
            tau: reg_factors,
            gamma: reg_bias,
            eta: d.eta / d.lambda,
            ..d
        }
    }

    /// Factor ridge `tau / lambda` (25 for the defaults).
    pub fn reg_factors(&self) -> f32 {
        self.tau / self.lambda
    }

    /// Bias ridge `gamma / lambda` (7.5 for the defaults).
    pub fn reg_bias(&self) -> f32 {
        self.gamma / self.lambda
    }

    /// The `(factor, bias)` ridge of a row with `n` ratings.
    #[inline]
    pub fn ridge(&self, n: usize) -> (f32, f32) {
        let n = n as f32;
        match self.regularization {
            Regularization::Uniform => (self.tau, self.gamma),
            Regularization::Scaled => (self.tau * n, self.gamma * n),
            Regularization::ScaledFactors => (self.tau * n, self.gamma),
        }
    }

    pub fn validate(&self) -> Result<()> {
        if self.k > MAX_K {
            return Err(Error::param("k", self.k, "0 (bias-only) ..= 1024"));
        }
        positive("lambda", self.lambda)?;
        if self.k > 0 {
            positive("tau", self.tau)?;
        } else {
            non_negative("tau", self.tau)?;
        }
        non_negative("gamma", self.gamma)?;
        non_negative("eta", self.eta)?;
        if self.epochs == 0 {
            return Err(Error::param("epochs", 0, "at least 1"));
        }
        if let Solver::Cg { steps } = self.solver {
            if !(1..=MAX_CG_STEPS).contains(&steps) {
                return Err(Error::param("cg_steps", steps, "1 ..= 255"));
            }
        }
        if let Feedback::Implicit(imp) = &self.feedback {
            imp.validate()?;
            if self.k == 0 {
                return Err(Error::param("k", 0, "at least 1 for implicit feedback"));
            }
            if self.genre_prior {
                return Err(Error::param("genre_prior", true, "false for implicit feedback"));
            }
        }
        Ok(())
    }
}

fn positive(name: &'static str, v: f32) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, v, "a finite number > 0"))
    }
}

fn non_negative(name: &'static str, v: f32) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, v, "a finite number >= 0"))
    }
}

impl AlsParams {
    /// Defaults for implicit feedback, following Rendle et al.'s advice
    /// (frequency-scaled ridge, about 16 epochs, a large K) with the ridge
    /// and `alpha` tuned on MovieLens: K = 64, 16 epochs, ridge 0.01, `nu = 1`,
    /// `alpha = 3`, three CG steps per row (as `implicit`).
    pub fn implicit_defaults() -> AlsParams {
        AlsParams {
            epochs: 16,
            solver: Solver::Cg { steps: 3 },
            feedback: Feedback::Implicit(ImplicitParams::default()),
            ..AlsParams::conventional(64, crate::feedback::DEFAULT_IMPLICIT_REG, 0.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_als_wr_k64() {
        let p = AlsParams::default();
        assert_eq!((p.k, p.epochs, p.seed, p.lambda), (64, 30, 42, 1.0));
        assert_eq!(p.regularization, Regularization::ScaledFactors);
        assert!(!p.genre_prior);
        p.validate().unwrap();
    }

    #[test]
    fn reference_is_the_seed() {
        let p = AlsParams::reference();
        assert_eq!((p.k, p.epochs, p.seed), (20, 30, 42));
        assert!((p.reg_factors() - 25.0).abs() < 1e-4);
        assert!((p.reg_bias() - 7.5).abs() < 1e-4);
        p.validate().unwrap();
    }

    #[test]
    fn conventional_maps_ratios() {
        let c = AlsParams::conventional(20, 25.0, 7.5);
        let s = AlsParams::reference();
        assert_eq!(c.lambda, 1.0);
        assert!((c.reg_factors() - s.reg_factors()).abs() < 1e-4);
        assert!((c.reg_bias() - s.reg_bias()).abs() < 1e-4);
        assert!((c.eta / c.lambda - s.eta / s.lambda).abs() < 1e-4);
    }

    #[test]
    fn validation_names_the_parameter() {
        let bad = |p: AlsParams| match p.validate() {
            Err(Error::InvalidParam { name, .. }) => name,
            other => panic!("expected InvalidParam, got {other:?}"),
        };
        assert_eq!(
            bad(AlsParams {
                lambda: 0.0,
                ..Default::default()
            }),
            "lambda"
        );
        assert_eq!(
            bad(AlsParams {
                tau: f32::NAN,
                ..Default::default()
            }),
            "tau"
        );
        assert_eq!(
            bad(AlsParams {
                gamma: -1.0,
                ..Default::default()
            }),
            "gamma"
        );
        assert_eq!(
            bad(AlsParams {
                epochs: 0,
                ..Default::default()
            }),
            "epochs"
        );
        assert_eq!(
            bad(AlsParams {
                k: 5000,
                ..Default::default()
            }),
            "k"
        );
        AlsParams {
            k: 0,
            tau: 0.0,
            ..Default::default()
        }
        .validate()
        .unwrap();
    }
}
