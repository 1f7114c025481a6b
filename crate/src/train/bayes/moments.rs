//! Running sums of the kept samples: per row, `Σ b`, `Σ b²` and `Σ x_f`,
//! `Σ x_f²` (f64), for the posterior means the model publishes and the
//! per-coordinate variances of `posterior::Posterior`. Element-wise in
//! parallel over fixed row blocks: the same sums on any thread count.

use rayon::prelude::*;

use crate::factors::Factors;

/// Sums over the kept samples of one side (`K + 1` values per row: bias first).
pub(crate) struct Moments {
    width: usize,
    sum: Vec<f64>,
    sq: Vec<f64>,
}

const BLOCK_ROWS: usize = 256;

impl Moments {
    pub fn new(rows: usize, k: usize) -> Self {
        let width = k + 1;
        Moments {
            width,
            sum: vec![0.0; rows * width],
            sq: vec![0.0; rows * width],
        }
    }

    /// Add one sample (`bias[r]`, `f.row(r)`).
    pub fn add(&mut self, bias: &[f32], f: &Factors) {
        let (w, k) = (self.width, f.k());
        let block = BLOCK_ROWS * w;
        self.sum
            .par_chunks_mut(block)
            .zip(self.sq.par_chunks_mut(block))
            .enumerate()
            .for_each(|(c, (sum, sq))| {
                for (j, (s, q)) in sum.chunks_exact_mut(w).zip(sq.chunks_exact_mut(w)).enumerate() {
                    let r = c * BLOCK_ROWS + j;
                    let vals = std::iter::once(bias[r]).chain(f.row(r)[..k].iter().copied());
                    for ((s, q), v) in s.iter_mut().zip(q.iter_mut()).zip(vals) {
                        *s += v as f64;
                        *q += v as f64 * v as f64;
                    }
                }
            });
    }

    /// Means into `bias` and `f`.
    pub fn means(&self, n: usize, bias: &mut [f32], f: &mut Factors) {
        let (w, k, n) = (self.width, f.k(), n.max(1) as f64);
        for (r, s) in self.sum.chunks_exact(w).enumerate() {
            bias[r] = (s[0] / n) as f32;
            let row = f.row_mut(r);
            for c in 0..k {
                row[c] = (s[c + 1] / n) as f32;
            }
        }
    }

    /// Means into `bias` and `f`; returns the variances (`K + 1` per row).
    pub fn finish(&self, n: usize, bias: &mut [f32], f: &mut Factors) -> Vec<f32> {
        let (w, k, n) = (self.width, f.k(), n.max(1) as f64);
        let mut var = vec![0.0f32; self.sum.len()];
        for (r, ((s, q), v)) in self
            .sum
            .chunks_exact(w)
            .zip(self.sq.chunks_exact(w))
            .zip(var.chunks_exact_mut(w))
            .enumerate()
        {
            for c in 0..w {
                let mean = s[c] / n;
                v[c] = (q[c] / n - mean * mean).max(0.0) as f32;
                if c == 0 {
                    bias[r] = mean as f32;
                } else {
                    f.row_mut(r)[c - 1] = mean as f32;
                }
            }
            f.row_mut(r)[k..].fill(0.0);
        }
        var
    }
}
