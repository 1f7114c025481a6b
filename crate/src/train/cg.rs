//! Conjugate-gradient solve of one row's ridge system, warm-started from the
//! row's current factor (Takács, Pilászy & Tikk 2011; `implicit`'s
//! `cg_steps`). Between two epochs a row's system changes little, so a few
//! CG steps from the previous solution land where Cholesky would, at
//! O(K²) per step instead of O(K³) per row.
//!
//! Everything is f32 on padded vectors (padding stays zero), with the
//! kernel's separate multiply and add and fixed summation orders, so the
//! result is the same on every thread count and target.

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

/// The system `(lambda G + reg I) x = b`: `g` is `stride × stride` with the
/// upper triangle (and the diagonal 4×4 blocks) filled by the Gram kernel.
pub(crate) struct CgSystem<'a> {
    pub g: &'a mut [f32],
    pub k: usize,
    pub lambda: f32,
    pub reg: f32,
    pub b: &'a [f32],
}

/// Run `steps` CG steps on `x` (padded, updated in place). Stops early once
/// the residual vanishes. False if the system or the result is not finite
/// (then `x` is unspecified).
pub(crate) fn cg_solve(sys: CgSystem, steps: usize, x: &mut [f32], sc: &mut CgScratch) -> bool {
    let s = x.len();
    mirror_upper(sys.g, sys.k, s);
    let (r, p, ap) = (&mut sc.r, &mut sc.p, &mut sc.ap);
    apply(&sys, x, ap);
    for ((ri, &bi), &ai) in r.iter_mut().zip(sys.b).zip(ap.iter()) {
        *ri = bi - ai;
    }
    p.copy_from_slice(r);
    let mut rs = dot(r, r);
    if !rs.is_finite() {
        return false;
    }
    for _ in 0..steps {
        if rs.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            break;
        }
        apply(&sys, p, ap);
        let pap = dot(p, ap);
        if pap.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            break;
        }
        let alpha = rs / pap;
        axpy(x, alpha, p);
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

/// `out = lambda G v + reg v`, as `Σ_j v_j G[j, :]` over the symmetric rows
/// (no horizontal sums), four vectors of columns at a time in registers.
#[inline(always)]
fn apply(sys: &CgSystem, v: &[f32], out: &mut [f32]) {
    let s = v.len();
    let mut c0 = 0;
    while c0 + 4 * LANES <= s {
        columns::<4>(sys, v, c0, out);
        c0 += 4 * LANES;
    }
    while c0 < s {
        columns::<1>(sys, v, c0, out);
        c0 += LANES;
    }
}

/// Columns `c0 .. c0 + W·LANES` of `apply`.
#[inline(always)]
fn columns<const W: usize>(sys: &CgSystem, v: &[f32], c0: usize, out: &mut [f32]) {
    let s = v.len();
    let mut acc = [F4::splat(0.0); W];
    for (j, &vj) in v[..sys.k].iter().enumerate() {
        let (vs, row) = (F4::splat(vj), &sys.g[j * s + c0..]);
        for (w, a) in acc.iter_mut().enumerate() {
            *a = a.mul_add(vs, F4::load(&row[w * LANES..]));
        }
    }
    let (l, reg) = (F4::splat(sys.lambda), F4::splat(sys.reg));
    for (w, a) in acc.iter().enumerate() {
        let at = c0 + w * LANES;
        F4::splat(0.0)
            .mul_add(l, *a)
            .mul_add(reg, F4::load(&v[at..]))
            .store(&mut out[at..]);
    }
}

/// Copy the upper triangle into the lower one, so every row of `g` is a
/// full row (the kernel fills only blocks at or right of the diagonal).
fn mirror_upper(g: &mut [f32], k: usize, s: usize) {
    for i in 0..k {
        for j in 0..(i & !(LANES - 1)) {
            g[i * s + j] = g[j * s + i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simd::padded;

    #[test]
    fn converges_to_the_exact_solution() {
        for k in [1usize, 3, 8, 20] {
            let s = padded(k);
            // G = B Bᵀ (rank ≤ 3), filled where the kernel fills it; system lambda G + reg I.
            let mut g = vec![0.0f32; s * s];
            for i in 0..k {
                for j in (i & !3)..k {
                    g[i * s + j] = (0..3)
                        .map(|t| ((i * 7 + t * 3) % 5) as f32 * ((j * 7 + t * 3) % 5) as f32)
                        .sum();
                }
            }
            let full = |g: &[f32], i: usize, j: usize| g[i.min(j) * s + i.max(j)];
            let want: Vec<f32> = (0..s).map(|i| if i < k { i as f32 * 0.1 - 0.5 } else { 0.0 }).collect();
            let b: Vec<f32> = (0..s)
                .map(|i| {
                    if i < k {
                        (0..k).map(|j| 2.0 * full(&g, i, j) * want[j]).sum::<f32>() + 3.0 * want[i]
                    } else {
                        0.0
                    }
                })
                .collect();
            let mut x = vec![0.0f32; s];
            let mut sc = CgScratch::new(s);
            let sys = CgSystem {
                g: &mut g,
                k,
                lambda: 2.0,
                reg: 3.0,
                b: &b,
            };
            assert!(cg_solve(sys, k + 5, &mut x, &mut sc));
            for i in 0..s {
                assert!((x[i] - want[i]).abs() < 1e-3, "k={k} i={i}: {} vs {}", x[i], want[i]);
            }
        }
    }
}
