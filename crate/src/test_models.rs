//! Small trained models for unit tests (format, explain, explore).

use std::ops::ControlFlow;

use crate::data::{Coo, Dataset, ItemGenres};
use crate::model::Model;
use crate::params::AlsParams;
use crate::rng::SplitMix64;
use crate::train::bayes::{fit_bayes, BayesParams};
use crate::train::{fit, FitOptions};

/// Half-star ratings from a planted rank-2 model plus noise; every user rates
/// about `density` of the items (item `ni - 1` is never rated).
pub fn ratings(nu: usize, ni: usize, density: f64, seed: u64) -> Dataset {
    let mut rng = SplitMix64::new(seed);
    let p: Vec<f64> = (0..nu * 2).map(|_| rng.normal()).collect();
    let q: Vec<f64> = (0..ni * 2).map(|_| rng.normal()).collect();
    let mut coo = Coo::default();
    for u in 0..nu {
        for i in 0..ni - 1 {
            if rng.next_f64() < density {
                let r = 3.5 + 0.6 * (p[2 * u] * q[2 * i] + p[2 * u + 1] * q[2 * i + 1]) + 0.3 * rng.normal();
                coo.push(u as u32, i as u32, ((r * 2.0).round() / 2.0).clamp(0.5, 5.0) as f32);
            }
        }
    }
    Dataset::from_coo(nu, ni, coo.view()).unwrap()
}

/// A model trained on `ratings(40, 30, 0.4, 7)`, optionally with 3 genres.
pub fn trained(k: usize, epochs: usize, with_genres: bool) -> (Model, Dataset) {
    let train = ratings(40, 30, 0.4, 7);
    let params = AlsParams {
        epochs,
        genre_prior: with_genres,
        ..AlsParams::conventional(k, 0.5, 1.0)
    };
    let lists: Vec<Vec<u32>> = (0..30).map(|i| vec![i % 3, (i / 3) % 3]).collect();
    let genres = ItemGenres::from_lists(3, &lists).unwrap();
    let opts = FitOptions {
        genres: with_genres.then_some(&genres),
        ..Default::default()
    };
    let model = fit(&train, &params, &opts, |_| ControlFlow::Continue(()))
        .unwrap()
        .model;
    (model, train)
}

/// A Bayesian model (a few Gibbs sweeps) on the data of `trained`.
pub fn bayesian(k: usize, with_genres: bool) -> (Model, Dataset) {
    let train = ratings(40, 30, 0.4, 7);
    let params = AlsParams {
        genre_prior: with_genres,
        ..AlsParams::conventional(k, 0.5, 1.0)
    };
    let lists: Vec<Vec<u32>> = (0..30).map(|i| vec![i % 3, (i / 3) % 3]).collect();
    let genres = ItemGenres::from_lists(3, &lists).unwrap();
    let opts = FitOptions {
        genres: with_genres.then_some(&genres),
        ..Default::default()
    };
    let bayes = BayesParams {
        samples: 5,
        burn_in: 2,
        warm_start: 2,
    };
    let model = fit_bayes(&train, &params, &bayes, &opts, |_| ControlFlow::Continue(()))
        .unwrap()
        .model;
    (model, train)
}

/// An implicit-feedback model (the implicit defaults at rank `k`) trained on
/// the pairs of `ratings(40, 30, 0.4, 7)`, each rating as an event count.
pub fn trained_implicit(k: usize, epochs: usize) -> (Model, Dataset) {
    let train = ratings(40, 30, 0.4, 7);
    let params = AlsParams {
        k,
        epochs,
        ..AlsParams::implicit_defaults()
    };
    let model = fit(&train, &params, &FitOptions::default(), |_| ControlFlow::Continue(()))
        .unwrap()
        .model;
    (model, train)
}
