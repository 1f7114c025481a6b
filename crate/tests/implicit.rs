//! Implicit feedback: a planted low-rank preference model is recovered (for
//! training users and for held-out users folded in), a seed gives the same
//! model on any thread count, bad events are rejected.

use std::ops::ControlFlow;

use als_core::data::split::{split_mask, SplitStrategy};
use als_core::data::{Coo, Dataset};
use als_core::factors::Factors;
use als_core::model::{Model, ModelParts};
use als_core::params::{AlsParams, Confidence, Feedback, ImplicitParams};
use als_core::ranking::{evaluate_new_users, evaluate_ranking, recommend_many};
use als_core::rng::SplitMix64;
use als_core::train::{fit, FitOptions};

const K_TRUE: usize = 4;

/// A topic model, so the probability of an event is itself low-rank: each
/// user mixes `K_TRUE` topics (weights `p_u ≥ 0`), each topic draws items
/// with weights `q_i ≥ 0` (log-normal: some items are far more popular).
/// A user picks `per_user` distinct items by Gumbel-top-k on `ln p_u·q_i`
/// (sampling without replacement). Counts are 1..=3 (repeat plays).
fn planted(nu: usize, ni: usize, per_user: usize, spread: f64, seed: u64) -> (Coo, Vec<f32>, Vec<f32>) {
    let mut g = SplitMix64::new(seed);
    let p: Vec<f32> = (0..nu * K_TRUE).map(|_| (g.normal() * spread).exp() as f32).collect();
    let q: Vec<f32> = (0..ni * K_TRUE).map(|_| (g.normal() * spread).exp() as f32).collect();
    let mut coo = Coo::default();
    for u in 0..nu {
        let mut keys: Vec<(f64, u32)> = (0..ni)
            .map(|i| {
                let s: f32 = (0..K_TRUE).map(|f| p[u * K_TRUE + f] * q[i * K_TRUE + f]).sum();
                let gumbel = -(-(g.next_f64().max(1e-300)).ln()).ln();
                ((s as f64).ln() + gumbel, i as u32)
            })
            .collect();
        keys.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut items: Vec<u32> = keys[..per_user].iter().map(|k| k.1).collect();
        items.sort_unstable();
        for i in items {
            coo.push(u as u32, i, 1.0 + (g.next_u64() % 3) as f32);
        }
    }
    (coo, p, q)
}

fn datasets(coo: &Coo, nu: usize, ni: usize) -> (Dataset, Dataset) {
    let mask = split_mask(coo.view(), nu, SplitStrategy::PerUser { test_fraction: 0.2 }, 5).unwrap();
    let (tr, te) = (
        coo.view().select(&mask, false).unwrap(),
        coo.view().select(&mask, true).unwrap(),
    );
    (
        Dataset::from_coo(nu, ni, tr.view()).unwrap(),
        Dataset::from_coo(nu, ni, te.view()).unwrap(),
    )
}

fn implicit_params(k: usize, epochs: usize) -> AlsParams {
    AlsParams {
        k,
        epochs,
        feedback: Feedback::Implicit(ImplicitParams {
            alpha: 2.0,
            ..Default::default()
        }),
        ..AlsParams::conventional(k, 0.01, 0.0)
    }
}

fn true_model(nu: usize, ni: usize, p: &[f32], q: &[f32]) -> Model {
    Model::from_parts(ModelParts {
        params: AlsParams::conventional(K_TRUE, 1.0, 0.0),
        mu: 0.0,
        user_bias: vec![0.0; nu],
        item_bias: vec![0.0; ni],
        p: Factors::from_dense(K_TRUE, p).unwrap(),
        q: Factors::from_dense(K_TRUE, q).unwrap(),
        genre: None,
        user_counts: vec![0; nu],
        item_counts: vec![0; ni],
    })
    .unwrap()
}

fn train(train: &Dataset, params: &AlsParams) -> Model {
    fit(train, params, &FitOptions::default(), |_| ControlFlow::Continue(()))
        .unwrap()
        .model
}

#[test]
fn planted_preferences_are_recovered() {
    let (nu, ni) = (2000, 300);
    let (coo, p, q) = planted(nu, ni, 40, 1.5, 11);
    let (tr, te) = datasets(&coo, nu, ni);
    let params = recovery_params();
    let model = train(&tr, &params);
    let ndcg = |m: &Model| evaluate_ranking(m, Some(&tr), &te, &[10], None).unwrap()[0].ndcg;
    let (got, truth) = (ndcg(&model), ndcg(&true_model(nu, ni, &p, &q)));
    // Popularity, for scale: item scores = training counts, no factors.
    let pop = popularity(nu, &tr, &q);
    let popularity = ndcg(&pop);
    assert!(got >= 0.9 * truth, "NDCG@10 {got:.4} vs the true factors' {truth:.4}");
    assert!(got > 1.4 * popularity, "NDCG@10 {got:.4} vs popularity {popularity:.4}");
}

/// The pairs of the users `users` of `coo`, renumbered from `users.start`.
fn users_in(coo: &Coo, users: std::ops::Range<u32>) -> Coo {
    let mut out = Coo::default();
    for ((&u, &i), &r) in coo.users.iter().zip(&coo.items).zip(&coo.ratings) {
        if users.contains(&u) {
            out.push(u - users.start, i, r);
        }
    }
    out
}

/// The implicit parameters the recovery tests train with (a small alpha: counts are 1..=3).
fn recovery_params() -> AlsParams {
    AlsParams {
        feedback: Feedback::Implicit(ImplicitParams {
            alpha: 0.5,
            ..Default::default()
        }),
        ..implicit_params(K_TRUE, 12)
    }
}

/// Popularity for `nu` users: item scores = `train`'s counts, no factors.
fn popularity(nu: usize, train: &Dataset, q: &[f32]) -> Model {
    Model::from_parts(ModelParts {
        item_bias: train.item_counts().iter().map(|&c| c as f32).collect(),
        ..true_model(nu, train.n_items(), &vec![0.0; nu * K_TRUE], q).to_parts()
    })
    .unwrap()
}

#[test]
fn held_out_users_are_folded_in_and_ranked() {
    // Strong generalization: the last 400 users never reach training; each
    // is folded in from 80% of their events and ranked on the other 20%.
    let (nu, ni, seen) = (2000, 300, 1600u32);
    let (coo, p, q) = planted(nu, ni, 40, 1.5, 11);
    let tr = Dataset::from_coo(seen as usize, ni, users_in(&coo, 0..seen).view()).unwrap();
    let params = recovery_params();
    let model = train(&tr, &params);
    let n_new = nu - seen as usize;
    let (history, held) = datasets(&users_in(&coo, seen..nu as u32), n_new, ni);
    let got = evaluate_new_users(&model, &history, &held, &[10, 20], None).unwrap();
    assert_eq!(got[0].users, n_new);
    let truth_model = true_model(n_new, ni, &p[seen as usize * K_TRUE..], &q);
    let truth = evaluate_ranking(&truth_model, Some(&history), &held, &[10], None).unwrap()[0].ndcg;
    let pop = popularity(n_new, &tr, &q);
    let popularity = evaluate_ranking(&pop, Some(&history), &held, &[10], None).unwrap()[0].ndcg;
    let ndcg = got[0].ndcg;
    assert!(
        ndcg >= 0.85 * truth,
        "NDCG@10 {ndcg:.4} vs the true factors' {truth:.4}"
    );
    assert!(
        ndcg > 1.4 * popularity,
        "NDCG@10 {ndcg:.4} vs popularity {popularity:.4}"
    );
    assert!(got[1].recall > got[0].recall);
    // The same on any thread count; mismatched shapes are refused.
    let again = on_threads(1, || {
        evaluate_new_users(&model, &history, &held, &[10, 20], None).unwrap()
    });
    assert_eq!(got, again);
    let bad = Dataset::from_coo(n_new, ni + 1, Coo::default().view()).unwrap();
    assert_eq!(
        evaluate_new_users(&model, &history, &bad, &[10], None)
            .unwrap_err()
            .code(),
        "LENGTH_MISMATCH"
    );
}

#[test]
fn same_model_on_any_thread_count() {
    let (coo, _, _) = planted(500, 400, 25, 1.0, 3);
    let (tr, _) = datasets(&coo, 500, 400);
    for imp in [
        ImplicitParams::default(),
        ImplicitParams {
            confidence: Confidence::Log { eps: 0.5 },
            nu: 0.0,
            alpha: 4.0,
        },
    ] {
        let params = AlsParams {
            feedback: Feedback::Implicit(imp),
            ..implicit_params(9, 3)
        };
        let run = || train(&tr, &params);
        let one = on_threads(1, run);
        for n in [2, 8] {
            assert!(one == on_threads(n, run), "model differs on {n} threads ({imp:?})");
        }
        let lists = |m: &Model| recommend_many(m, Some(tr.by_user()), &[0, 7, 499], 10).unwrap();
        assert_eq!(lists(&one), on_threads(2, || lists(&one)));
    }
}

fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn lists_leave_out_seen_items() {
    let (coo, _, _) = planted(50, 40, 10, 1.0, 8);
    let (tr, _) = datasets(&coo, 50, 40);
    let model = train(&tr, &implicit_params(4, 3));
    let lists = recommend_many(&model, Some(tr.by_user()), &[0, 1, 2], 40).unwrap();
    for (u, list) in lists.iter().enumerate() {
        let seen = &tr.by_user().indices[tr.by_user().range(u)];
        assert_eq!(list.len(), 40 - seen.len());
        assert!(list.iter().all(|s| !seen.contains(&s.item)));
        assert!(list.windows(2).all(|w| w[0].score >= w[1].score));
    }
    assert_eq!(
        recommend_many(&model, None, &[50], 3).unwrap_err().code(),
        "INDEX_OUT_OF_RANGE"
    );
}

#[test]
fn bad_events_and_parameters_are_rejected() {
    let mut coo = Coo::default();
    coo.push(0, 0, 1.0);
    coo.push(0, 1, -2.0);
    let d = Dataset::from_coo(1, 2, coo.view()).unwrap();
    let err = |p: AlsParams| {
        fit(&d, &p, &FitOptions::default(), |_| ControlFlow::Continue(()))
            .err()
            .unwrap()
    };
    assert_eq!(err(implicit_params(2, 1)).code(), "INVALID_RATING");
    let bad_alpha = AlsParams {
        feedback: Feedback::Implicit(ImplicitParams {
            alpha: f32::NAN,
            ..Default::default()
        }),
        ..implicit_params(2, 1)
    };
    assert_eq!(err(bad_alpha).code(), "INVALID_PARAM");
    assert_eq!(
        err(AlsParams {
            k: 0,
            ..implicit_params(2, 1)
        })
        .code(),
        "INVALID_PARAM"
    );
}

#[test]
fn model_files_keep_the_feedback_kind_and_version_1_still_reads() {
    use als_core::format::{crc32, load, save, ModelFileRef};
    let (coo, _, _) = planted(30, 20, 5, 1.0, 2);
    let (tr, _) = datasets(&coo, 30, 20);
    let ids = |n: u32| (0..n).map(|i| i * 3 + 1).collect::<Vec<u32>>();
    let (users, items) = (ids(30), ids(20));
    let file = |m: &Model| {
        save(&ModelFileRef {
            model: m,
            user_ids: &users,
            item_ids: &items,
            genre_labels: &[],
            train: Some(&tr),
            provenance: None,
        })
    };
    let implicit = train(&tr, &implicit_params(3, 2));
    let bytes = file(&implicit);
    assert_eq!(bytes[8], 2, "format version 2");
    assert_eq!(bytes[12] & 8, 8, "flag bit 3 (FEED)");
    assert_eq!(load(&bytes).unwrap().model, implicit);
    // An explicit model written as version 1 (no FEED) still reads.
    let explicit = train(
        &tr,
        &AlsParams {
            k: 3,
            epochs: 2,
            ..Default::default()
        },
    );
    let mut v1 = file(&explicit);
    assert_eq!(v1[12] & 8, 0);
    v1[8] = 1;
    let n = v1.len();
    let crc = crc32(&v1[..n - 4]);
    v1[n - 4..].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(load(&v1).unwrap().model, explicit);
    // Version 1 knows no FEED flag.
    let mut bad = bytes.clone();
    bad[8] = 1;
    let crc = crc32(&bad[..bad.len() - 4]);
    let m = bad.len();
    bad[m - 4..].copy_from_slice(&crc.to_le_bytes());
    assert!(load(&bad).unwrap_err().to_string().contains("unknown flags"));
}
