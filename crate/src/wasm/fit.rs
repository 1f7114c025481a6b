//! Training from JS: a `CoreFit` gathers the training set (built into the
//! dual layout once), the optional evaluation set and genres, then `run`
//! trains, calling back after every epoch.

use std::ops::ControlFlow;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::convert::{bayes, object, params};
use super::heap;
use super::model::CoreModel;
use super::ratings::CoreRatings;
use crate::data::ids::IdMap;
use crate::data::{Dataset, ItemGenres};
use crate::error::Error;
use crate::memory::{self, MemoryPlan};
use crate::params::AlsParams;
use crate::train::bayes::{fit_bayes, BayesParams};
use crate::train::{fit, EarlyStop, EpochStats, FitOptions, Stop};

/// `OUT_OF_MEMORY` before building `ratings`' layout and fitting at `k`
/// (a Bayesian fit if `posterior`) if that cannot fit beside what the
/// instance holds.
fn check_fit(ratings: &CoreRatings, k: usize, posterior: bool) -> Result<(), Error> {
    let plan = MemoryPlan {
        ratings: ratings.len() as u64,
        users: ratings.users.len() as u64,
        items: ratings.items.len() as u64,
        factors: Some(k as u64),
        threads: rayon::current_num_threads() as u64,
        split: false,
        coded: false,
    };
    memory::check_fit(&plan, posterior, heap::limit(), heap::live()).map(|_| ())
}

#[wasm_bindgen]
pub struct CoreFit {
    train: Rc<Dataset>,
    eval: Option<Rc<Dataset>>,
    genres: Option<ItemGenres>,
    early_stop: Option<EarlyStop>,
    params: AlsParams,
    /// Set for `method: 'bayes'`: Gibbs sampling instead of ALS.
    bayes: Option<BayesParams>,
    users: Rc<IdMap>,
    items: Rc<IdMap>,
}

#[wasm_bindgen]
impl CoreFit {
    /// Validate `params` and build the user-CSR / item-CSC layout of `train`.
    #[wasm_bindgen(constructor)]
    pub fn new(train: &CoreRatings, params_obj: JsValue) -> Result<CoreFit, Error> {
        let params = params(&params_obj)?;
        let bayes = bayes(&params_obj)?;
        check_fit(train, params.k, bayes.is_some())?;
        let dataset = train.layout();
        let (users, items) = (train.users.clone(), train.items.clone());
        Ok(CoreFit {
            train: dataset,
            eval: None,
            genres: None,
            early_stop: None,
            params,
            bayes,
            users,
            items,
        })
    }

    /// Score `test` after every epoch; it must come from the same `split`.
    #[wasm_bindgen(js_name = setEval)]
    pub fn set_eval(&mut self, test: &CoreRatings) -> Result<(), Error> {
        if !Rc::ptr_eq(&test.users, &self.users) || !Rc::ptr_eq(&test.items, &self.items) {
            return Err(Error::param(
                "evalSet",
                "other ids",
                "a part of the same split as the training set",
            ));
        }
        check_fit(test, self.params.k, self.bayes.is_some())?;
        self.eval = Some(test.layout());
        Ok(())
    }

    /// Genres of each training item (dense order): `indptr` has one more
    /// entry than there are items, `genres` holds indices `< nGenres`.
    #[wasm_bindgen(js_name = setGenres)]
    pub fn set_genres(&mut self, n_genres: usize, indptr: &[u32], genres: &[u32]) -> Result<(), Error> {
        let n = self.items.len();
        if indptr.len() != n + 1 || indptr[n] as usize != genres.len() {
            return Err(Error::LengthMismatch {
                what: "genre indptr (items + 1)",
                expected: n + 1,
                actual: indptr.len(),
            });
        }
        let lists: Vec<Vec<u32>> = indptr
            .windows(2)
            .map(|w| genres[w[0] as usize..w[1] as usize].to_vec())
            .collect();
        self.genres = Some(ItemGenres::from_lists(n_genres, &lists)?);
        Ok(())
    }

    /// Stop when the eval RMSE has not improved by `minDelta` for `patience` epochs.
    #[wasm_bindgen(js_name = setEarlyStop)]
    pub fn set_early_stop(&mut self, patience: usize, min_delta: f64) {
        self.early_stop = Some(EarlyStop { patience, min_delta });
    }

    /// Train. `onEpoch(stats)` returns 0 to go on, 1 to stop and keep the
    /// model, 2 to cancel (no model; rejects with code CANCELLED).
    pub fn run(&self, on_epoch: &Function) -> Result<CoreModel, JsValue> {
        let opts = FitOptions {
            eval: self.eval.as_deref(),
            genres: self.genres.as_ref(),
            early_stop: self.early_stop,
            train_metrics: true,
            objective: true,
            cancel: None,
            clock: Some(|| js_sys::Date::now() / 1000.0),
        };
        let mut thrown = None;
        let on_stats = |s: &EpochStats| match on_epoch.call1(&JsValue::NULL, &stats_to_js(s)).map(|v| v.as_f64()) {
            Ok(Some(1.0)) => ControlFlow::Break(Stop::Finish),
            Ok(Some(2.0)) => ControlFlow::Break(Stop::Cancel),
            Ok(_) => ControlFlow::Continue(()),
            Err(e) => {
                thrown = Some(e);
                ControlFlow::Break(Stop::Cancel)
            }
        };
        let result = match &self.bayes {
            Some(b) => fit_bayes(&self.train, &self.params, b, &opts, on_stats),
            None => fit(&self.train, &self.params, &opts, on_stats),
        };
        if let Some(e) = thrown {
            return Err(e);
        }
        let fitted = result?;
        Ok(CoreModel::new(
            fitted.model,
            self.users.clone(),
            self.items.clone(),
            Some(self.train.clone()),
        ))
    }
}

fn stats_to_js(s: &EpochStats) -> JsValue {
    let num = |v: Option<f64>| v.map_or(JsValue::NULL, JsValue::from_f64);
    object(&[
        ("epoch", (s.epoch as f64).into()),
        ("trainRmse", num(s.train.map(|m| m.rmse))),
        ("trainMae", num(s.train.map(|m| m.mae))),
        ("testRmse", num(s.eval.map(|m| m.rmse))),
        ("testMae", num(s.eval.map(|m| m.mae))),
        ("objective", num(s.objective)),
        ("userStepSeconds", num(s.timings.map(|t| t.user_step))),
        ("itemStepSeconds", num(s.timings.map(|t| t.item_step))),
        ("metricsSeconds", num(s.timings.map(|t| t.metrics))),
    ])
}
