//! One seed gives bitwise-identical models and metrics on 1, 2 and 8 threads.

mod common;

use std::ops::ControlFlow;

use als_core::data::split::{split_mask, SplitStrategy};
use als_core::data::{Dataset, ItemGenres};
use als_core::params::{AlsParams, Regularization};
use als_core::train::{fit, FitOptions};
use common::{planted, split};

fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn same_model_and_metrics_on_any_thread_count() {
    let coo = planted(900, 700, 4, 0.08, 0.4, 21);
    let (train, test) = split(&coo, 900, 700, 0.2, 4);
    let lists: Vec<Vec<u32>> = (0..700).map(|i| vec![i % 5, (i / 5) % 7 + 5]).collect();
    let genres = ItemGenres::from_lists(12, &lists).unwrap();
    for (k, reg, genre_prior) in [
        (8, Regularization::Uniform, true),
        (5, Regularization::Scaled, false),
        (0, Regularization::Uniform, false),
        (36, Regularization::Uniform, false), // CG gathers f16 copies (`half_factors`)
    ] {
        let params = AlsParams {
            k,
            epochs: 4,
            regularization: reg,
            genre_prior,
            ..AlsParams::reference()
        };
        let opts = FitOptions {
            eval: Some(&test),
            genres: Some(&genres),
            train_metrics: true,
            objective: true,
            ..Default::default()
        };
        let run = || {
            let r = fit(&train, &params, &opts, |_| ControlFlow::Continue(())).unwrap();
            (r.model, r.history)
        };
        let one = on_threads(1, run);
        for n in [2, 8] {
            let other = on_threads(n, run);
            assert!(one.0 == other.0, "model differs on {n} threads (k={k})");
            assert!(one.1 == other.1, "metrics differ on {n} threads (k={k})");
        }
    }
}

#[test]
fn same_split_on_any_thread_count() {
    let coo = planted(300, 100, 2, 0.3, 0.3, 1);
    for s in [
        SplitStrategy::PerRating { test_ratio: 0.2 },
        SplitStrategy::PerUser { test_fraction: 0.25 },
    ] {
        let one = on_threads(1, || split_mask(coo.view(), 300, s, 42).unwrap());
        assert_eq!(one, on_threads(8, || split_mask(coo.view(), 300, s, 42).unwrap()));
    }
    let d1 = on_threads(1, || Dataset::from_coo(300, 100, coo.view()).unwrap());
    assert_eq!(d1, on_threads(8, || Dataset::from_coo(300, 100, coo.view()).unwrap()));
}
