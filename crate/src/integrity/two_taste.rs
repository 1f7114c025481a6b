//! The two-taste test: does one profile fit much better with two factor
//! vectors than with one? With the items fixed (their `q_i` and `b_i`), a
//! user's ratings `z = r − mu − b_i` are regressed on `[1, q_i]` (a bias and
//! a factor vector, with the model's ridges) once, and as a mixture of two
//! such regressions by hard alternating assignment (each rating goes to the
//! vector that predicts it better, then both are re-solved), from two
//! deterministic starts: the sign of the one-vector residual and the side of
//! the principal axis of the rated items' factors. The result is the
//! relative drop of the squared error; `score` compares it with what users
//! of the same profile length gain, since two vectors always fit better.
//!
//! Beside it, the taste coherence: each rating pulls the user's vector
//! along `c_j q_j` (`c_j` = the rating's deviation `r − mu − b_i` centred
//! over the profile); `coherence = ‖Σ c_j q_j‖² / Σ ‖c_j q_j‖²`. With one
//! taste the pulls agree and it grows with the profile; with random signs
//! (no taste) its expectation is 1; two opposite tastes cancel, so a merged
//! account of dissimilar users is less coherent than a profile that long.

use rayon::prelude::*;

use crate::data::Dataset;
use crate::model::Model;

/// A user's errors with one and with two taste vectors.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TwoTaste {
    pub sse_one: f32,
    pub sse_two: f32,
    /// `1 − sse_two / sse_one` (0 when undefined).
    pub gain: f32,
    /// `‖Σ c_j q_j‖² / Σ ‖c_j q_j‖²` (0 when undefined).
    pub coherence: f32,
}

/// The test for every user (`iters` assignment rounds per start).
pub fn two_taste(model: &Model, data: &Dataset, iters: usize) -> Vec<TwoTaste> {
    let csr = data.by_user();
    (0..csr.rows())
        .into_par_iter()
        .with_min_len(8)
        .map(|u| user_two_taste(model, &csr.indices[csr.range(u)], &csr.row_values(u), iters).0)
        .collect()
}

/// One user's test and the best assignment found (`true` = second taste).
pub(crate) fn user_two_taste(model: &Model, items: &[u32], ratings: &[f32], iters: usize) -> (TwoTaste, Vec<bool>) {
    let n = items.len();
    let rows = Rows::new(model, items, ratings);
    let coherence = coherence(model, items, &rows.z);
    if n < 4 {
        return (TwoTaste::default(), vec![false; n]);
    }
    let all = vec![true; n];
    let w = rows.solve(&all);
    let sse_one = rows.errors(&w).iter().sum::<f64>();
    let starts = [
        rows.errors_signed(&w).iter().map(|&e| e > 0.0).collect(),
        rows.principal_split(),
    ];
    // The two tastes share the one-vector bias: with a free bias each, a
    // split by residual sign alone would absorb most of the noise.
    let rows = rows.with_fixed_bias(w[0]);
    let (mut best, mut assign) = (f64::INFINITY, vec![false; n]);
    for start in starts {
        let (sse, a) = rows.mixture(start, iters);
        if sse < best {
            (best, assign) = (sse, a);
        }
    }
    let gain = if sse_one > 0.0 {
        (1.0 - best / sse_one).max(0.0)
    } else {
        0.0
    };
    (
        TwoTaste {
            sse_one: sse_one as f32,
            sse_two: best as f32,
            gain: gain as f32,
            coherence,
        },
        assign,
    )
}

/// `‖Σ c_j q_j‖² / Σ ‖c_j q_j‖²` with `c` = `z` centred (see the module doc).
fn coherence(model: &Model, items: &[u32], z: &[f64]) -> f32 {
    let k = model.k();
    if items.len() < 2 || k == 0 {
        return 0.0;
    }
    let zm = z.iter().sum::<f64>() / z.len() as f64;
    let (mut sum, mut sq) = (vec![0.0f64; k], 0.0f64);
    for (&i, &zj) in items.iter().zip(z) {
        let c = zj - zm;
        let q = &model.q.row(i as usize)[..k];
        let mut n2 = 0.0;
        for (s, &v) in sum.iter_mut().zip(q) {
            *s += c * v as f64;
            n2 += (v as f64).powi(2);
        }
        sq += c * c * n2;
    }
    if sq > 0.0 {
        (sum.iter().map(|s| s * s).sum::<f64>() / sq) as f32
    } else {
        0.0
    }
}

/// A user's design: `x_j = [1, q_j]`, `z_j = r_j − mu − b_j`, in f64.
struct Rows {
    d: usize,
    x: Vec<f64>,
    z: Vec<f64>,
    reg_f: f64,
    reg_b: f64,
    params: crate::params::AlsParams,
    fixed_bias: bool,
}

impl Rows {
    fn new(model: &Model, items: &[u32], ratings: &[f32]) -> Rows {
        let k = model.k();
        let d = k + 1;
        let mut x = Vec::with_capacity(items.len() * d);
        let mut z = Vec::with_capacity(items.len());
        let mut mean = vec![0.0f64; k];
        for &i in items {
            model.q.row(i as usize)[..k]
                .iter()
                .zip(&mut mean)
                .for_each(|(&v, m)| *m += v as f64 / items.len() as f64);
        }
        for (&i, &r) in items.iter().zip(ratings) {
            x.push(1.0);
            x.extend(
                model.q.row(i as usize)[..k]
                    .iter()
                    .zip(&mean)
                    .map(|(&v, m)| v as f64 - m),
            );
            z.push((r - model.mu - model.item_bias[i as usize]) as f64);
        }
        let p = model.params().clone();
        let (rf, rb) = p.ridge(items.len());
        Rows {
            d,
            x,
            z,
            reg_f: rf as f64 / p.lambda as f64,
            reg_b: rb as f64 / p.lambda as f64,
            params: p,
            fixed_bias: false,
        }
    }

    /// The same design with the bias fixed at `b` (taken out of `z`).
    fn with_fixed_bias(mut self, b: f64) -> Rows {
        self.z.iter_mut().for_each(|z| *z -= b);
        self.fixed_bias = true;
        self
    }

    fn row(&self, j: usize) -> &[f64] {
        &self.x[j * self.d..(j + 1) * self.d]
    }

    /// Ridge solution over the rows with `mask[j]`.
    fn solve(&self, mask: &[bool]) -> Vec<f64> {
        let d = self.d;
        let m = mask.iter().filter(|&&b| b).count();
        let (rf, rb) = self.params.ridge(m);
        let lam = self.params.lambda as f64;
        let (rf, rb) = if m == self.z.len() {
            (self.reg_f, self.reg_b)
        } else {
            (rf as f64 / lam, rb as f64 / lam)
        };
        let mut a = vec![0.0f64; d * d];
        let mut b = vec![0.0f64; d];
        for j in (0..self.z.len()).filter(|&j| mask[j]) {
            let xj = self.row(j);
            for r in 0..d {
                b[r] += self.z[j] * xj[r];
                for c in r..d {
                    a[r * d + c] += xj[r] * xj[c];
                }
            }
        }
        a[0] += if self.fixed_bias { 1e12 } else { rb.max(1e-6) };
        for r in 1..d {
            a[r * d + r] += rf.max(1e-6);
        }
        cholesky_solve(&mut a, &mut b, d);
        b
    }

    fn errors_signed(&self, w: &[f64]) -> Vec<f64> {
        (0..self.z.len())
            .map(|j| self.z[j] - self.row(j).iter().zip(w).map(|(a, b)| a * b).sum::<f64>())
            .collect()
    }

    fn errors(&self, w: &[f64]) -> Vec<f64> {
        self.errors_signed(w).into_iter().map(|e| e * e).collect()
    }

    /// Hard alternating assignment from `assign`: (sse, final assignment).
    fn mixture(&self, mut assign: Vec<bool>, iters: usize) -> (f64, Vec<bool>) {
        let mut sse = f64::INFINITY;
        for _ in 0..iters.max(1) {
            let ones = assign.iter().filter(|&&b| b).count();
            if ones < 2 || ones + 2 > assign.len() {
                break;
            }
            let not: Vec<bool> = assign.iter().map(|b| !b).collect();
            let (e0, e1) = (self.errors(&self.solve(&not)), self.errors(&self.solve(&assign)));
            let next: Vec<bool> = e0.iter().zip(&e1).map(|(a, b)| b < a).collect();
            sse = e0.iter().zip(&e1).map(|(a, b)| a.min(*b)).sum();
            if next == assign {
                break;
            }
            assign = next;
        }
        (sse, assign)
    }

    /// Which side of the principal axis of the (centred) item factors each
    /// rated item lies on (20 power iterations from a fixed start).
    fn principal_split(&self) -> Vec<bool> {
        let (n, d) = (self.z.len(), self.d);
        let mut mean = vec![0.0; d];
        (0..n).for_each(|j| self.row(j).iter().zip(&mut mean).for_each(|(x, m)| *m += x / n as f64));
        let centred = |j: usize, c: usize| self.row(j)[c] - mean[c];
        let mut v: Vec<f64> = (0..d)
            .map(|c| if c == 0 { 0.0 } else { 1.0 + 0.1 * c as f64 })
            .collect();
        for _ in 0..20 {
            let mut next = vec![0.0; d];
            for j in 0..n {
                let s: f64 = (1..d).map(|c| centred(j, c) * v[c]).sum();
                (1..d).for_each(|c| next[c] += s * centred(j, c));
            }
            let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 {
                break;
            }
            v = next.into_iter().map(|x| x / norm).collect();
        }
        (0..n)
            .map(|j| (1..d).map(|c| centred(j, c) * v[c]).sum::<f64>() > 0.0)
            .collect()
    }
}

/// Solve `A x = b` for symmetric positive definite `A` (upper triangle
/// filled, row-major `d × d`); `b` becomes `x`.
pub(crate) fn cholesky_solve(a: &mut [f64], b: &mut [f64], d: usize) {
    for j in 0..d {
        let mut s = a[j * d + j];
        for k in 0..j {
            s -= a[k * d + j] * a[k * d + j];
        }
        let r = s.max(1e-12).sqrt();
        a[j * d + j] = r;
        for c in j + 1..d {
            let mut t = a[j * d + c];
            for k in 0..j {
                t -= a[k * d + j] * a[k * d + c];
            }
            a[j * d + c] = t / r;
        }
    }
    for j in 0..d {
        let s: f64 = (0..j).map(|k| a[k * d + j] * b[k]).sum();
        b[j] = (b[j] - s) / a[j * d + j];
    }
    for j in (0..d).rev() {
        let s: f64 = (j + 1..d).map(|k| a[j * d + k] * b[k]).sum();
        b[j] = (b[j] - s) / a[j * d + j];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::factors::Factors;
    use crate::model::ModelParts;
    use crate::params::AlsParams;

    /// Items on two axes; a planted user likes axis 0 and hates axis 1, a
    /// second the opposite (plus noise); the merged profile gains far more
    /// from two vectors than either half.
    #[test]
    fn planted_mixture_gains_more_than_its_halves() {
        let n_items = 200;
        let mut g = crate::rng::SplitMix64::new(7);
        let q: Vec<f32> = (0..2 * n_items).map(|_| g.normal() as f32).collect();
        let params = AlsParams {
            k: 2,
            lambda: 1.0,
            tau: 0.1,
            gamma: 0.1,
            ..AlsParams::reference()
        };
        let model = Model::from_parts(ModelParts {
            params,
            mu: 3.0,
            user_bias: vec![0.0],
            item_bias: vec![0.0; n_items],
            p: Factors::zeros(1, 2),
            q: Factors::from_dense(2, &q).unwrap(),
            genre: None,
            user_counts: vec![0],
            item_counts: vec![1; n_items],
        })
        .unwrap();
        let items: Vec<u32> = (0..n_items as u32).collect();
        let noise = |i: u32| 0.3 * crate::rng::SplitMix64::stream(1, 9, i as u64).normal() as f32;
        let rate = |p: [f32; 2]| -> Vec<f32> {
            items
                .iter()
                .map(|&i| 3.0 + p[0] * q[2 * i as usize] + p[1] * q[2 * i as usize + 1] + noise(i))
                .collect()
        };
        let a = rate([1.5, -1.5]);
        let b = rate([-1.5, 1.5]);
        // A rated the even items, B the odd ones (no overlap), each with both signs present.
        let pick = |v: &Vec<f32>, even: bool| -> Vec<(u32, f32)> {
            items
                .iter()
                .filter(|&&i| (i % 4 < 2) == even)
                .map(|&i| (i, v[i as usize]))
                .collect()
        };
        let (ha, hb) = (pick(&a, true), pick(&b, false));
        let merged: Vec<(u32, f32)> = ha.iter().chain(&hb).copied().collect();
        let g = |h: &[(u32, f32)]| {
            let (it, r): (Vec<u32>, Vec<f32>) = h.iter().copied().unzip();
            user_two_taste(&model, &it, &r, 10).0.gain
        };
        let (ga, gb, gm) = (g(&ha), g(&hb), g(&merged));
        // Two vectors always fit noise better (splitting by residual sign
        // alone removes ~64% of Gaussian noise); the planted pair gains far more.
        assert!(gm > 0.5, "merged gain {gm}");
        assert!(gm > ga.max(gb) + 0.15, "merged {gm}, halves {ga} {gb}");
    }

    #[test]
    fn cholesky_solves_spd() {
        let mut a = vec![4.0, 2.0, 0.0, 3.0];
        let mut b = vec![2.0, 1.0];
        cholesky_solve(&mut a, &mut b, 2);
        assert!((b[0] - 0.5).abs() < 1e-12 && b[1].abs() < 1e-12);
    }
}
