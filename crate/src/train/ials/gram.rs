//! The shared Gram matrix `Yᵀ Y` of one side's factors, which every row of
//! the other side's implicit step uses (the unobserved pairs' part of its
//! normal matrix). Rows are cut into fixed blocks whose partial sums are
//! formed in parallel by the tiled kernel and added in block order, in f64:
//! the result depends only on the factors, never on the thread count.

use rayon::prelude::*;

use crate::factors::Factors;
use crate::train::kernel::gram_panel;

/// Factor rows per block of the reduction (fixed: part of the result).
const BLOCK_ROWS: usize = 2048;
/// Rows per kernel call, so the panel the kernel streams over stays in L1/L2.
const PANEL_ROWS: usize = 128;

/// `Σ_r y_r y_rᵀ` over all rows of `f`, full and symmetric, `stride × stride`
/// row-major (the padding rows and columns are zero).
pub(crate) fn gram(f: &Factors) -> Vec<f32> {
    let s = f.stride();
    if s == 0 {
        return Vec::new();
    }
    let partials: Vec<Vec<f32>> = f
        .as_slice()
        .par_chunks(BLOCK_ROWS * s)
        .map(|block| {
            let mut g = vec![0.0f32; s * s];
            for panel in block.chunks(PANEL_ROWS * s) {
                gram_panel(panel, panel.len() / s, s, &mut g);
            }
            g
        })
        .collect();
    let mut acc = vec![0.0f64; s * s];
    for g in &partials {
        for (a, &v) in acc.iter_mut().zip(g) {
            *a += v as f64;
        }
    }
    let mut g: Vec<f32> = acc.iter().map(|&v| v as f32).collect();
    // The kernel fills the upper block triangle; mirror it.
    for i in 0..s {
        for j in 0..i {
            g[i * s + j] = g[j * s + i];
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_naive_sum() {
        let (rows, k) = (BLOCK_ROWS + 77, 7);
        let vals: Vec<f32> = (0..rows * k).map(|i| ((i * 13 + 5) % 17) as f32 * 0.1 - 0.8).collect();
        let f = Factors::from_dense(k, &vals).unwrap();
        let g = gram(&f);
        let s = f.stride();
        for i in 0..s {
            for j in 0..s {
                let want: f64 = (0..rows).map(|r| f.row(r)[i] as f64 * f.row(r)[j] as f64).sum();
                assert!(
                    (g[i * s + j] as f64 - want).abs() < 1e-3 * want.abs().max(1.0),
                    "{i},{j}"
                );
            }
        }
    }
}
