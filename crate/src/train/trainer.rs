//! The training state and its steps, for callers that drive epochs
//! themselves (benchmarks, the wasm layer's progress loop). `fit` is the
//! usual entry point. One epoch = priors (hierarchical only), user step,
//! item step, genre step (hierarchical only).

use std::sync::atomic::AtomicBool;

use super::ials;
use super::init::normal_factors;
use super::prior::{compute_priors, genre_step};
use super::row_scratch::RowInputs;
use super::step::{plan, solve_side, StepSite};
use crate::data::{Dataset, ItemGenres};
use crate::error::{Error, Result};
use crate::factors::Factors;
use crate::half_factors::{self, HalfFactors};
use crate::metrics::Metrics;
use crate::model::{GenreFactors, Model};
use crate::params::{AlsParams, Solver};
use crate::rng::tag;

/// What one epoch took (seconds) and, when asked for, the train metrics.
#[derive(Clone, Copy, Debug)]
pub struct EpochRun {
    pub user_step: f64,
    pub item_step: f64,
    pub train: Option<Metrics>,
}

pub struct Trainer<'a> {
    data: &'a Dataset,
    genres: Option<&'a ItemGenres>,
    model: Model,
    user_plan: Vec<usize>,
    item_plan: Vec<usize>,
    epoch: usize,
    cancel: Option<&'a AtomicBool>,
    /// The f16 copy of the side the CG solve gathers from (`half_factors`),
    /// rebuilt before each half step; one buffer serves both sides.
    half: HalfFactors,
}

impl<'a> Trainer<'a> {
    /// Validate and initialise (factors ~ N(0, 0.01²), biases 0). `genres`
    /// is required when `params.genre_prior` is set, ignored otherwise.
    pub fn new(data: &'a Dataset, params: &AlsParams, genres: Option<&'a ItemGenres>) -> Result<Self> {
        params.validate()?;
        if data.nnz() == 0 {
            return Err(Error::param("ratings", 0, "at least one training rating"));
        }
        let genres = if params.genre_prior {
            Some(check_genres(genres, data)?)
        } else {
            None
        };
        let implicit = params.feedback.implicit().is_some();
        if implicit {
            check_events(data)?;
        }
        let (k, seed) = (params.k, params.seed);
        let genre = genres.map(|g| GenreFactors {
            w: normal_factors(g.n_genres(), k, seed, tag::GENRE_FACTORS),
            prior: Factors::zeros(data.n_items(), k),
        });
        let model = Model {
            params: params.clone(),
            // The implicit model scores p_u·q_i alone (no mean, no biases).
            mu: if implicit { 0.0 } else { data.mu() },
            user_bias: vec![0.0; data.n_users()],
            item_bias: vec![0.0; data.n_items()],
            p: normal_factors(data.n_users(), k, seed, tag::USER_FACTORS),
            q: normal_factors(data.n_items(), k, seed, tag::ITEM_FACTORS),
            genre,
            user_counts: data.user_counts(),
            item_counts: data.item_counts(),
            posterior: None,
        };
        let (user_plan, item_plan) = (
            plan(data.by_user(), k, params.solver),
            plan(data.by_item(), k, params.solver),
        );
        Ok(Trainer {
            data,
            genres,
            model,
            user_plan,
            item_plan,
            epoch: 0,
            cancel: None,
            half: HalfFactors::default(),
        })
    }

    /// A flag checked between blocks of rows; setting it makes the running
    /// step fail with `Error::Cancelled`.
    pub fn set_cancel_flag(&mut self, flag: &'a AtomicBool) {
        self.cancel = Some(flag);
    }

    /// Completed epochs.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// The current state. After a failed step it is partly updated; `fit`
    /// never publishes such a state.
    pub fn model(&self) -> &Model {
        &self.model
    }

    pub(crate) fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    /// Publish the current state as a model.
    pub fn into_model(self) -> Model {
        self.model
    }

    /// One full epoch.
    pub fn run_epoch(&mut self) -> Result<()> {
        self.run_epoch_timed(|| 0.0, false).map(|_| ())
    }

    /// One full epoch; returns the seconds of its user and item halves by
    /// `clock` and, with `score_train`, the train metrics of the new model,
    /// taken from the item step's own pass over the ratings.
    pub fn run_epoch_timed(&mut self, clock: fn() -> f64, score_train: bool) -> Result<EpochRun> {
        let t0 = clock();
        self.update_priors();
        self.user_step()?;
        let t1 = clock();
        let (sse, sae) = self.item_step_scored(score_train)?;
        self.genre_step()?;
        let t2 = clock();
        self.epoch += 1;
        Ok(EpochRun {
            user_step: t1 - t0,
            item_step: t2 - t1,
            // Implicit models have no rating residuals to score.
            train: (score_train && self.model.params.feedback.implicit().is_none())
                .then(|| Metrics::from_sums(sse, sae, self.data.nnz())),
        })
    }

    /// `prior_i` from the current `w_g` (no-op for the plain model).
    pub fn update_priors(&mut self) {
        if let (Some(g), Some(gf)) = (self.genres, self.model.genre.as_mut()) {
            compute_priors(g, &gf.w, &mut gf.prior);
        }
    }

    /// Every user: `b_u`, then `p_u`, with the item side fixed.
    pub fn user_step(&mut self) -> Result<()> {
        if self.model.params.feedback.implicit().is_some() {
            let site = self.site("user step", "user");
            let m = &mut self.model;
            let (csr, plan) = (self.data.by_user(), &self.user_plan);
            return ials::solve_side(csr, &m.q, &mut m.p, plan, &m.params, self.cancel, &site);
        }
        let m = &mut self.model;
        let inp = RowInputs {
            csr: self.data.by_user(),
            other_f: &m.q,
            other_h: half_copy(&mut self.half, &m.q, m.params.solver),
            other_b: &m.item_bias,
            prior: None,
            mu: m.mu,
            params: &m.params,
            solver: m.params.solver,
        };
        let site = StepSite {
            stage: "user step",
            side: "user",
            epoch: self.epoch + 1,
        };
        solve_side(
            &inp,
            &self.user_plan,
            &mut m.p,
            &mut m.user_bias,
            self.cancel,
            &site,
            false,
        )
        .map(|_| ())
    }

    /// Every item: `b_i`, then `q_i` towards its prior, with users fixed.
    pub fn item_step(&mut self) -> Result<()> {
        self.item_step_scored(false).map(|_| ())
    }

    /// The item step; with `score`, `(Σ e², Σ |e|)` over all ratings after
    /// it (the user side is already updated, so this is the new model's).
    fn item_step_scored(&mut self, score: bool) -> Result<(f64, f64)> {
        if self.model.params.feedback.implicit().is_some() {
            let site = self.site("item step", "item");
            let m = &mut self.model;
            let (csr, plan) = (self.data.by_item(), &self.item_plan);
            ials::solve_side(csr, &m.p, &mut m.q, plan, &m.params, self.cancel, &site)?;
            return Ok((0.0, 0.0));
        }
        let m = &mut self.model;
        let inp = RowInputs {
            csr: self.data.by_item(),
            other_f: &m.p,
            other_h: half_copy(&mut self.half, &m.p, m.params.solver),
            other_b: &m.user_bias,
            prior: m.genre.as_ref().map(|g| &g.prior),
            mu: m.mu,
            params: &m.params,
            solver: m.params.solver,
        };
        let site = StepSite {
            stage: "item step",
            side: "item",
            epoch: self.epoch + 1,
        };
        solve_side(
            &inp,
            &self.item_plan,
            &mut m.q,
            &mut m.item_bias,
            self.cancel,
            &site,
            score,
        )
    }

    fn site(&self, stage: &'static str, side: &'static str) -> StepSite {
        StepSite {
            stage,
            side,
            epoch: self.epoch + 1,
        }
    }

    /// `w_g` from the new `q_i` (no-op for the plain model).
    pub fn genre_step(&mut self) -> Result<()> {
        let (Some(g), Some(gf)) = (self.genres, self.model.genre.as_mut()) else {
            return Ok(());
        };
        let p = &self.model.params;
        genre_step(g, &self.model.q, p.tau, p.eta, &mut gf.w);
        match gf.w.as_slice().iter().position(|v| !v.is_finite()) {
            None => Ok(()),
            Some(at) => {
                let index = at / gf.w.stride().max(1);
                Err(Error::NonFinite {
                    stage: "genre step",
                    epoch: self.epoch + 1,
                    index,
                })
            }
        }
    }
}

/// Implicit values are counts or weights: confidences must be at least 1.
/// The f16 copy of `f` for the CG solve's gather at K ≥ `half_factors::MIN_K`;
/// none for the exact solve (whose Gram matrix keeps f32 inputs), for
/// smaller K, or when `f` exceeds f16's range.
fn half_copy<'h>(half: &'h mut HalfFactors, f: &Factors, solver: Solver) -> Option<&'h HalfFactors> {
    match solver {
        Solver::Cg { .. } if f.k() >= half_factors::MIN_K && half.fill(f) => Some(half),
        _ => None,
    }
}

fn check_events(data: &Dataset) -> Result<()> {
    let values = data.by_user().values;
    match values.iter().position(|v| v < 0.0) {
        None => Ok(()),
        Some(e) => Err(Error::InvalidRating {
            index: e,
            value: values.get(e),
        }),
    }
}

fn check_genres<'g>(genres: Option<&'g ItemGenres>, data: &Dataset) -> Result<&'g ItemGenres> {
    let g = genres.ok_or_else(|| Error::param("genre_prior", true, "item genres to be given"))?;
    if g.n_items() != data.n_items() {
        return Err(Error::LengthMismatch {
            what: "genre lists (one per item)",
            expected: data.n_items(),
            actual: g.n_items(),
        });
    }
    Ok(g)
}
