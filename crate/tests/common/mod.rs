//! Shared fixtures: a planted low-rank rating generator and a naive f64
//! reference of one ALS epoch written straight from docs/model.md.
#![allow(dead_code)]

use als_core::data::split::{train_test_split, SplitStrategy};
use als_core::data::{Coo, Dataset};
use als_core::model::Model;
use als_core::rng::SplitMix64;

/// Ratings `mu + b_u + b_i + p_u·q_i + N(0, sigma²)` with `p, q ~ N(0, 1/k)`
/// per entry (signal variance ≈ 1), each pair present with probability `density`.
pub fn planted(n_users: usize, n_items: usize, k: usize, density: f64, sigma: f64, seed: u64) -> Coo {
    let mut rng = SplitMix64::new(seed);
    let s = (1.0 / k.max(1) as f64).sqrt();
    let p: Vec<f64> = (0..n_users * k).map(|_| rng.normal() * s).collect();
    let q: Vec<f64> = (0..n_items * k).map(|_| rng.normal() * s).collect();
    let bu: Vec<f64> = (0..n_users).map(|_| rng.normal() * 0.3).collect();
    let bi: Vec<f64> = (0..n_items).map(|_| rng.normal() * 0.3).collect();
    let mut coo = Coo::default();
    for u in 0..n_users {
        for i in 0..n_items {
            if rng.next_f64() < density {
                let dot: f64 = (0..k).map(|c| p[u * k + c] * q[i * k + c]).sum();
                let r = 3.5 + bu[u] + bi[i] + dot + rng.normal() * sigma;
                coo.push(u as u32, i as u32, r as f32);
            }
        }
    }
    coo
}

/// Train and test datasets from a per-rating split.
pub fn split(coo: &Coo, n_users: usize, n_items: usize, ratio: f64, seed: u64) -> (Dataset, Dataset) {
    let (tr, te) = train_test_split(
        coo.view(),
        n_users,
        SplitStrategy::PerRating { test_ratio: ratio },
        seed,
    )
    .unwrap();
    (
        Dataset::from_coo(n_users, n_items, tr.view()).unwrap(),
        Dataset::from_coo(n_users, n_items, te.view()).unwrap(),
    )
}

/// Dense f64 state for the reference.
#[derive(Clone, Debug)]
pub struct RefState {
    pub k: usize,
    pub bu: Vec<f64>,
    pub bi: Vec<f64>,
    pub p: Vec<Vec<f64>>,
    pub q: Vec<Vec<f64>>,
}

impl RefState {
    pub fn from_model(m: &Model) -> Self {
        let k = m.k();
        let rows = |f: &als_core::factors::Factors| {
            (0..f.rows())
                .map(|r| f.row(r)[..k].iter().map(|&v| v as f64).collect())
                .collect()
        };
        RefState {
            k,
            bu: m.user_bias().iter().map(|&v| v as f64).collect(),
            bi: m.item_bias().iter().map(|&v| v as f64).collect(),
            p: rows(m.user_factors()),
            q: rows(m.item_factors()),
        }
    }
}

/// One epoch of the plain model (seed regularization), docs/model.md verbatim.
pub fn reference_epoch(st: &mut RefState, d: &Dataset, lambda: f64, gamma: f64, tau: f64) {
    let mu = d.mu() as f64;
    let (bu, p) = (&mut st.bu, &mut st.p);
    half_step(d.by_user(), mu, &st.bi, &st.q, bu, p, lambda, gamma, tau);
    let (bi, q) = (&mut st.bi, &mut st.q);
    half_step(d.by_item(), mu, &st.bu, &st.p, bi, q, lambda, gamma, tau);
}

#[allow(clippy::too_many_arguments)]
fn half_step(
    csr: als_core::data::csr::CsrRef,
    mu: f64,
    ob: &[f64],
    of: &[Vec<f64>],
    b: &mut [f64],
    f: &mut [Vec<f64>],
    lambda: f64,
    gamma: f64,
    tau: f64,
) {
    let k = f.first().map_or(0, |v| v.len());
    for r in 0..csr.rows() {
        let row: Vec<(usize, f64)> = csr.row(r).map(|(c, y)| (c as usize, y as f64)).collect();
        if row.is_empty() {
            b[r] = 0.0;
            f[r].iter_mut().for_each(|v| *v = 0.0);
            continue;
        }
        let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(a, b)| a * b).sum::<f64>();
        let resid: f64 = row.iter().map(|&(c, y)| y - mu - ob[c] - dot(&f[r], &of[c])).sum();
        b[r] = lambda * resid / (lambda * row.len() as f64 + gamma);
        let mut a = vec![vec![0.0; k]; k];
        let mut rhs = vec![0.0; k];
        for &(c, y) in &row {
            let yv = y - mu - b[r] - ob[c];
            for i in 0..k {
                rhs[i] += lambda * yv * of[c][i];
                for j in 0..k {
                    a[i][j] += lambda * of[c][i] * of[c][j];
                }
            }
        }
        (0..k).for_each(|i| a[i][i] += tau);
        f[r] = gauss_solve(a, rhs);
    }
}

fn gauss_solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for c in 0..n {
        let piv = (c..n).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs())).unwrap();
        a.swap(c, piv);
        b.swap(c, piv);
        for r in c + 1..n {
            let f = a[r][c] / a[c][c];
            let pivot_row = a[c].clone();
            a[r].iter_mut().zip(&pivot_row).skip(c).for_each(|(x, p)| *x -= f * p);
            b[r] -= f * b[c];
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        x[r] = (b[r] - (r + 1..n).map(|j| a[r][j] * x[j]).sum::<f64>()) / a[r][r];
    }
    x
}
