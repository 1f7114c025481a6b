//! Bayesian ALS on MovieLens (ml-latest-small): 5 seeded 80/20 splits
//! (seeds 1–5), test RMSE of the posterior-mean model per split and their
//! mean, next to ALS at the same K and regularization, with the wall time
//! of a Gibbs sweep and of an ALS epoch (exact Cholesky solve).
//!
//! `cargo run --release --example bayes_movielens -- <dir> [--k K] [--samples S]
//!  [--burn-in B] [--warm E] [--reg R] [--genres] [--seeds N]`

#[path = "movielens/load.rs"]
mod load;

use std::ops::ControlFlow;
use std::time::Instant;

use als_core::data::split::{train_test_split, SplitStrategy};
use als_core::data::Dataset;
use als_core::metrics::evaluate;
use als_core::params::{AlsParams, Regularization, Solver};
use als_core::train::bayes::{fit_bayes, BayesParams};
use als_core::train::{fit, FitOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: bayes_movielens <dir> [options]");
    let arg = |name: &str, default: f64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| v.parse().expect(name))
    };
    let genres_on = args.iter().any(|a| a == "--genres");
    let params = AlsParams {
        epochs: 30,
        solver: Solver::Cholesky,
        regularization: Regularization::ScaledFactors,
        genre_prior: genres_on,
        ..AlsParams::conventional(arg("--k", 20.0) as usize, arg("--reg", 0.1) as f32, 5.0)
    };
    let bayes = BayesParams {
        samples: arg("--samples", 100.0) as usize,
        burn_in: arg("--burn-in", 20.0) as usize,
        warm_start: arg("--warm", 5.0) as usize,
    };
    let ml = load::load(dir);
    println!(
        "{} ratings, {} genres; K={} genre prior {genres_on}; {:?}; {} threads",
        ml.coo.len(),
        ml.genre_names.len(),
        params.k,
        bayes,
        rayon::current_num_threads()
    );
    let (mut sum_b, mut sum_a) = (0.0, 0.0);
    let seeds = arg("--seeds", 5.0) as u64;
    for seed in 1..=seeds {
        let (tr, te) = train_test_split(
            ml.coo.view(),
            ml.n_users,
            SplitStrategy::PerRating { test_ratio: 0.2 },
            seed,
        )
        .unwrap();
        let train = Dataset::from_coo(ml.n_users, ml.n_items, tr.view()).unwrap();
        let test = Dataset::from_coo(ml.n_users, ml.n_items, te.view()).unwrap();
        let opts = FitOptions {
            genres: genres_on.then_some(&ml.genres),
            ..Default::default()
        };
        let t = Instant::now();
        let als = fit(&train, &params, &opts, |_| ControlFlow::Continue(())).unwrap();
        let epoch_s = t.elapsed().as_secs_f64() / params.epochs as f64;
        let a = evaluate(&als.model, &test).unwrap().rmse;
        let t = Instant::now();
        let b = fit_bayes(&train, &params, &bayes, &opts, |_| ControlFlow::Continue(())).unwrap();
        let total_s = t.elapsed().as_secs_f64();
        let sweep_s = (total_s - epoch_s * bayes.warm_start as f64) / (bayes.samples + bayes.burn_in) as f64;
        let rmse = evaluate(&b.model, &test).unwrap().rmse;
        let noise = b.model.posterior().unwrap().noise_var.sqrt();
        println!(
            "seed {seed}: bayes test RMSE {rmse:.4} (noise std {noise:.3}; {total_s:.1} s, {:.3} s/sweep) | ALS 30 epochs {a:.4} ({epoch_s:.3} s/epoch)",
            sweep_s
        );
        sum_b += rmse;
        sum_a += a;
    }
    println!(
        "mean over {seeds} splits: bayes {:.4}, ALS {:.4}",
        sum_b / seeds as f64,
        sum_a / seeds as f64
    );
}
