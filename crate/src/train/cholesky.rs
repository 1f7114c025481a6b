//! The K×K ridge solve of every row, in f64: `A x = b` with `A` symmetric
//! positive definite, given as its upper triangle (row-major, `k × k`).
//!
//! A dot-product Cholesky is a chain of dependent adds (latency-bound: about
//! 4 cycles per multiply-add). This one is right-looking on the upper factor
//! `U` (`A = Uᵀ U`): each step scales one row and subtracts its outer
//! product from the trailing rows, all contiguous element-wise updates that
//! the compiler vectorizes, and whose rounding does not depend on the
//! vector width (no reassociation).

/// Row stride of the matrices below: `k` rounded up to even.
pub const fn stride(k: usize) -> usize {
    k.next_multiple_of(2)
}

/// Factor the upper triangle of `a` (`k` rows of `stride(k)` values) in
/// place into `U`. False if a pivot is not positive (or not finite).
///
/// Row `i` must hold finite values in columns `i & !1 .. stride(k)` (the
/// upper triangle, at most one entry left of the diagonal, and zero
/// padding): every update then runs over whole pairs of columns, which
/// compile to 2-lane vector code without a scalar tail. The entries left of
/// the diagonal get harmless updates and are never read; each upper entry
/// sees the same operations in the same order as a plain loop would do.
#[inline(never)]
pub fn factor_upper(a: &mut [f64], k: usize) -> bool {
    let s = stride(k);
    for j in 0..k {
        let (head, tail) = a.split_at_mut((j + 1) * s);
        let row_j = &mut head[j * s..];
        let d = row_j[j];
        if !(d.is_finite() && d > 0.0) {
            return false;
        }
        let inv = 1.0 / d.sqrt();
        row_j[j..].iter_mut().for_each(|v| *v *= inv);
        let row_j = &row_j[..];
        for (off, row_i) in tail.chunks_exact_mut(s).take(k - j - 1).enumerate() {
            let i = j + 1 + off;
            let (f, c0) = (row_j[i], i & !1);
            for (x, u) in row_i[c0..].chunks_exact_mut(2).zip(row_j[c0..].chunks_exact(2)) {
                x[0] -= f * u[0];
                x[1] -= f * u[1];
            }
        }
    }
    true
}

/// Solve `Uᵀ U x = b` in place (`b` becomes `x`), `U` from `factor_upper`.
pub fn solve_upper(u: &[f64], b: &mut [f64], k: usize) {
    let s = stride(k);
    // Uᵀ y = b, column by column: y_p = b_p / U_pp, then b_i −= U_pi y_p.
    for p in 0..k {
        let row = &u[p * s..p * s + k];
        let y = b[p] / row[p];
        b[p] = y;
        for (x, &v) in b[p + 1..k].iter_mut().zip(&row[p + 1..]) {
            *x -= v * y;
        }
    }
    back_substitute(u, b, k);
}

/// Solve `U x = y` in place (`y` becomes `x`), from the last row up. For
/// standard normal `y` this draws `x ~ N(0, (Uᵀ U)⁻¹)`.
pub fn back_substitute(u: &[f64], b: &mut [f64], k: usize) {
    let s = stride(k);
    for i in (0..k).rev() {
        let row = &u[i * s..i * s + k];
        let t = dot4(&row[i + 1..], &b[i + 1..k]);
        b[i] = (b[i] - t) / row[i];
    }
}

/// The diagonal of `(Uᵀ U)⁻¹` into `out` (`k` values), one solve per unit
/// vector: the posterior variances of a Gaussian with precision `Uᵀ U`.
pub fn inverse_diag(u: &[f64], k: usize, out: &mut [f64]) {
    let mut e = vec![0.0; k];
    for (j, o) in out[..k].iter_mut().enumerate() {
        e.fill(0.0);
        e[j] = 1.0;
        solve_upper(u, &mut e, k);
        *o = e[j];
    }
}

/// Dot product with four interleaved accumulators (fixed order).
#[inline]
fn dot4(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ac, bc) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ac.remainder().iter().zip(bc.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ac.zip(bc) {
        for l in 0..4 {
            acc[l] += x[l] * y[l];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_spd_systems() {
        for k in [1usize, 2, 5, 20, 33] {
            // A = B Bᵀ + I, b = A x_true.
            let bm: Vec<f64> = (0..k * k).map(|i| ((i * 37 % 17) as f64 - 8.0) / 8.0).collect();
            let mut a = vec![0.0; k * k];
            for i in 0..k {
                for j in 0..k {
                    a[i * k + j] =
                        (0..k).map(|p| bm[i * k + p] * bm[j * k + p]).sum::<f64>() + if i == j { 1.0 } else { 0.0 };
                }
            }
            let x: Vec<f64> = (0..k).map(|i| i as f64 - 3.0).collect();
            let mut b: Vec<f64> = (0..k).map(|i| (0..k).map(|j| a[i * k + j] * x[j]).sum()).collect();
            let st = stride(k);
            let mut u = vec![0.0; k * st];
            for i in 0..k {
                for j in i & !1..k {
                    u[i * st + j] = a[i * k + j];
                }
                (0..i & !1).for_each(|j| u[i * st + j] = f64::NAN); // far left of the diagonal: unused
            }
            assert!(factor_upper(&mut u, k));
            solve_upper(&u, &mut b, k);
            assert!(b.iter().zip(&x).all(|(g, w)| (g - w).abs() < 1e-8), "k={k}");
        }
        let mut neg = vec![-1.0, 0.0];
        assert!(!factor_upper(&mut neg, 1));
    }
}
