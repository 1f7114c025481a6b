//! The Gibbs chain: the state (one sample of every bias, factor and genre
//! embedding, plus the precisions) and its sweeps. One sweep = genre priors,
//! precisions, user draws, item draws (scored: the new noise precision's
//! sum of squares), genre draws. After burn-in every sweep's sample is added
//! to the running moments that the published model averages.

use std::sync::atomic::AtomicBool;

use super::super::prior::compute_priors;
use super::super::row_scratch::RowInputs;
use super::super::step::{plan, update_side, StepSite};
use super::super::trainer::Trainer;
use super::draw::{draw_row, Draw};
use super::genre::{draw_genres, genre_gram};
use super::hyper::Hyper;
use super::moments::Moments;
use super::params::BayesParams;
use crate::data::{Dataset, ItemGenres};
use crate::error::{Error, Result};
use crate::metrics::evaluate;
use crate::model::Model;
use crate::params::{AlsParams, Solver};
use crate::posterior::Posterior;
use crate::rng::{tag, SplitMix64};

pub struct Sampler<'a> {
    data: &'a Dataset,
    genres: Option<&'a ItemGenres>,
    genre_gram: Vec<f64>,
    model: Model,
    hyper: Hyper,
    /// `(Σ e², Σ |e|)` of the current sample's training residuals.
    fit: (f64, f64),
    user_plan: Vec<usize>,
    item_plan: Vec<usize>,
    sweep: usize,
    burn_in: usize,
    users: Moments,
    items: Moments,
    genre_sum: Vec<f64>,
    noise_sum: f64,
    /// Sums of the user bias precision and the user factor precisions.
    user_prec_sum: Vec<f64>,
    kept: usize,
    cancel: Option<&'a AtomicBool>,
}

impl<'a> Sampler<'a> {
    /// Validate, run the ALS warm start, and set the chain's first state.
    pub fn new(
        data: &'a Dataset,
        params: &AlsParams,
        bayes: &BayesParams,
        genres: Option<&'a ItemGenres>,
        cancel: Option<&'a AtomicBool>,
    ) -> Result<Self> {
        bayes.validate()?;
        if params.feedback.implicit().is_some() {
            return Err(Error::param(
                "feedback",
                "implicit",
                "explicit ratings (the Bayesian model)",
            ));
        }
        let mut als = Trainer::new(data, params, genres)?;
        if let Some(c) = cancel {
            als.set_cancel_flag(c);
        }
        for _ in 0..bayes.warm_start {
            als.run_epoch()?;
        }
        als.update_priors();
        let model = als.into_model();
        let genres = genres.filter(|_| model.genre.is_some());
        let sse = evaluate(&model, data)?.rmse.powi(2) * data.nnz() as f64;
        let k = params.k;
        Ok(Sampler {
            data,
            genres,
            genre_gram: genres.map(genre_gram).unwrap_or_default(),
            hyper: Hyper::initial(k, data.nnz() as f64 / sse.max(f64::MIN_POSITIVE)),
            fit: (sse, 0.0),
            user_plan: plan(data.by_user(), k, Solver::Cholesky),
            item_plan: plan(data.by_item(), k, Solver::Cholesky),
            sweep: 0,
            burn_in: bayes.burn_in,
            users: Moments::new(data.n_users(), k),
            items: Moments::new(data.n_items(), k),
            genre_sum: vec![0.0; model.genre.as_ref().map_or(0, |g| g.w.as_slice().len())],
            noise_sum: 0.0,
            user_prec_sum: vec![0.0; k + 1],
            kept: 0,
            model,
            cancel,
        })
    }

    /// Completed sweeps.
    pub fn sweep(&self) -> usize {
        self.sweep
    }

    /// Samples kept so far.
    pub fn kept(&self) -> usize {
        self.kept
    }

    /// The current sample.
    pub fn sample(&self) -> &Model {
        &self.model
    }

    /// `(Σ e², Σ |e|)` of the current sample's training residuals.
    pub fn fit(&self) -> (f64, f64) {
        self.fit
    }

    /// One sweep; keeps its sample after burn-in.
    pub fn run_sweep(&mut self) -> Result<()> {
        self.run_sweep_timed(|| 0.0).map(|_| ())
    }

    /// One sweep; returns the seconds by `clock` of its user half (priors,
    /// precisions, user draws) and item half (item and genre draws, keeping).
    pub fn run_sweep_timed(&mut self, clock: fn() -> f64) -> Result<(f64, f64)> {
        let t0 = clock();
        let seed = self.model.params.seed;
        if let (Some(g), Some(gf)) = (self.genres, self.model.genre.as_mut()) {
            compute_priors(g, &gf.w, &mut gf.prior);
        }
        let mut rng = SplitMix64::stream(seed, tag::BAYES_HYPER, self.sweep as u64);
        self.hyper.draw(&self.model, self.fit.0, self.data.nnz(), &mut rng);
        self.draw_side(true)?;
        let t1 = clock();
        self.fit = self.draw_side(false)?;
        if let (Some(g), Some(gf)) = (self.genres, self.model.genre.as_mut()) {
            let mut rng = SplitMix64::stream(seed, tag::BAYES_GENRES, self.sweep as u64);
            let h = &self.hyper;
            draw_genres(
                g,
                &self.genre_gram,
                &self.model.q,
                &h.item_f,
                h.genre,
                &mut rng,
                &mut gf.w,
            );
        }
        self.sweep += 1;
        if self.sweep > self.burn_in {
            self.keep_sample();
        }
        let t2 = clock();
        Ok((t1 - t0, t2 - t1))
    }

    /// Draw every row of one side; returns `(Σ e², Σ |e|)` of the training
    /// residuals after the item side's draws (zeros for the user side).
    fn draw_side(&mut self, users: bool) -> Result<(f64, f64)> {
        let h = &self.hyper;
        let Model {
            params,
            mu,
            user_bias,
            item_bias,
            p,
            q,
            genre,
            ..
        } = &mut self.model;
        let (csr, plan, other_f, other_b, own_f, own_b) = if users {
            (self.data.by_user(), &self.user_plan, &*q, &*item_bias, p, user_bias)
        } else {
            (self.data.by_item(), &self.item_plan, &*p, &*user_bias, q, item_bias)
        };
        let inp = RowInputs {
            csr,
            other_f,
            other_h: None,
            other_b,
            prior: genre.as_ref().filter(|_| !users).map(|g| &g.prior),
            mu: *mu,
            params,
            solver: params.solver,
        };
        let d = Draw {
            alpha: h.alpha,
            bias_prec: if users { h.user_bias } else { h.item_bias },
            factor_prec: if users { &h.user_f } else { &h.item_f },
            seed: params.seed,
            tag: if users { tag::BAYES_USERS } else { tag::BAYES_ITEMS },
            sweep: self.sweep,
        };
        let site = StepSite {
            stage: if users { "bayes user draws" } else { "bayes item draws" },
            side: if users { "user" } else { "item" },
            epoch: self.sweep + 1,
        };
        let row = |inp: &RowInputs, r: usize, x: &mut [f32], b: &mut f32, sc: &mut _| draw_row(&d, inp, r, x, b, sc);
        update_side(&inp, plan, own_f, own_b, self.cancel, &site, !users, row)
    }

    fn keep_sample(&mut self) {
        let m = &self.model;
        self.users.add(&m.user_bias, &m.p);
        self.items.add(&m.item_bias, &m.q);
        if let Some(g) = m.genre.as_ref() {
            self.genre_sum
                .iter_mut()
                .zip(g.w.as_slice())
                .for_each(|(s, &v)| *s += v as f64);
        }
        self.noise_sum += 1.0 / self.hyper.alpha;
        let h = &self.hyper;
        for (s, v) in self
            .user_prec_sum
            .iter_mut()
            .zip(std::iter::once(&h.user_bias).chain(&h.user_f))
        {
            *s += v;
        }
        self.kept += 1;
    }

    /// The posterior-mean model over the samples kept so far (the current
    /// sample if none was kept yet), without the posterior summaries: what
    /// `into_model` would publish now, for per-sweep evaluation.
    pub fn mean_model(&self) -> Model {
        let mut m = self.model.clone();
        if self.kept == 0 {
            return m;
        }
        self.users.means(self.kept, &mut m.user_bias, &mut m.p);
        self.items.means(self.kept, &mut m.item_bias, &mut m.q);
        if let (Some(g), Some(gf)) = (self.genres, m.genre.as_mut()) {
            let n = self.kept as f64;
            gf.w.as_mut_slice()
                .iter_mut()
                .zip(&self.genre_sum)
                .for_each(|(w, &s)| *w = (s / n) as f32);
            compute_priors(g, &gf.w, &mut gf.prior);
        }
        m
    }

    /// The model of the posterior means over the kept samples (the current
    /// sample alone if none was kept yet), with its posterior summaries.
    pub fn into_model(mut self) -> Result<Model> {
        if self.kept == 0 {
            self.keep_sample();
        }
        let n = self.kept;
        let mut m = self.model;
        let user_var = self.users.finish(n, &mut m.user_bias, &mut m.p);
        let item_var = self.items.finish(n, &mut m.item_bias, &mut m.q);
        if let (Some(g), Some(gf)) = (self.genres, m.genre.as_mut()) {
            gf.w.as_mut_slice()
                .iter_mut()
                .zip(&self.genre_sum)
                .for_each(|(w, &s)| *w = (s / n as f64) as f32);
            compute_priors(g, &gf.w, &mut gf.prior);
        }
        let posterior = Posterior {
            samples: n as u32,
            burn_in: self.burn_in.min(self.sweep) as u32,
            noise_var: (self.noise_sum / n as f64) as f32,
            user_bias_prec: (self.user_prec_sum[0] / n as f64) as f32,
            user_prec: self.user_prec_sum[1..].iter().map(|&s| (s / n as f64) as f32).collect(),
            user_var,
            item_var,
        };
        m.with_posterior(posterior)
    }
}
