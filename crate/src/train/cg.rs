//! Conjugate-gradient solve of one row's ridge system, warm-started from the
//! row's current factor (Takács, Pilászy & Tikk 2011; `implicit`'s
//! `cg_steps`). Between two epochs a row's system changes little, so a few
//! CG steps from the previous solution land where Cholesky would, at
//! O(K²) per step instead of O(K³) per row.
//!
//! Everything is f32 on padded vectors (padding stays zero), with the
//! kernel's separate multiply and add and fixed summation orders, so the
//! result is the same on every thread count and target. The products with
//! the row's matrix come from `cg_products` (no Gram matrix is formed).

use crate::simd::{axpy, dot, F4, LANES};

/// Vectors of one CG solve (`stride` floats each).
pub(crate) struct CgScratch {
    r: Vec<f32>,
    p: Vec<f32>,
    ap: Vec<f32>,
}

impl CgScratch {
    pub fn new(stride: usize) -> Self {
        CgScratch {
            r: vec![0.0; stride],
            p: vec![0.0; stride],
            ap: vec![0.0; stride],
        }
    }
}

/// The matrix `A` of one CG solve, applied to search directions.
pub(crate) trait Operator {
    /// `p·A p`, and `out = A p` when asked: the last step needs only the
    /// former (`x` moves along `p`; `r` and the next `p` are not needed).
    fn apply(&mut self, p: &[f32], out: Option<&mut [f32]>) -> f32;
    /// `x` has moved by `alpha` times the direction last applied.
    fn stepped(&mut self, _alpha: f32) {}
}

/// Run up to `steps` CG steps on `A x = b` from `x` (padded, updated in
/// place), given `sc.r = b − A x`. Stops early once the residual vanishes.
/// False if the residual or the result is not finite (then `x` is
/// unspecified).
pub(crate) fn cg_solve(steps: usize, x: &mut [f32], sc: &mut CgScratch, op: &mut impl Operator) -> bool {
    let (r, p, ap) = (&mut sc.r, &mut sc.p, &mut sc.ap);
    p.copy_from_slice(r);
    let mut rs = dot(r, r);
    if !rs.is_finite() {
        return false;
    }
    for step in 0..steps {
        if rs.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            break;
        }
        let last = step + 1 == steps;
        let pap = op.apply(p, if last { None } else { Some(&mut ap[..]) });
        if pap.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            break;
        }
        let alpha = rs / pap;
        axpy(x, alpha, p);
        op.stepped(alpha);
        if last {
            break;
        }
        axpy(r, -alpha, ap);
        let rs_new = dot(r, r);
        let beta = rs_new / rs;
        // p = r + beta p
        let bs = F4::splat(beta);
        for (pc, rc) in p.chunks_exact_mut(LANES).zip(r.chunks_exact(LANES)) {
            F4::load(rc).mul_add(bs, F4::load(pc)).store(pc);
        }
        rs = rs_new;
    }
    x.iter().all(|v| v.is_finite())
}

impl CgScratch {
    /// The residual vector, for the caller to fill with `b − A x`.
    pub fn residual(&mut self) -> &mut [f32] {
        &mut self.r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simd::padded;

    struct Dense<F>(F);

    impl<F: Fn(usize, usize) -> f32> Operator for Dense<F> {
        fn apply(&mut self, p: &[f32], out: Option<&mut [f32]>) -> f32 {
            let ap: Vec<f32> = (0..p.len())
                .map(|i| (0..p.len()).map(|j| self.0(i, j) * p[j]).sum())
                .collect();
            if let Some(out) = out {
                out.copy_from_slice(&ap);
            }
            dot(p, &ap)
        }
    }

    #[test]
    fn converges_to_the_exact_solution() {
        for k in [1usize, 3, 8, 20] {
            let s = padded(k);
            // A = 2 B Bᵀ + 3 I with B of rank ≤ 3 (dense, padded with zeros).
            let a = |i: usize, j: usize| {
                if i >= k || j >= k {
                    return 0.0;
                }
                let g: f32 = (0..3)
                    .map(|t| ((i * 7 + t * 3) % 5) as f32 * ((j * 7 + t * 3) % 5) as f32)
                    .sum();
                2.0 * g + if i == j { 3.0 } else { 0.0 }
            };
            let want: Vec<f32> = (0..s).map(|i| if i < k { i as f32 * 0.1 - 0.5 } else { 0.0 }).collect();
            let mut sc = CgScratch::new(s);
            for i in 0..s {
                // r = b − A·0 = b = A want
                sc.residual()[i] = (0..s).map(|j| a(i, j) * want[j]).sum();
            }
            let mut x = vec![0.0f32; s];
            assert!(cg_solve(k + 5, &mut x, &mut sc, &mut Dense(a)));
            for i in 0..s {
                assert!((x[i] - want[i]).abs() < 1e-3, "k={k} i={i}: {} vs {}", x[i], want[i]);
            }
        }
    }
}
