//! The K×K ridge solve of every row, in f64: `A x = b` with `A` symmetric
//! positive definite, given as its upper triangle (row-major, `k × k`).
//!
//! A dot-product Cholesky is a chain of dependent adds (latency-bound: about
//! 4 cycles per multiply-add). This one is right-looking on the upper factor
//! `U` (`A = Uᵀ U`): each step scales one row and subtracts its outer
//! product from the trailing rows, all contiguous element-wise updates that
//! the compiler vectorizes, and whose rounding does not depend on the
//! vector width (no reassociation).

/// Factor the upper triangle of `a` in place into `U`. False if a pivot is
/// not positive (or not finite).
#[inline(never)]
pub fn factor_upper(a: &mut [f64], k: usize) -> bool {
    for j in 0..k {
        let (head, tail) = a.split_at_mut((j + 1) * k);
        let row_j = &mut head[j * k + j..];
        let d = row_j[0];
        if !(d.is_finite() && d > 0.0) {
            return false;
        }
        let inv = 1.0 / d.sqrt();
        row_j.iter_mut().for_each(|v| *v *= inv);
        let row_j = &row_j[..];
        for (off, row_i) in tail.chunks_exact_mut(k).enumerate() {
            let i = j + 1 + off;
            let f = row_j[i - j];
            // Row i of the trailing block: columns i..k.
            for (x, &u) in row_i[i..].iter_mut().zip(&row_j[i - j..]) {
                *x -= f * u;
            }
        }
    }
    true
}

/// Solve `Uᵀ U x = b` in place (`b` becomes `x`).
pub fn solve_upper(u: &[f64], b: &mut [f64], k: usize) {
    // Uᵀ y = b, column by column: y_p = b_p / U_pp, then b_i −= U_pi y_p.
    for p in 0..k {
        let row = &u[p * k..(p + 1) * k];
        let y = b[p] / row[p];
        b[p] = y;
        for (x, &v) in b[p + 1..].iter_mut().zip(&row[p + 1..]) {
            *x -= v * y;
        }
    }
    // U x = y, from the last row up.
    for i in (0..k).rev() {
        let row = &u[i * k..(i + 1) * k];
        let s = dot4(&row[i + 1..], &b[i + 1..]);
        b[i] = (b[i] - s) / row[i];
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
            let mut u = a.clone();
            (0..k).for_each(|i| (0..i).for_each(|j| u[i * k + j] = f64::NAN)); // lower part unused
            assert!(factor_upper(&mut u, k));
            solve_upper(&u, &mut b, k);
            assert!(b.iter().zip(&x).all(|(g, w)| (g - w).abs() < 1e-8), "k={k}");
        }
        let mut neg = vec![-1.0];
        assert!(!factor_upper(&mut neg, 1));
    }
}
