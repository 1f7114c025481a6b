//! Numerical safety: degenerate and extreme data never produce NaN.

use std::ops::ControlFlow;

use als_core::data::{Coo, Dataset};
use als_core::params::{AlsParams, Regularization};
use als_core::train::{fit, FitOptions};

fn train(coo: &Coo, nu: usize, ni: usize, params: AlsParams) -> als_core::model::Model {
    let d = Dataset::from_coo(nu, ni, coo.view()).unwrap();
    let res = fit(
        &d,
        &params,
        &FitOptions {
            train_metrics: true,
            ..Default::default()
        },
        |_| ControlFlow::Continue(()),
    )
    .unwrap();
    assert!(res.history.iter().all(|s| s.train.unwrap().rmse.is_finite()));
    res.model
}

fn all_finite(m: &als_core::model::Model) -> bool {
    let v = [
        m.user_bias(),
        m.item_bias(),
        m.user_factors().as_slice(),
        m.item_factors().as_slice(),
    ];
    v.iter().all(|s| s.iter().all(|x| x.is_finite()))
}

fn coo_of(triples: &[(u32, u32, f32)]) -> Coo {
    let mut c = Coo::default();
    triples.iter().for_each(|&(u, i, r)| c.push(u, i, r));
    c
}

fn params(k: usize, reg: Regularization) -> AlsParams {
    AlsParams {
        k,
        epochs: 5,
        regularization: reg,
        ..AlsParams::reference()
    }
}

const REGS: [Regularization; 3] = [
    Regularization::Uniform,
    Regularization::Scaled,
    Regularization::ScaledFactors,
];

#[test]
fn rows_with_one_rating() {
    let c = coo_of(&[(0, 0, 4.0), (1, 1, 2.0), (2, 2, 5.0), (3, 0, 1.0)]);
    for reg in REGS {
        for k in [0, 1, 8, 33] {
            assert!(all_finite(&train(&c, 5, 4, params(k, reg))), "k={k} {reg:?}");
        }
    }
}

#[test]
fn duplicate_vectors_and_constant_ratings() {
    // Every user rates every item 3.0: the Gram matrices are rank one and
    // all residuals vanish.
    let mut c = Coo::default();
    (0..20).for_each(|u| (0..15).for_each(|i| c.push(u, i, 3.0)));
    for reg in REGS {
        let m = train(&c, 20, 15, params(10, reg));
        assert!(all_finite(&m));
        assert!((m.predict(3, 4).unwrap() - 3.0).abs() < 1e-3);
    }
    let tiny = AlsParams {
        tau: 1e-30,
        gamma: 0.0,
        ..params(10, Regularization::Uniform)
    };
    assert!(all_finite(&train(&c, 20, 15, tiny)));
}

#[test]
fn extreme_values() {
    let mut c = Coo::default();
    (0..30).for_each(|u| (0..20).for_each(|i| c.push(u, i, if (u + i) % 2 == 0 { 1e15 } else { -1e15 })));
    for reg in REGS {
        assert!(all_finite(&train(&c, 30, 20, params(6, reg))));
    }
    let mut small = Coo::default();
    (0..30).for_each(|u| (0..20).for_each(|i| small.push(u, i, 1e-30 * (u * i) as f32)));
    assert!(all_finite(&train(&small, 30, 20, params(6, Regularization::Uniform))));
}

#[test]
fn overflow_is_reported_not_published() {
    let c = coo_of(&[(0, 0, 3e38), (0, 1, 3e38), (1, 0, 3e38), (1, 1, -3e38)]);
    let d = Dataset::from_coo(2, 2, c.view()).unwrap();
    let err = fit(&d, &params(2, Regularization::Uniform), &FitOptions::default(), |_| {
        ControlFlow::Continue(())
    })
    .err()
    .unwrap();
    assert_eq!(err.code(), "NON_FINITE");
}
