//! Hyperparameter search on a validation split carved from the training
//! set of the first split (the test set is never looked at).

use als_core::params::{AlsParams, Regularization};

use crate::load::MovieLens;
use crate::run::{run, split, Split};

/// Returns the configuration with the lowest validation RMSE.
pub fn search(ml: &MovieLens, outer: &Split, quick: bool) -> AlsParams {
    let inner = split(&outer.train_coo, ml.n_users, ml.n_items, 0.2, 1042);
    println!(
        "\n== grid search: {} fit / {} validation ratings",
        inner.train.nnz(),
        inner.test.nnz()
    );
    let mut best: Option<(f64, AlsParams)> = None;
    let mut consider = |label: String, p: AlsParams| {
        let v = run(&inner, &p, None).test;
        println!("{label:<58} val {v:.4}");
        if best.as_ref().is_none_or(|(b, _)| v < *b) {
            best = Some((v, p));
        }
    };
    let seed_grid: &[f32] = if quick { &[1.0] } else { &[0.5, 1.0, 2.0] };
    for &l in seed_grid {
        for &g in seed_grid {
            for &t in seed_grid {
                let p = AlsParams {
                    lambda: 0.002 * l,
                    gamma: 0.015 * g,
                    tau: 0.05 * t,
                    ..Default::default()
                };
                consider(
                    format!(
                        "seed reg  lambda {:.4} gamma {:.4} tau {:.3}",
                        p.lambda, p.gamma, p.tau
                    ),
                    p,
                );
            }
        }
    }
    let (taus, gammas, ks): (&[f32], &[f32], &[usize]) = if quick {
        (&[0.1], &[5.0], &[32])
    } else {
        (&[0.05, 0.08, 0.12, 0.18], &[2.0, 5.0, 10.0], &[20, 64])
    };
    for &k in ks {
        for &t in taus {
            for &g in gammas {
                let p = AlsParams {
                    k,
                    regularization: Regularization::ScaledFactors,
                    ..AlsParams::conventional(k, t, g)
                };
                consider(
                    format!("ALS-WR factors (tau·n)  K {k} tau/lambda {t} gamma/lambda {g}"),
                    p,
                );
            }
            for &g in &[0.1f32, 0.3] {
                let p = AlsParams {
                    k,
                    regularization: Regularization::Scaled,
                    ..AlsParams::conventional(k, t, g)
                };
                consider(
                    format!("ALS-WR both (tau·n, gamma·n)  K {k} tau/lambda {t} gamma/lambda {g}"),
                    p,
                );
            }
        }
    }
    best.unwrap().1
}
