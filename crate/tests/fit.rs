//! Training behaviour: the update rules of docs/model.md, known answers on planted
//! data, the bias-only model, the hierarchical prior, stopping.

mod common;

use std::ops::ControlFlow;
use std::sync::atomic::AtomicBool;

use als_core::data::{Coo, Dataset, ItemGenres};
use als_core::metrics::{evaluate, objective};
use als_core::params::{AlsParams, Regularization, Solver};
use als_core::train::{fit, EarlyStop, FitOptions, Stop, Trainer};
use common::{planted, reference_epoch, split, RefState};

fn keep_going(_: &als_core::train::EpochStats) -> ControlFlow<Stop> {
    ControlFlow::Continue(())
}

#[test]
fn one_epoch_matches_the_naive_reference() {
    let coo = planted(60, 45, 3, 0.3, 0.5, 11);
    let d = Dataset::from_coo(62, 47, coo.view()).unwrap(); // plus empty users and items
    for k in [0usize, 1, 4, 7] {
        let params = AlsParams {
            k,
            solver: Solver::Cholesky,
            ..AlsParams::reference()
        };
        let mut t = Trainer::new(&d, &params, None).unwrap();
        let mut st = RefState::from_model(t.model());
        for _ in 0..3 {
            t.run_epoch().unwrap();
            reference_epoch(&mut st, &d, 0.002, 0.015, 0.05);
        }
        let got = RefState::from_model(t.model());
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 2e-4 * (1.0 + y.abs()));
        assert!(
            close(&got.bu, &st.bu) && close(&got.bi, &st.bi),
            "biases differ at k={k}"
        );
        assert!(got.p.iter().zip(&st.p).all(|(a, b)| close(a, b)), "p differs at k={k}");
        assert!(got.q.iter().zip(&st.q).all(|(a, b)| close(a, b)), "q differs at k={k}");
    }
}

#[test]
fn warm_started_cg_tracks_the_exact_solve() {
    let coo = planted(400, 300, 8, 0.5, 0.3, 21);
    let (train, test) = split(&coo, 400, 300, 0.1, 2);
    let run = |solver| {
        let params = AlsParams {
            k: 12,
            epochs: 12,
            solver,
            ..AlsParams::conventional(12, 1.0, 1.0)
        };
        let opts = FitOptions {
            eval: Some(&test),
            ..Default::default()
        };
        let res = fit(&train, &params, &opts, keep_going).unwrap();
        res.history.iter().map(|s| s.eval.unwrap().rmse).collect::<Vec<f64>>()
    };
    let exact = run(Solver::Cholesky);
    let cg = run(Solver::Cg { steps: 3 });
    let one = run(Solver::Cg { steps: 1 });
    let (e, c) = (*exact.last().unwrap(), *cg.last().unwrap());
    assert!((c - e).abs() < 2e-3 * e, "CG {c} vs exact {e}");
    // Not a no-op: one step per epoch lags behind three in the first epochs.
    assert!(one[1] > cg[1], "{one:?} vs {cg:?}");
}

#[test]
fn train_metrics_from_the_item_step_equal_a_separate_pass() {
    let coo = planted(300, 200, 4, 0.4, 0.3, 9);
    let (train, _) = split(&coo, 300, 200, 0.0, 1);
    for (k, solver) in [
        (0, Solver::Cholesky),
        (5, Solver::Cholesky),
        (5, Solver::Cg { steps: 3 }),
        (9, Solver::Cg { steps: 2 }),
        (36, Solver::Cg { steps: 2 }),
    ] {
        let params = AlsParams {
            k,
            epochs: 4,
            solver,
            ..AlsParams::conventional(k, 1.0, 1.0)
        };
        let opts = FitOptions {
            train_metrics: true,
            objective: true,
            ..Default::default()
        };
        let res = fit(&train, &params, &opts, keep_going).unwrap();
        let last = res.history.last().unwrap();
        let (fused, pass) = (last.train.unwrap(), evaluate(&res.model, &train).unwrap());
        // From K = 32 CG's item step gathers the users' factors rounded to
        // f16 (`half_factors`); the separate pass reads them in f32.
        let tol = if k >= als_core::half_factors::MIN_K { 1e-5 } else { 1e-6 };
        assert_eq!(fused.count, pass.count);
        assert!(
            (fused.rmse - pass.rmse).abs() < tol * pass.rmse,
            "k={k}: {fused:?} vs {pass:?}"
        );
        assert!(
            (fused.mae - pass.mae).abs() < tol * pass.mae,
            "k={k}: {fused:?} vs {pass:?}"
        );
        let l = objective(&res.model, &train).unwrap();
        assert!((last.objective.unwrap() - l).abs() < tol * l, "k={k}");
    }
}

#[test]
fn planted_low_rank_reaches_the_noise_level() {
    let sigma = 0.3;
    let coo = planted(700, 500, 3, 0.5, sigma, 5);
    let (train, test) = split(&coo, 700, 500, 0.1, 1);
    let params = AlsParams {
        epochs: 15,
        ..AlsParams::conventional(3, 2.0, 2.0)
    };
    let opts = FitOptions {
        eval: Some(&test),
        train_metrics: true,
        ..Default::default()
    };
    let res = fit(&train, &params, &opts, keep_going).unwrap();
    let rmse = res.history.last().unwrap().eval.unwrap().rmse;
    assert!(rmse < sigma * 1.03, "test RMSE {rmse} vs sigma {sigma}");
    assert!(rmse > sigma * 0.95, "test RMSE {rmse} suspiciously below the noise");
}

#[test]
fn objective_decreases_every_epoch() {
    let coo = planted(120, 90, 4, 0.3, 0.4, 8);
    let (train, _) = split(&coo, 120, 90, 0.0, 1);
    for reg in [
        Regularization::Uniform,
        Regularization::Scaled,
        Regularization::ScaledFactors,
    ] {
        let params = AlsParams {
            k: 6,
            epochs: 8,
            regularization: reg,
            ..AlsParams::conventional(6, 1.0, 1.0)
        };
        let opts = FitOptions {
            objective: true,
            ..Default::default()
        };
        let res = fit(&train, &params, &opts, keep_going).unwrap();
        let l: Vec<f64> = res.history.iter().map(|s| s.objective.unwrap()).collect();
        assert!(l.windows(2).all(|w| w[1] <= w[0] * (1.0 + 1e-6)), "{reg:?}: {l:?}");
    }
}

#[test]
fn bias_only_beats_the_mean() {
    let coo = planted(300, 200, 2, 0.3, 0.3, 2);
    let (train, test) = split(&coo, 300, 200, 0.2, 2);
    let params = AlsParams {
        k: 0,
        epochs: 10,
        ..AlsParams::reference()
    };
    let res = fit(
        &train,
        &params,
        &FitOptions {
            eval: Some(&test),
            ..Default::default()
        },
        keep_going,
    )
    .unwrap();
    assert_eq!(res.model.user_factors().as_slice().len(), 0);
    let rmse = res.history.last().unwrap().eval.unwrap().rmse;
    let mu = train.mu();
    let base = (test
        .by_user()
        .values
        .iter()
        .map(|r| ((r - mu) as f64).powi(2))
        .sum::<f64>()
        / test.nnz() as f64)
        .sqrt();
    assert!(rmse < base * 0.9, "bias-only {rmse} vs mean {base}");
}

#[test]
fn genre_prior_pulls_unrated_items_to_their_genre() {
    let coo = planted(100, 60, 3, 0.3, 0.3, 4);
    let d = Dataset::from_coo(100, 62, coo.view()).unwrap(); // items 60, 61 unrated
    let lists: Vec<Vec<u32>> = (0..62).map(|i| vec![i % 3, 3]).collect();
    let genres = ItemGenres::from_lists(4, &lists).unwrap();
    let params = AlsParams {
        k: 4,
        epochs: 5,
        genre_prior: true,
        ..AlsParams::reference()
    };
    let opts = FitOptions {
        genres: Some(&genres),
        ..Default::default()
    };
    let m = fit(&d, &params, &opts, keep_going).unwrap().model;
    let g = m.genre().unwrap();
    assert_eq!(m.item_bias()[60], 0.0);
    assert!(m.item_factors().row(60).iter().any(|&v| v != 0.0));
    let p = g.prior.row(61);
    let want: Vec<f32> = (0..4).map(|c| (g.w.row(1)[c] + g.w.row(3)[c]) / 2.0).collect();
    assert!(p[..4].iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-6));
    let no_genres = fit(&d, &params, &FitOptions::default(), keep_going);
    assert_eq!(no_genres.err().unwrap().code(), "INVALID_PARAM");
}

#[test]
fn callback_can_finish_or_cancel() {
    let coo = planted(50, 40, 2, 0.4, 0.3, 9);
    let d = Dataset::from_coo(50, 40, coo.view()).unwrap();
    let params = AlsParams {
        k: 3,
        epochs: 10,
        ..AlsParams::reference()
    };
    let finish = |s: &als_core::train::EpochStats| {
        if s.epoch == 2 {
            ControlFlow::Break(Stop::Finish)
        } else {
            ControlFlow::Continue(())
        }
    };
    let res = fit(&d, &params, &FitOptions::default(), finish).unwrap();
    assert_eq!((res.history.len(), res.best_epoch, res.stopped_early), (2, 2, true));
    let cancel = |_: &als_core::train::EpochStats| ControlFlow::Break(Stop::Cancel);
    assert_eq!(
        fit(&d, &params, &FitOptions::default(), cancel).err().unwrap().code(),
        "CANCELLED"
    );
    let flag = AtomicBool::new(true);
    let opts = FitOptions {
        cancel: Some(&flag),
        ..Default::default()
    };
    assert_eq!(fit(&d, &params, &opts, keep_going).err().unwrap().code(), "CANCELLED");
}

#[test]
fn early_stop_publishes_the_best_epoch() {
    let coo = planted(150, 100, 3, 0.3, 0.5, 12);
    let (train, test) = split(&coo, 150, 100, 0.2, 3);
    // Almost no regularization: the test RMSE turns up after a few epochs.
    let params = AlsParams {
        k: 12,
        epochs: 40,
        ..AlsParams::conventional(12, 0.01, 0.01)
    };
    let opts = FitOptions {
        eval: Some(&test),
        early_stop: Some(EarlyStop {
            patience: 2,
            min_delta: 0.0,
        }),
        ..Default::default()
    };
    let res = fit(&train, &params, &opts, keep_going).unwrap();
    assert!(res.stopped_early);
    let best = res
        .history
        .iter()
        .map(|s| s.eval.unwrap().rmse)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(res.history[res.best_epoch - 1].eval.unwrap().rmse, best);
    assert_eq!(evaluate(&res.model, &test).unwrap().rmse, best);
    assert!(objective(&res.model, &train).unwrap().is_finite());
    let no_eval = FitOptions {
        early_stop: opts.early_stop,
        ..Default::default()
    };
    assert_eq!(
        fit(&train, &params, &no_eval, keep_going).err().unwrap().code(),
        "INVALID_PARAM"
    );
}

#[test]
fn empty_training_set_is_an_error() {
    let d = Dataset::from_coo(3, 3, Coo::default().view()).unwrap();
    assert_eq!(
        fit(&d, &AlsParams::reference(), &FitOptions::default(), keep_going)
            .err()
            .unwrap()
            .code(),
        "INVALID_PARAM"
    );
}
