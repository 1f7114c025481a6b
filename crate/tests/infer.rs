//! Using a model: predictions, fold-in, recommendations, similar items.

mod common;

use std::ops::ControlFlow;

use als_core::infer::RecommendOptions;
use als_core::model::Model;
use als_core::params::AlsParams;
use als_core::train::{fit, FitOptions};
use common::{planted, split};

fn model() -> (Model, als_core::data::Dataset) {
    let coo = planted(200, 150, 3, 0.3, 0.3, 31);
    let (train, _) = split(&coo, 200, 152, 0.0, 1); // items 150, 151 unrated
    let params = AlsParams {
        k: 5,
        epochs: 40,
        ..AlsParams::conventional(5, 2.0, 2.0)
    };
    (
        fit(&train, &params, &FitOptions::default(), |_| ControlFlow::Continue(()))
            .unwrap()
            .model,
        train,
    )
}

#[test]
fn predict_uses_biases_for_unrated_items() {
    let (m, _) = model();
    let want = m.mu() + m.user_bias()[7];
    assert!((m.predict(7, 151).unwrap() - want).abs() < 1e-6);
    assert_eq!(
        m.predict_batch(&[7, 8], &[3, 151]).unwrap(),
        vec![m.predict(7, 3).unwrap(), m.predict(8, 151).unwrap()]
    );
    assert_eq!(m.predict(200, 0).unwrap_err().code(), "INDEX_OUT_OF_RANGE");
    assert_eq!(m.predict_batch(&[1], &[]).unwrap_err().code(), "LENGTH_MISMATCH");
}

#[test]
fn folding_in_a_training_user_reproduces_it() {
    let (m, train) = model();
    let rows = train.by_user();
    for u in [0usize, 17, 99] {
        let r = rows.range(u);
        let f = m
            .fold_in_user(&rows.indices[r.clone()], &rows.row_values(u), 50)
            .unwrap();
        let p = &m.user_factors().row(u)[..5];
        let err: f32 = f.factors.iter().zip(p).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        // The model is 40 epochs from converged, so the next user step moves p_u a little.
        assert!(err < 5e-3, "user {u}: {:?} vs {:?}", f.factors, p);
        assert!((f.bias - m.user_bias()[u]).abs() < 5e-3);
    }
    assert_eq!(
        m.fold_in_user(&[1, 1], &[3.0, 4.0], 1).unwrap_err().code(),
        "INVALID_PARAM"
    );
    assert_eq!(
        m.fold_in_user(&[1], &[f32::NAN], 1).unwrap_err().code(),
        "INVALID_RATING"
    );
    let empty = m.fold_in_user(&[], &[], 1).unwrap();
    assert!(empty.bias == 0.0 && empty.factors.iter().all(|&v| v == 0.0));
}

#[test]
fn recommendations_follow_the_seed_score() {
    let (m, _) = model();
    let f = m.fold_in_user(&[0, 1, 2], &[5.0, 4.5, 1.0], 1).unwrap();
    let opts = RecommendOptions {
        n: 5,
        min_ratings: 20,
        exclude: &[0, 1, 2],
        ..Default::default()
    };
    let recs = m.recommend(&f.factors, &opts).unwrap();
    assert_eq!(recs.len(), 5);
    assert!(recs.windows(2).all(|w| w[0].score >= w[1].score));
    for s in &recs {
        assert!(s.item > 2 && m.item_counts()[s.item as usize] >= 20);
        let q = &m.item_factors().row(s.item as usize)[..5];
        let want =
            m.mu() + q.iter().zip(&f.factors).map(|(a, b)| a * b).sum::<f32>() + 0.05 * m.item_bias()[s.item as usize];
        assert!((s.score - want).abs() < 1e-4);
    }
    let by_user = m.recommend_user(4, &RecommendOptions::default()).unwrap();
    assert_eq!(by_user.len(), 10);
}

#[test]
fn new_users_are_ranked_by_item_direction() {
    let (m, _) = model();
    let (items, ratings) = ([0, 1, 2], [5.0, 4.5, 1.0]);
    let f = m.fold_in_user(&items, &ratings, 1).unwrap();
    let opts = RecommendOptions {
        n: 5,
        min_ratings: 20,
        ..Default::default()
    };
    let recs = m.recommend_new_user(&items, &ratings, &opts).unwrap();
    assert_eq!(recs.len(), 5);
    assert!(recs.windows(2).all(|w| w[0].score >= w[1].score));
    for s in &recs {
        assert!(s.item > 2 && m.item_counts()[s.item as usize] >= 20);
        let q = &m.item_factors().row(s.item as usize)[..5];
        let norm = q.iter().map(|x| x * x).sum::<f32>().sqrt();
        let taste = q.iter().zip(&f.factors).map(|(a, b)| a * b).sum::<f32>() / norm;
        let want = m.mu() + taste + 0.05 * m.item_bias()[s.item as usize];
        assert!((s.score - want).abs() < 1e-4, "{} vs {want}", s.score);
    }
    // The same list as `recommend` with `by_direction`.
    let opts = RecommendOptions {
        n: 5,
        min_ratings: 20,
        exclude: &items,
        by_direction: true,
        ..Default::default()
    };
    assert_eq!(m.recommend(&f.factors, &opts).unwrap(), recs);
}

#[test]
fn similar_items_by_cosine() {
    let (m, _) = model();
    let sims = m
        .similar_items(
            10,
            &RecommendOptions {
                n: 3,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(sims.len(), 3);
    assert!(sims.iter().all(|s| s.item != 10 && s.score <= 1.0 + 1e-5));
    let zero = AlsParams {
        k: 0,
        epochs: 1,
        ..AlsParams::reference()
    };
    let (_, train) = model();
    let m0 = fit(&train, &zero, &FitOptions::default(), |_| ControlFlow::Continue(()))
        .unwrap()
        .model;
    assert_eq!(
        m0.similar_items(0, &RecommendOptions::default()).unwrap_err().code(),
        "INVALID_PARAM"
    );
}
