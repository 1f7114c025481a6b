//! The precisions and their conjugate Gibbs updates: noise `alpha`, user and
//! item bias precisions, per-factor precisions of the user and item factors
//! (the diagonal of Bayesian PMF's Wishart-distributed precision matrix),
//! and the genre embeddings' precision. Each has a `Gamma(1, 1)` prior
//! (`gamma::HYPER_SHAPE`, `HYPER_RATE`). The sums run over rows in order
//! in f64: the same draws on any thread count.

use super::gamma::precision;
use crate::factors::Factors;
use crate::model::Model;
use crate::rng::SplitMix64;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Hyper {
    pub alpha: f64,
    pub user_bias: f64,
    pub item_bias: f64,
    pub user_f: Vec<f64>,
    pub item_f: Vec<f64>,
    pub genre: f64,
}

impl Hyper {
    /// A state to start the chain from: precisions 1, noise from the fit.
    pub fn initial(k: usize, alpha: f64) -> Self {
        Hyper {
            alpha,
            user_bias: 1.0,
            item_bias: 1.0,
            user_f: vec![1.0; k],
            item_f: vec![1.0; k],
            genre: 1.0,
        }
    }

    /// Draw every precision given the model's current state and `sse`, the
    /// sum of its squared training residuals over `nnz` ratings.
    pub fn draw(&mut self, m: &Model, sse: f64, nnz: usize, rng: &mut SplitMix64) {
        self.alpha = precision(rng, nnz as f64, sse);
        self.user_bias = precision(rng, m.n_users() as f64, sum_sq(&m.user_bias));
        self.item_bias = precision(rng, m.n_items() as f64, sum_sq(&m.item_bias));
        let prior = m.genre.as_ref().map(|g| &g.prior);
        for (prec, ss) in self.user_f.iter_mut().zip(column_sq(&m.p, None)) {
            *prec = precision(rng, m.n_users() as f64, ss);
        }
        for (prec, ss) in self.item_f.iter_mut().zip(column_sq(&m.q, prior)) {
            *prec = precision(rng, m.n_items() as f64, ss);
        }
        if let Some(g) = m.genre.as_ref() {
            let ss: f64 = column_sq(&g.w, None).iter().sum();
            self.genre = precision(rng, (g.w.rows() * g.w.k()) as f64, ss);
        }
    }
}

fn sum_sq(v: &[f32]) -> f64 {
    v.iter().map(|&x| x as f64 * x as f64).sum()
}

/// Per column `f`: `Σ_r (x_rf − mean_rf)²` (`mean` 0 without one).
fn column_sq(x: &Factors, mean: Option<&Factors>) -> Vec<f64> {
    let k = x.k();
    let mut ss = vec![0.0f64; k];
    for r in 0..x.rows() {
        let row = &x.row(r)[..k];
        for (f, s) in ss.iter_mut().enumerate() {
            let d = row[f] as f64 - mean.map_or(0.0, |m| m.row(r)[f] as f64);
            *s += d * d;
        }
    }
    ss
}
