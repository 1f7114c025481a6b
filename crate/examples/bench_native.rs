//! Native speed ceiling on an ML-32M-shaped synthetic set: 200,948 users,
//! 84,432 items, ~32M ratings (every user ≥ 20, log-normal user degrees,
//! Zipf-like item popularity, planted rank-8 signal, half-star ratings),
//! 10% test. Times the epoch's parts at K = 20 with the reference implementation's parameters
//! (rows solved by 3 warm-started CG steps, or exactly with `--cholesky`).
//!
//! `RUSTFLAGS="-C target-cpu=native" cargo run --release --example bench_native -- [--epochs N] [--k K] [--scale F]
//!  [--data DIR] [--json] [--no-renumber] [--cholesky | --cg-steps N | --bayes]`
//!
//! `--bayes` times Gibbs sweeps of Bayesian ALS instead (exact Cholesky
//! draws, no warm start or burn-in: every sweep is kept), to compare with
//! `--cholesky` epochs at the same K.
//!
//! `--data DIR` reads `DIR/train.bin` and `DIR/test.bin` instead (written by
//! `npm run bench`: u32 users, u32 items, u32 count, u32 0, then the users,
//! items and ratings arrays, little-endian), so the native tier trains on
//! the same ratings as the WebAssembly and TypeScript tiers. `--json` ends
//! the output with one JSON line of every epoch's timings.

use std::time::Instant;

use als_core::data::{Coo, Dataset, Ratings};
use als_core::metrics::{evaluate, Metrics};
use als_core::model::Model;
use als_core::params::{AlsParams, Solver, DEFAULT_CG_STEPS};
use als_core::rng::{uniform_at, SplitMix64};
use als_core::train::bayes::{BayesParams, Sampler};
use als_core::train::{EpochRun, Trainer};
use rayon::prelude::*;

const USERS: usize = 200_948;
const ITEMS: usize = 84_432;
const TRUE_K: usize = 8;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: f64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| v.parse().expect(name))
    };
    let data_dir = args.iter().position(|a| a == "--data").and_then(|i| args.get(i + 1));
    let json = args.iter().any(|a| a == "--json");
    let (epochs, k, scale) = (
        arg("--epochs", 5.0) as usize,
        arg("--k", 20.0) as usize,
        arg("--scale", 1.0),
    );
    println!("threads: {}", rayon::current_num_threads());
    let t = Instant::now();
    let (n_users, n_items, train, test) = match data_dir {
        Some(dir) => {
            let (nu, ni, train) = read_coo(&format!("{dir}/train.bin"));
            let (_, _, test) = read_coo(&format!("{dir}/test.bin"));
            (nu, ni, train, test)
        }
        None => {
            let (nu, ni) = ((USERS as f64 * scale) as usize, (ITEMS as f64 * scale.sqrt()) as usize);
            let (train, test) = generate(nu, ni, 42);
            (nu, ni, train, test)
        }
    };
    println!(
        "{} {} train + {} test ratings ({n_users} users, {n_items} items) in {:.2} s",
        if data_dir.is_some() { "read" } else { "generated" },
        train.len(),
        test.len(),
        t.elapsed().as_secs_f64()
    );
    let (train, test) = if args.iter().any(|a| a == "--no-renumber") {
        (train, test)
    } else {
        renumbered(train, test, n_users, n_items)
    };
    let t = Instant::now();
    let n_train = train.len();
    let train = Dataset::from_coo(n_users, n_items, train.view()).unwrap();
    let layout_s = t.elapsed().as_secs_f64();
    println!("dual layout (train): {layout_s:.3} s");
    let test = Dataset::from_coo(n_users, n_items, test.view()).unwrap();
    let cholesky = args.iter().any(|a| a == "--cholesky");
    let params = AlsParams {
        k,
        epochs,
        solver: if cholesky {
            Solver::Cholesky
        } else {
            Solver::Cg {
                steps: arg("--cg-steps", DEFAULT_CG_STEPS as f64) as u32,
            }
        },
        ..AlsParams::reference()
    };
    let mut stepper = Stepper::new(&train, &params, args.iter().any(|a| a == "--bayes"));
    println!("epoch  user_step  item_step  epoch  | train_rmse  test_rmse (s)");
    let mut rows = Vec::new();
    for e in 1..=epochs {
        // As `fit` does: the train metrics come with the item step.
        let run = stepper.step(train.nnz());
        let (tr, t3) = (run.train.unwrap(), Instant::now());
        let te = evaluate(stepper.model(), &test).unwrap();
        let test_s = t3.elapsed().as_secs_f64();
        println!(
            "{e:>5}  {:>9.3}  {:>9.3}  {:>5.3}  | {:.4}  {:.4} ({test_s:.3})",
            run.user_step,
            run.item_step,
            run.user_step + run.item_step,
            tr.rmse,
            te.rmse,
        );
        rows.push(format!(
            "{{\"epoch\":{e},\"userStep\":{:.6},\"itemStep\":{:.6},\"trainMetrics\":{:.6},\"testMetrics\":{:.6},\"trainRmse\":{:.6},\"testRmse\":{:.6}}}",
            run.user_step,
            run.item_step,
            0.0,
            test_s,
            tr.rmse,
            te.rmse
        ));
    }
    let rss = peak_rss_kb();
    println!("peak RSS: {rss} kB");
    if json {
        println!(
            "{{\"threads\":{},\"k\":{k},\"users\":{n_users},\"items\":{n_items},\"train\":{n_train},\"test\":{},\"layoutSeconds\":{layout_s:.6},\"peakRssKb\":{rss},\"epochs\":[{}]}}",
            rayon::current_num_threads(),
            test.nnz(),
            rows.join(",")
        );
    }
}

/// ALS epochs or Gibbs sweeps (`--bayes`).
enum Stepper<'a> {
    Als(Box<Trainer<'a>>),
    Bayes(Box<Sampler<'a>>),
}

impl<'a> Stepper<'a> {
    fn new(train: &'a Dataset, params: &AlsParams, bayes: bool) -> Self {
        if !bayes {
            return Stepper::Als(Box::new(Trainer::new(train, params, None).unwrap()));
        }
        let b = BayesParams {
            samples: params.epochs,
            burn_in: 0,
            warm_start: 0,
        };
        let p = AlsParams {
            solver: Solver::Cholesky,
            ..params.clone()
        };
        Stepper::Bayes(Box::new(Sampler::new(train, &p, &b, None, None).unwrap()))
    }

    fn step(&mut self, nnz: usize) -> EpochRun {
        match self {
            Stepper::Als(t) => t.run_epoch_timed(seconds, true).unwrap(),
            Stepper::Bayes(s) => {
                let (user_step, item_step) = s.run_sweep_timed(seconds).unwrap();
                let (sse, sae) = s.fit();
                let m = nnz.max(1) as f64;
                let train = Metrics {
                    rmse: (sse / m).sqrt(),
                    mae: sae / m,
                    count: nnz,
                };
                EpochRun {
                    user_step,
                    item_step,
                    train: Some(train),
                }
            }
        }
    }

    fn model(&self) -> &Model {
        match self {
            Stepper::Als(t) => t.model(),
            Stepper::Bayes(s) => s.sample(),
        }
    }
}

/// Seconds since the first call (the trainer's clock).
fn seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// A COO file of `npm run bench` (see the module comment).
fn read_coo(path: &str) -> (usize, usize, Coo) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let word = |i: usize| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap());
    let (nu, ni, n) = (word(0) as usize, word(1) as usize, word(2) as usize);
    assert_eq!(bytes.len(), 16 + 12 * n, "{path}: size");
    let users = (0..n).map(|e| word(4 + e)).collect();
    let items = (0..n).map(|e| word(4 + n + e)).collect();
    let ratings = (0..n).map(|e| f32::from_bits(word(4 + 2 * n + e))).collect();
    (nu, ni, Coo { users, items, ratings })
}

/// Ratings split 90/10 by a per-rating hash, generated per user in parallel.
fn generate(n_users: usize, n_items: usize, seed: u64) -> (Coo, Coo) {
    let mut rng = SplitMix64::new(seed);
    let sd = (0.6 / TRUE_K as f64).sqrt();
    let q: Vec<f32> = (0..n_items * TRUE_K).map(|_| (rng.normal() * sd) as f32).collect();
    let bi: Vec<f32> = (0..n_items).map(|_| (rng.normal() * 0.4) as f32).collect();
    // Zipf-like popularity: weight 1 / (rank + 50).
    let mut cdf: Vec<f64> = (0..n_items).map(|i| 1.0 / (i as f64 + 50.0)).collect();
    for i in 1..n_items {
        cdf[i] += cdf[i - 1];
    }
    let total = cdf[n_items - 1];
    let rows: Vec<Vec<(u32, f32)>> = (0..n_users)
        .into_par_iter()
        .map(|u| user_row(u, seed, n_items, &cdf, total, &q, &bi, sd))
        .collect();
    let (mut train, mut test) = (Coo::default(), Coo::default());
    let mut e = 0u64;
    for (u, row) in rows.iter().enumerate() {
        for &(i, r) in row {
            let dst = if uniform_at(seed, 99, e) < 0.1 {
                &mut test
            } else {
                &mut train
            };
            dst.push(u as u32, i, r);
            e += 1;
        }
    }
    (train, test)
}

#[allow(clippy::too_many_arguments)]
fn user_row(
    u: usize,
    seed: u64,
    n_items: usize,
    cdf: &[f64],
    total: f64,
    q: &[f32],
    bi: &[f32],
    sd: f64,
) -> Vec<(u32, f32)> {
    let mut rng = SplitMix64::stream(seed, 7, u as u64);
    let deg = (20.0 + (4.30 + 1.2 * rng.normal()).exp()).min(n_items as f64 / 3.0) as usize;
    let p: Vec<f32> = (0..TRUE_K).map(|_| (rng.normal() * sd) as f32).collect();
    let bu = (rng.normal() * 0.4) as f32;
    let mut items: Vec<u32> = (0..deg)
        .map(|_| cdf.partition_point(|&c| c < rng.next_f64() * total).min(n_items - 1) as u32)
        .collect();
    items.sort_unstable();
    items.dedup();
    items
        .into_iter()
        .map(|i| {
            let dot: f32 = p
                .iter()
                .zip(&q[i as usize * TRUE_K..][..TRUE_K])
                .map(|(a, b)| a * b)
                .sum();
            let r = 3.54 + bu + bi[i as usize] + dot + 0.7 * rng.normal() as f32;
            (i, ((r * 2.0).round() / 2.0).clamp(0.5, 5.0))
        })
        .collect()
}

fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Train and test in the dense order the core gives ratings when they
/// arrive (`data::Ratings`: by popularity in the training set).
fn renumbered(train: Coo, test: Coo, n_users: usize, n_items: usize) -> (Coo, Coo) {
    let ids = |n: usize| (0..n as u32).collect::<Vec<u32>>();
    let r = Ratings::from_indexed(train.users, train.items, train.ratings, ids(n_users), ids(n_items)).unwrap();
    let mut moved = Coo::default();
    for ((&u, &i), &y) in test.users.iter().zip(&test.items).zip(&test.ratings) {
        moved.push(r.users.get(u).unwrap(), r.items.get(i).unwrap(), y);
    }
    (r.triples(), moved)
}
