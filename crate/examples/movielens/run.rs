//! One training run and its scores.

use std::ops::ControlFlow;
use std::time::Instant;

use als_core::data::split::{train_test_split, SplitStrategy};
use als_core::data::{Coo, Dataset, ItemGenres};
use als_core::metrics::{evaluate, evaluate_coo};
use als_core::params::AlsParams;
use als_core::train::{fit, FitOptions};

/// A per-rating split of `coo` into train and test, as datasets and COO.
pub struct Split {
    pub train: Dataset,
    pub test: Dataset,
    pub test_coo: Coo,
    pub train_coo: Coo,
}

pub fn split(coo: &Coo, n_users: usize, n_items: usize, ratio: f64, seed: u64) -> Split {
    let (tr, te) = train_test_split(
        coo.view(),
        n_users,
        SplitStrategy::PerRating { test_ratio: ratio },
        seed,
    )
    .unwrap();
    Split {
        train: Dataset::from_coo(n_users, n_items, tr.view()).unwrap(),
        test: Dataset::from_coo(n_users, n_items, te.view()).unwrap(),
        test_coo: te,
        train_coo: tr,
    }
}

pub struct Scores {
    pub train: f64,
    pub test: f64,
    /// Test RMSE on items with fewer than 5 training ratings, and their count.
    pub tail: f64,
    pub tail_count: usize,
    pub seconds: f64,
}

pub fn run(s: &Split, params: &AlsParams, genres: Option<&ItemGenres>) -> Scores {
    let t = Instant::now();
    let opts = FitOptions {
        genres,
        ..Default::default()
    };
    let model = fit(&s.train, params, &opts, |_| ControlFlow::Continue(()))
        .unwrap()
        .model;
    let seconds = t.elapsed().as_secs_f64();
    let counts = s.train.item_counts();
    let mut tail = Coo::default();
    for e in 0..s.test_coo.len() {
        let (u, i, r) = (s.test_coo.users[e], s.test_coo.items[e], s.test_coo.ratings[e]);
        if counts[i as usize] < 5 {
            tail.push(u, i, r);
        }
    }
    let tail_m = evaluate_coo(&model, tail.view()).unwrap();
    Scores {
        train: evaluate(&model, &s.train).unwrap().rmse,
        test: evaluate(&model, &s.test).unwrap().rmse,
        tail: tail_m.rmse,
        tail_count: tail_m.count,
        seconds,
    }
}

pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}
