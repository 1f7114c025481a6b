//! The reference protocol on MovieLens (ml-latest-small): 80/20 split, 30
//! epochs, three seeds; bias-only; hierarchical vs plain; a grid search on a
//! validation split carved from the training set; the winner vs the reference implementation's
//! defaults; a K sweep.
//!
//! `cargo run --release --example movielens -- <dir> [--quick | --solvers | --defaults]`
//!
//! `--solvers` only compares the exact Cholesky solve with warm-started CG;
//! `--defaults` only runs the evidence for the library's defaults (`defaults.rs`).

mod defaults;
mod grid;
mod load;
mod run;

use als_core::params::{AlsParams, Regularization, Solver};
use run::{mean, run, split, Split};

const SEEDS: [u64; 3] = [42, 43, 44];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .expect("usage: movielens <dir with ratings.csv and movies.csv> [--quick]");
    let quick = args.iter().any(|a| a == "--quick");
    let ml = load::load(dir);
    let (n, threads) = (ml.coo.len(), rayon::current_num_threads());
    println!(
        "{n} ratings, {} users, {} rated movies, {} genres; {threads} threads",
        ml.n_users,
        ml.n_items,
        ml.genre_names.len()
    );
    if args.iter().any(|a| a == "--defaults") {
        let n_seeds = args
            .iter()
            .position(|a| a == "--seeds")
            .and_then(|i| args.get(i + 1))
            .map_or(5, |n| n.parse().expect("--seeds N"));
        let taus = args
            .iter()
            .position(|a| a == "--taus")
            .and_then(|i| args.get(i + 1))
            .map(|t| t.split(',').map(|x| x.parse().expect("--taus a,b,c")).collect());
        return defaults::run(&ml, quick, n_seeds, taus);
    }
    let splits: Vec<Split> = SEEDS
        .iter()
        .map(|&s| split(&ml.coo, ml.n_users, ml.n_items, 0.2, s))
        .collect();
    if args.iter().any(|a| a == "--solvers") {
        return solvers(&ml, &splits);
    }
    let defaults = seed_defaults(&splits);
    across_seeds(
        "bias-only (K=0, seed gamma)",
        &splits,
        &AlsParams {
            k: 0,
            ..AlsParams::reference()
        },
        None,
    );
    println!("\n== hierarchical (genres) vs plain, seed parameters; 'tail' = test ratings of items with < 5 training ratings");
    across_seeds("plain", &splits, &AlsParams::reference(), None);
    across_seeds(
        "hierarchical",
        &splits,
        &AlsParams {
            genre_prior: true,
            ..AlsParams::reference()
        },
        Some(&ml.genres),
    );
    let best = grid::search(&ml, &splits[0], quick);
    tuned_vs_defaults(&ml, &splits, &best, defaults);
    k_sweep(&splits, &best);
}

/// Test RMSE with the exact solve and with 1–3 CG steps, for the reference implementation's
/// parameters (plain and hierarchical) and the grid-searched configuration.
fn solvers(ml: &load::MovieLens, splits: &[Split]) {
    let tuned = AlsParams {
        k: 64,
        lambda: 1.0,
        tau: 0.18,
        gamma: 2.0,
        regularization: Regularization::ScaledFactors,
        ..AlsParams::reference()
    };
    let hier = AlsParams {
        genre_prior: true,
        ..AlsParams::reference()
    };
    let configs = [
        ("seed", AlsParams::reference(), None),
        ("seed + genres", hier, Some(&ml.genres)),
        ("tuned K=64", tuned, None),
    ];
    for (name, params, genres) in configs {
        println!("\n== {name}");
        for solver in [
            Solver::Cholesky,
            Solver::Cg { steps: 1 },
            Solver::Cg { steps: 2 },
            Solver::Cg { steps: 3 },
        ] {
            across_seeds(
                &format!("{solver:?}"),
                splits,
                &AlsParams {
                    solver,
                    ..params.clone()
                },
                genres,
            );
        }
    }
}

fn tuned_vs_defaults(ml: &load::MovieLens, splits: &[Split], best: &AlsParams, defaults: f64) {
    println!("\n== best validation config on the 3 test splits\n{best:?}");
    let tuned = across_seeds("tuned", splits, best, None);
    let with_genres = AlsParams {
        genre_prior: true,
        ..best.clone()
    };
    let tuned_h = across_seeds("tuned + genres", splits, &with_genres, Some(&ml.genres));
    println!(
        "improvement over seed defaults: {:.4} (plain), {:.4} (with genres)",
        defaults - tuned,
        defaults - tuned_h
    );
}

/// The reference implementation's defaults on each split; returns the mean test RMSE.
fn seed_defaults(splits: &[Split]) -> f64 {
    println!("\n== seed defaults (K=20, lambda 0.002, gamma 0.015, tau 0.05, 30 epochs), 80/20 split");
    let mut tests = Vec::new();
    for (s, &seed) in splits.iter().zip(&SEEDS) {
        let sc = run(
            s,
            &AlsParams {
                seed,
                ..AlsParams::reference()
            },
            None,
        );
        println!(
            "seed {seed}: train RMSE {:.4}  test RMSE {:.4}  ({:.2} s)",
            sc.train, sc.test, sc.seconds
        );
        tests.push(sc.test);
    }
    println!("mean test RMSE {:.4}", mean(&tests));
    mean(&tests)
}

/// Mean train / test / tail RMSE over the three splits; returns mean test.
fn across_seeds(name: &str, splits: &[Split], params: &AlsParams, genres: Option<&als_core::data::ItemGenres>) -> f64 {
    let scores: Vec<run::Scores> = splits
        .iter()
        .zip(&SEEDS)
        .map(|(s, &seed)| run(s, &AlsParams { seed, ..params.clone() }, genres))
        .collect();
    let m = |f: fn(&run::Scores) -> f64| mean(&scores.iter().map(f).collect::<Vec<_>>());
    let tests: Vec<String> = scores.iter().map(|s| format!("{:.4}", s.test)).collect();
    println!(
        "{name:<28} test {:.4} [{}]  train {:.4}  tail {:.4} (n={})  {:.2} s/run",
        m(|s| s.test),
        tests.join(" "),
        m(|s| s.train),
        m(|s| s.tail),
        scores[0].tail_count,
        m(|s| s.seconds)
    );
    m(|s| s.test)
}

fn k_sweep(splits: &[Split], best: &AlsParams) {
    println!("\n== K sweep (mean test RMSE over 3 seeds)");
    for k in [20, 32, 48, 64] {
        across_seeds(
            &format!("tuned reg, K={k}"),
            splits,
            &AlsParams { k, ..best.clone() },
            None,
        );
    }
    for k in [20, 32, 48, 64] {
        across_seeds(
            &format!("seed reg, K={k}"),
            splits,
            &AlsParams {
                k,
                ..AlsParams::reference()
            },
            None,
        );
    }
}
