//! Bayesian ALS (`train::bayes`): reproducible on any thread count,
//! calibrated predictive intervals on a planted model, and at least as
//! accurate as the ALS it starts from.

mod common;

use std::ops::ControlFlow;

use als_core::data::ItemGenres;
use als_core::metrics::evaluate;
use als_core::params::{AlsParams, Regularization, Solver};
use als_core::train::bayes::{fit_bayes, BayesParams};
use als_core::train::{fit, FitOptions, Stop};
use common::{planted, split};

fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

fn params(k: usize) -> AlsParams {
    AlsParams {
        epochs: 10,
        solver: Solver::Cholesky,
        regularization: Regularization::ScaledFactors,
        ..AlsParams::conventional(k, 0.05, 5.0)
    }
}

#[test]
fn same_samples_on_any_thread_count() {
    let coo = planted(300, 200, 4, 0.1, 0.5, 3);
    let (train, test) = split(&coo, 300, 200, 0.2, 1);
    let lists: Vec<Vec<u32>> = (0..200).map(|i| vec![i % 4, (i / 4) % 3 + 4]).collect();
    let genres = ItemGenres::from_lists(7, &lists).unwrap();
    let bayes = BayesParams {
        samples: 4,
        burn_in: 2,
        warm_start: 2,
    };
    for (k, genre_prior) in [(6, true), (3, false), (0, false)] {
        let p = AlsParams {
            genre_prior,
            ..params(k)
        };
        let opts = FitOptions {
            eval: Some(&test),
            genres: Some(&genres),
            train_metrics: true,
            ..Default::default()
        };
        let run = || {
            let r = fit_bayes(&train, &p, &bayes, &opts, |_| ControlFlow::Continue(())).unwrap();
            (r.model, r.history)
        };
        let one = on_threads(1, run);
        assert!(one.0.posterior().is_some());
        for n in [2, 8] {
            let other = on_threads(n, run);
            assert!(one.0 == other.0, "model differs on {n} threads (k={k})");
            assert!(one.1 == other.1, "metrics differ on {n} threads (k={k})");
        }
    }
}

#[test]
fn predictive_intervals_are_calibrated() {
    let (nu, ni, sigma) = (500, 400, 0.6);
    let coo = planted(nu, ni, 4, 0.08, sigma, 11);
    let (train, test) = split(&coo, nu, ni, 0.2, 2);
    let bayes = BayesParams {
        samples: 60,
        burn_in: 20,
        warm_start: 5,
    };
    let opts = FitOptions::default();
    let r = fit_bayes(&train, &params(8), &bayes, &opts, |_| ControlFlow::Continue(())).unwrap();
    let m = r.model;
    let post = m.posterior().unwrap();
    let noise = (post.noise_var as f64).sqrt();
    assert!(
        (noise - sigma).abs() < 0.25 * sigma,
        "noise std {noise} vs planted {sigma}"
    );
    let (mut inside, mut n) = (0usize, 0usize);
    let csr = test.by_user();
    for u in 0..nu {
        for (i, y) in csr.row(u) {
            let mean = m.predict(u as u32, i).unwrap();
            let std = m.predict_std(u as u32, i).unwrap().unwrap();
            assert!(std > noise as f32 * 0.99);
            inside += ((y - mean).abs() <= 1.96 * std) as usize;
            n += 1;
        }
    }
    let coverage = inside as f64 / n as f64;
    assert!(
        (0.90..=0.98).contains(&coverage),
        "95% interval covers {coverage:.3} of {n}"
    );
}

#[test]
fn at_least_as_accurate_as_its_als_start() {
    let (nu, ni) = (500, 400);
    let coo = planted(nu, ni, 4, 0.08, 0.6, 12);
    let (train, test) = split(&coo, nu, ni, 0.2, 3);
    let p = params(8);
    let als = fit(&train, &p, &FitOptions::default(), |_| ControlFlow::Continue(())).unwrap();
    let als_rmse = evaluate(&als.model, &test).unwrap().rmse;
    let bayes = BayesParams::default();
    let b = fit_bayes(
        &train,
        &p,
        &bayes,
        &FitOptions::default(),
        |_| ControlFlow::Continue(()),
    )
    .unwrap();
    let bayes_rmse = evaluate(&b.model, &test).unwrap().rmse;
    eprintln!("bayes {bayes_rmse:.4} vs ALS {als_rmse:.4}");
    assert!(bayes_rmse < als_rmse, "bayes {bayes_rmse:.4} vs ALS {als_rmse:.4}");
}

#[test]
fn stop_keeps_the_samples_so_far_and_cancel_gives_no_model() {
    let coo = planted(100, 80, 2, 0.2, 0.5, 5);
    let (train, _) = split(&coo, 100, 80, 0.2, 1);
    let bayes = BayesParams {
        samples: 10,
        burn_in: 2,
        warm_start: 1,
    };
    let r = fit_bayes(&train, &params(3), &bayes, &FitOptions::default(), |s| {
        if s.epoch == 5 {
            ControlFlow::Break(Stop::Finish)
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert_eq!((r.history.len(), r.model.posterior().unwrap().samples), (5, 3));
    assert!(r.stopped_early);
    let cancelled = fit_bayes(&train, &params(3), &bayes, &FitOptions::default(), |_| {
        ControlFlow::Break(Stop::Cancel)
    });
    assert!(matches!(cancelled, Err(als_core::Error::Cancelled)));
    let bad = BayesParams { samples: 0, ..bayes };
    let e = fit_bayes(&train, &params(3), &bad, &FitOptions::default(), |_| {
        ControlFlow::Continue(())
    });
    assert!(matches!(e, Err(als_core::Error::InvalidParam { name: "samples", .. })));
}

#[test]
fn a_new_users_uncertainty_shrinks_with_their_ratings() {
    let (nu, ni) = (300, 200);
    let coo = planted(nu, ni, 4, 0.15, 0.5, 8);
    let (train, _) = split(&coo, nu, ni, 0.2, 1);
    let bayes = BayesParams {
        samples: 30,
        burn_in: 10,
        warm_start: 3,
    };
    let m = fit_bayes(&train, &params(6), &bayes, &FitOptions::default(), |_| {
        ControlFlow::Continue(())
    })
    .unwrap()
    .model;
    let (items, ratings): (Vec<u32>, Vec<f32>) = train.by_user().row(0).unzip();
    assert!(items.len() >= 10);
    let std_for = |n: usize| {
        let (f, var) = m.fold_in_posterior(&items[..n], &ratings[..n]).unwrap().unwrap();
        let target = (0..ni as u32).find(|i| !items.contains(i)).unwrap();
        let (mean, std) = m.predict_new_user(&f, &var, target).unwrap();
        assert!(mean.is_finite() && std.is_finite());
        std
    };
    let (one, all) = (std_for(1), std_for(items.len()));
    let noise = m.posterior().unwrap().noise_var.sqrt();
    assert!(
        one > all && all > noise,
        "std with 1 rating {one}, with all {all}, noise {noise}"
    );
    // Folding in a training user's own ratings lands near their posterior mean.
    let (f, _) = m.fold_in_posterior(&items, &ratings).unwrap().unwrap();
    let (mine, theirs) = (m.predict(0, items[0]).unwrap(), {
        let (f2, v2) = m.fold_in_posterior(&items, &ratings).unwrap().unwrap();
        m.predict_new_user(&f2, &v2, items[0]).unwrap().0
    });
    assert!((mine - theirs).abs() < 0.3, "{mine} vs {theirs} (bias {})", f.bias);
    let als = fit(
        &train,
        &params(6),
        &FitOptions::default(),
        |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert!(als.model.fold_in_posterior(&items, &ratings).unwrap().is_none());
}
