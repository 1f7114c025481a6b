//! The evidence behind the library's defaults: candidate configurations,
//! each scored by validation RMSE on a validation split carved from the
//! training part of five 80/20 splits (seeds 1–5), with early stopping; the
//! test parts are only scored afterwards, for the report.
//!
//! `cargo run --release --example movielens -- <dir> --defaults [--quick] [--seeds N]`
//!
//! `--quick` narrows the grid (K=64, bias ridge 1 or 2) for the larger sets;
//! `--seeds N` uses the first N splits; `--taus 0.1,0.12` replaces the factor ridges tried.

use std::ops::ControlFlow;

use als_core::data::ItemGenres;
use als_core::infer::RecommendOptions;
use als_core::metrics::evaluate;
use als_core::params::{AlsParams, Regularization};
use als_core::train::{fit, EarlyStop, FitOptions};

use crate::load::MovieLens;
use crate::run::{mean, split, Split};

const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];
/// Most epochs; early stopping usually ends sooner.
const MAX_EPOCHS: usize = 40;
const EARLY: EarlyStop = EarlyStop {
    patience: 3,
    min_delta: 1e-4,
};

struct Outer {
    split: Split,
    inner: Split,
}

pub fn run(ml: &MovieLens, quick: bool, n_seeds: usize, taus: Option<Vec<f32>>) {
    let seeds = &SEEDS[..n_seeds.clamp(1, SEEDS.len())];
    let outers: Vec<Outer> = seeds
        .iter()
        .map(|&s| {
            let outer = split(&ml.coo, ml.n_users, ml.n_items, 0.2, s);
            let inner = split(&outer.train_coo, ml.n_users, ml.n_items, 0.1, 1000 + s);
            Outer { split: outer, inner }
        })
        .collect();
    let genres = Some(&ml.genres);
    println!(
        "\n== candidates: validation RMSE (10% of each training part, early stopping patience {}), mean over seeds {seeds:?}",
        EARLY.patience
    );
    let mut scored = score_all(&outers, candidates(quick, taus.as_deref()), genres);
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let top: Vec<(String, AlsParams)> = scored.iter().take(3).map(|s| (s.2.clone(), s.3.clone())).collect();
    scored.extend(score_all(&outers, with_prior(&top, quick), genres));
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("\n== top 5 by validation, and the reference parameterization: test RMSE / MAE on the 20% test parts");
    let reference = (
        f64::NAN,
        30,
        "reference (seed preset), 30 epochs".to_string(),
        AlsParams::reference(),
    );
    for (v, epochs, label, p) in scored.iter().take(5).chain(std::iter::once(&reference)) {
        let g = if p.genre_prior { genres } else { None };
        let runs: Vec<(f64, f64)> = outers
            .iter()
            .zip(SEEDS)
            .map(|(o, s)| {
                test(
                    &o.split,
                    &AlsParams {
                        seed: s,
                        epochs: (*epochs).min(30),
                        ..p.clone()
                    },
                    g,
                )
            })
            .collect();
        let rmse: Vec<f64> = runs.iter().map(|r| r.0).collect();
        let shown: Vec<String> = rmse.iter().map(|r| format!("{r:.4}")).collect();
        println!(
            "{label:<58} val {v:.4}  test {:.4} [{}]  MAE {:.4}  ({} epochs)",
            mean(&rmse),
            shown.join(" "),
            mean(&runs.iter().map(|r| r.1).collect::<Vec<_>>()),
            (*epochs).min(30)
        );
        if let Some(t) = taste(
            ml,
            &AlsParams {
                epochs: 30,
                ..p.clone()
            },
        ) {
            println!("    one-rating user (movieId 1 = 5, floor 50): {}/10 Animation|Children; similar to movieId 1 (>= 10 ratings): {}/10", t.0, t.1);
        }
    }
}

/// For a model trained like `als-wasm train` (90/10 split, seed 42): how many of the top 10 for a
/// user who rated only movieId 1 (Toy Story) 5, and of its 10 nearest movies, are Animation or
/// Children. None when the data has no movieId 1 or no such genres.
fn taste(ml: &MovieLens, p: &AlsParams) -> Option<(usize, usize)> {
    let toy = ml.item_ids.iter().position(|&id| id == 1)? as u32;
    let family: Vec<u32> = ["Animation", "Children"]
        .iter()
        .filter_map(|g| ml.genre_names.iter().position(|n| n == g).map(|x| x as u32))
        .collect();
    if family.is_empty() {
        return None;
    }
    let s = split(&ml.coo, ml.n_users, ml.n_items, 0.1, 42);
    let g = if p.genre_prior { Some(&ml.genres) } else { None };
    let opts = FitOptions {
        genres: g,
        ..Default::default()
    };
    let m = fit(&s.train, p, &opts, |_| ControlFlow::Continue(())).unwrap().model;
    let is_family = |i: u32| ml.genres.genres_of(i as usize).iter().any(|x| family.contains(x));
    let user = m.fold_in_user(&[toy], &[5.0], 1).unwrap();
    let recs = m
        .recommend(
            &user.factors,
            &RecommendOptions {
                min_ratings: 50,
                exclude: &[toy],
                ..Default::default()
            },
        )
        .unwrap();
    let similar = m
        .similar_items(
            toy,
            &RecommendOptions {
                min_ratings: 10,
                ..Default::default()
            },
        )
        .unwrap();
    let count = |v: &[als_core::infer::Scored]| v.iter().filter(|s| is_family(s.item)).count();
    // Scoring variants for the new user (experiment): the full prediction, and q·p over |q|.
    let q = m.item_factors();
    let k = m.k();
    let mut full: Vec<(f32, u32)> = Vec::new();
    let mut cos: Vec<(f32, u32)> = Vec::new();
    let mut cos_b: Vec<(f32, u32)> = Vec::new();
    for i in 0..m.n_items() {
        if i as u32 == toy || m.item_counts()[i] < 50 {
            continue;
        }
        let qi = &q.row(i)[..k];
        let qp: f32 = qi.iter().zip(&user.factors).map(|(a, b)| a * b).sum();
        let n = qi.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        full.push((qp + m.item_bias()[i], i as u32));
        cos.push((qp / n, i as u32));
        cos_b.push((qp / n + 0.05 * m.item_bias()[i], i as u32));
    }
    let top = |mut v: Vec<(f32, u32)>| {
        v.sort_by(|a, b| b.0.total_cmp(&a.0));
        v.iter().take(10).filter(|x| is_family(x.1)).count()
    };
    let ids: Vec<u64> = recs.iter().map(|s| ml.item_ids[s.item as usize]).collect();
    println!(
        "    variants: full prediction {}/10, q·p/|q| {}/10, q·p/|q| + 0.05 b_i {}/10; reference top 10 movieIds {ids:?}",
        top(full),
        top(cos),
        top(cos_b)
    );
    Some((count(&recs), count(&similar)))
}

type Scored = (f64, usize, String, AlsParams);

/// Mean validation RMSE and the latest best epoch over the seeds, per candidate.
fn score_all(outers: &[Outer], cands: Vec<(String, AlsParams)>, genres: Option<&ItemGenres>) -> Vec<Scored> {
    let mut scored = Vec::new();
    for (label, p) in cands {
        let g = if p.genre_prior { genres } else { None };
        let vals: Vec<(f64, usize)> = outers
            .iter()
            .zip(SEEDS)
            .map(|(o, s)| validate(&o.inner, &AlsParams { seed: s, ..p.clone() }, g))
            .collect();
        let v = mean(&vals.iter().map(|x| x.0).collect::<Vec<_>>());
        let best_epochs: Vec<usize> = vals.iter().map(|x| x.1).collect();
        println!("{label:<58} val {v:.4}  best epochs {best_epochs:?}");
        scored.push((v, *best_epochs.iter().max().unwrap(), label, p));
    }
    scored
}

/// Best validation RMSE under early stopping, and its epoch.
fn validate(s: &Split, p: &AlsParams, genres: Option<&ItemGenres>) -> (f64, usize) {
    let opts = FitOptions {
        eval: Some(&s.test),
        genres,
        early_stop: Some(EARLY),
        ..Default::default()
    };
    let p = AlsParams {
        epochs: MAX_EPOCHS,
        ..p.clone()
    };
    let r = fit(&s.train, &p, &opts, |_| ControlFlow::Continue(())).unwrap();
    (evaluate(&r.model, &s.test).unwrap().rmse, r.best_epoch)
}

/// Test RMSE and MAE after training on the whole training part.
fn test(s: &Split, p: &AlsParams, genres: Option<&ItemGenres>) -> (f64, f64) {
    let opts = FitOptions {
        genres,
        ..Default::default()
    };
    let m = fit(&s.train, p, &opts, |_| ControlFlow::Continue(())).unwrap().model;
    let e = evaluate(&m, &s.test).unwrap();
    (e.rmse, e.mae)
}

/// Stage 1: the reference parameterization, ALS-WR on the factors
/// (conventional form) over K × factor ridge × bias ridge, and ALS-WR on both.
fn candidates(quick: bool, only_taus: Option<&[f32]>) -> Vec<(String, AlsParams)> {
    let (ks, mut taus, gammas): (&[usize], &[f32], &[f32]) = if quick {
        (&[64], &[0.08, 0.12, 0.18, 0.25], &[1.0, 2.0])
    } else {
        (&[32, 64], &[0.08, 0.12, 0.18, 0.25], &[0.5, 1.0, 2.0, 5.0])
    };
    if let Some(t) = only_taus {
        taus = t;
    }
    let mut out = vec![("reference (seed preset)".to_string(), AlsParams::reference())];
    for &k in ks {
        for &t in taus {
            for &g in gammas {
                let p = AlsParams {
                    regularization: Regularization::ScaledFactors,
                    ..AlsParams::conventional(k, t, g)
                };
                out.push((format!("scaledFactors K {k} tau {t} gamma {g}"), p));
            }
        }
    }
    for &t in if quick { &[][..] } else { taus } {
        for g in [0.1, 0.2] {
            let p = AlsParams {
                regularization: Regularization::Scaled,
                ..AlsParams::conventional(64, t, g)
            };
            out.push((format!("scaled K 64 tau {t} gamma {g}"), p));
        }
    }
    out
}

/// Stage 2: the genre prior (genre ridge eta) on the best stage-1 configurations.
fn with_prior(best: &[(String, AlsParams)], quick: bool) -> Vec<(String, AlsParams)> {
    let etas: &[f32] = if quick { &[1.0, 5.0] } else { &[0.25, 1.0, 5.0, 25.0] };
    let mut out = Vec::new();
    for (label, p) in best {
        for &e in etas {
            let q = AlsParams {
                genre_prior: true,
                eta: e * p.lambda,
                ..p.clone()
            };
            out.push((format!("{label} + genres eta {e}"), q));
        }
    }
    out
}
