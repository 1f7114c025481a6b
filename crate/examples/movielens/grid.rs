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
    for (label, p) in seed_grid(quick).into_iter().chain(als_wr_grid(quick)) {
        let v = run(&inner, &p, None).test;
        println!("{label:<62} val {v:.4}");
        if best.as_ref().is_none_or(|(b, _)| v < *b) {
            best = Some((v, p));
        }
    }
    best.unwrap().1
}

/// The reference implementation's own grid: lambda × gamma × tau around its defaults.
fn seed_grid(quick: bool) -> Vec<(String, AlsParams)> {
    let scales: &[f32] = if quick { &[1.0] } else { &[0.5, 1.0, 2.0] };
    let mut out = Vec::new();
    for &l in scales {
        for &g in scales {
            for &t in scales {
                let p = AlsParams {
                    lambda: 0.002 * l,
                    gamma: 0.015 * g,
                    tau: 0.05 * t,
                    ..AlsParams::reference()
                };
                out.push((
                    format!("seed reg  lambda {:.4} gamma {:.4} tau {:.3}", p.lambda, p.gamma, p.tau),
                    p,
                ));
            }
        }
    }
    out
}

/// ALS-WR (conventional form, lambda = 1): factor ridge `tau · n`; bias
/// ridge either constant (`ScaledFactors`) or `gamma · n` (`Scaled`).
fn als_wr_grid(quick: bool) -> Vec<(String, AlsParams)> {
    let (ks, taus): (&[usize], &[f32]) = if quick {
        (&[32], &[0.18])
    } else {
        (&[20, 64], &[0.12, 0.18, 0.25, 0.35, 0.5])
    };
    let (fixed_b, scaled_b): (&[f32], &[f32]) = if quick {
        (&[2.0], &[0.1])
    } else {
        (&[0.5, 1.0, 2.0, 5.0], &[0.1, 0.2])
    };
    let mut out = Vec::new();
    for &k in ks {
        for &t in taus {
            for &g in fixed_b {
                let p = AlsParams {
                    regularization: Regularization::ScaledFactors,
                    ..AlsParams::conventional(k, t, g)
                };
                out.push((format!("ALS-WR factors (tau·n)  K {k} tau {t} gamma {g}"), p));
            }
            for &g in scaled_b {
                let p = AlsParams {
                    regularization: Regularization::Scaled,
                    ..AlsParams::conventional(k, t, g)
                };
                out.push((format!("ALS-WR both (tau·n, gamma·n)  K {k} tau {t} gamma {g}"), p));
            }
        }
    }
    out
}
