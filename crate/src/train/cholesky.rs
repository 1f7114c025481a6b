//! The K×K ridge solve of every row, in f64: `A x = b` with `A` symmetric
//! positive definite, given as its upper triangle (row-major, `k × k`).
//!
//! A dot-product Cholesky is a chain of dependent adds (latency-bound: about
//! 4 cycles per multiply-add). This one is right-looking on the upper factor
//! `U` (`A = Uᵀ U`): each step scales one row and subtracts its outer
//! product from the trailing rows, contiguous element-wise updates in
//! two-lane f64 vectors (`simd_f64::F2`), blocked four pivot rows at a time
//! (`factor_upper`). Their rounding depends neither on the vector width nor
//! on the blocking (no reassociation).

use crate::simd_f64::F2;

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
/// the diagonal get harmless updates and are never read.
///
/// Blocked by `BLOCK` pivot rows: the block's rows are factored among
/// themselves, then each trailing row takes the block's `BLOCK` updates in
/// one pass, its columns held in registers (one load and one store per
/// entry instead of one per pivot; the rank-1 form is bound by those
/// stores). Every upper entry still sees the same operations in the same
/// order as the plain right-looking loop (`x −= f_p u_p` for p = 0, 1, …),
/// so the factor is bitwise the same whatever the blocking.
#[inline(never)]
pub fn factor_upper(a: &mut [f64], k: usize) -> bool {
    let s = stride(k);
    let mut j0 = 0;
    while j0 < k {
        let nb = (k - j0).min(BLOCK);
        if !factor_block(a, s, j0, nb) {
            return false;
        }
        let (head, tail) = a.split_at_mut((j0 + nb) * s);
        let piv = &head[j0 * s..];
        let rest = &mut tail[..(k - j0 - nb) * s];
        match nb {
            4 => update_rows::<4>(rest, piv, s, j0 + nb),
            3 => update_rows::<3>(rest, piv, s, j0 + nb),
            2 => update_rows::<2>(rest, piv, s, j0 + nb),
            _ => update_rows::<1>(rest, piv, s, j0 + nb),
        }
        j0 += nb;
    }
    true
}

/// Pivot rows per block of `factor_upper` (four rank-1 updates in flight:
/// four broadcast factors and one column pair fit in the 16 vector
/// registers of x86_64 engines).
const BLOCK: usize = 4;

/// The plain right-looking steps `j0 .. j0 + nb` on rows `j0 .. j0 + nb`
/// only: scale pivot row `j`, subtract its multiples from the block's
/// later rows.
fn factor_block(a: &mut [f64], s: usize, j0: usize, nb: usize) -> bool {
    for j in j0..j0 + nb {
        let (head, tail) = a.split_at_mut((j + 1) * s);
        let row_j = &mut head[j * s..];
        let d = row_j[j];
        if !(d.is_finite() && d > 0.0) {
            return false;
        }
        let inv = 1.0 / d.sqrt();
        row_j[j..].iter_mut().for_each(|v| *v *= inv);
        let row_j = &row_j[..s];
        for (off, row_i) in tail.chunks_exact_mut(s).take(j0 + nb - j - 1).enumerate() {
            update_one::<1>(row_i, row_j, s, j + 1 + off);
        }
    }
    true
}

/// The trailing rows `i0 ..` (`rows`, `s` values each) minus the multiples
/// of the `NB` factored pivot rows in `piv`, two rows at a time where the
/// pair starts on an even row (both then update columns `i0 & !1 .. s`, and
/// share each pivot load).
#[inline(always)]
fn update_rows<const NB: usize>(rows: &mut [f64], piv: &[f64], s: usize, i0: usize) {
    let mut i = i0;
    let mut rest = rows;
    while !rest.is_empty() {
        if i.is_multiple_of(2) && rest.len() >= 2 * s {
            let (pair, tail) = rest.split_at_mut(2 * s);
            let (r0, r1) = pair.split_at_mut(s);
            update_pair::<NB>(r0, r1, piv, s, i);
            (rest, i) = (tail, i + 2);
        } else {
            let (row, tail) = rest.split_at_mut(s);
            update_one::<NB>(row, piv, s, i);
            (rest, i) = (tail, i + 1);
        }
    }
}

/// Row `i` (`row`) minus `f_p u_p` for the pivot rows `u_p` in order, over
/// columns `i & !1 .. s`.
#[inline(always)]
fn update_one<const NB: usize>(row: &mut [f64], piv: &[f64], s: usize, i: usize) {
    let c0 = i & !1;
    assert!(row.len() >= s && piv.len() >= NB * s && c0 < s && s.is_multiple_of(2));
    let f: [F2; NB] = std::array::from_fn(|p| F2::splat(piv[p * s + i]));
    let (x, u) = (row.as_mut_ptr(), piv.as_ptr());
    for c in (c0..s).step_by(2) {
        // SAFETY: c + 1 < s ≤ row.len(), and p·s + c + 1 < NB·s ≤ piv.len()
        // (asserted above). Raw loads: the checked slices kept WebAssembly
        // engines busy with bounds checks in this, the hottest loop of a
        // Cholesky epoch.
        unsafe {
            let mut acc = F2::read(x.add(c));
            for (p, fp) in f.iter().enumerate() {
                acc = acc.sub_mul(*fp, F2::read(u.add(p * s + c)));
            }
            acc.write(x.add(c));
        }
    }
}

/// Rows `i` and `i + 1` (`i` even) as in `update_one`: the same columns
/// `i .. s` for both (row `i + 1`'s column `i` is left of its diagonal).
#[inline(always)]
fn update_pair<const NB: usize>(r0: &mut [f64], r1: &mut [f64], piv: &[f64], s: usize, i: usize) {
    assert!(r0.len() >= s && r1.len() >= s && piv.len() >= NB * s && i + 1 < s && s.is_multiple_of(2));
    let f0: [F2; NB] = std::array::from_fn(|p| F2::splat(piv[p * s + i]));
    let f1: [F2; NB] = std::array::from_fn(|p| F2::splat(piv[p * s + i + 1]));
    let (x, y, u) = (r0.as_mut_ptr(), r1.as_mut_ptr(), piv.as_ptr());
    for c in (i..s).step_by(2) {
        // SAFETY: as in `update_one`.
        unsafe {
            let (mut a, mut b) = (F2::read(x.add(c)), F2::read(y.add(c)));
            for p in 0..NB {
                let v = F2::read(u.add(p * s + c));
                a = a.sub_mul(f0[p], v);
                b = b.sub_mul(f1[p], v);
            }
            a.write(x.add(c));
            b.write(y.add(c));
        }
    }
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
    // Accumulators 0–1 and 2–3 as two vectors: each lane sums as the
    // scalar `acc[l] += x[l] * y[l]` would.
    let (mut lo, mut hi) = (F2::splat(0.0), F2::splat(0.0));
    let (ac, bc) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ac.remainder().iter().zip(bc.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ac.zip(bc) {
        lo = lo.add_mul(F2::load(x), F2::load(y));
        hi = hi.add_mul(F2::load(&x[2..]), F2::load(&y[2..]));
    }
    let (lo, hi) = (lo.lanes(), hi.lanes());
    (lo[0] + lo[1]) + (hi[0] + hi[1]) + tail
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
        // The identity with a negative last pivot: it fails in the second block.
        let mut late = vec![0.0; 5 * stride(5)];
        (0..5).for_each(|i| late[i * stride(5) + i] = if i == 4 { -1.0 } else { 1.0 });
        assert!(!factor_upper(&mut late, 5));
    }

    /// The plain right-looking loop the blocked one must reproduce exactly.
    fn factor_plain(a: &mut [f64], k: usize) {
        let s = stride(k);
        for j in 0..k {
            let (head, tail) = a.split_at_mut((j + 1) * s);
            let row_j = &mut head[j * s..];
            let inv = 1.0 / row_j[j].sqrt();
            row_j[j..].iter_mut().for_each(|v| *v *= inv);
            for (off, row_i) in tail.chunks_exact_mut(s).take(k - j - 1).enumerate() {
                let (f, c0) = (row_j[j + 1 + off], (j + 1 + off) & !1);
                for c in c0..s {
                    row_i[c] -= f * row_j[c];
                }
            }
        }
    }

    #[test]
    fn blocking_is_bitwise_the_plain_loop() {
        for k in [1usize, 2, 3, 4, 5, 6, 7, 9, 20, 31, 64, 67] {
            let s = stride(k);
            let mut a = vec![0.0; k * s];
            for i in 0..k {
                for j in i..k {
                    let v = (0..k + 3)
                        .map(|p| (((i * 7 + p * 3) % 11) as f64 - 5.3) * (((j * 7 + p * 3) % 11) as f64 - 5.3))
                        .sum::<f64>();
                    a[i * s + j] = v / 7.0 + if i == j { 0.5 + i as f64 } else { 0.0 };
                }
            }
            let mut plain = a.clone();
            factor_plain(&mut plain, k);
            assert!(factor_upper(&mut a, k));
            for i in 0..k {
                for j in i..k {
                    assert_eq!(a[i * s + j].to_bits(), plain[i * s + j].to_bits(), "k={k} ({i},{j})");
                }
            }
        }
    }

    #[test]
    fn dot4_sums_in_the_scalar_order() {
        for n in [0usize, 1, 3, 4, 7, 64, 130] {
            let a: Vec<f64> = (0..n).map(|i| 1.0 / (i as f64 + 0.3)).collect();
            let b: Vec<f64> = (0..n).map(|i| (i as f64 * 0.7).sin() * 1e3).collect();
            let mut acc = [0.0f64; 4];
            let q = n / 4 * 4;
            for i in 0..q {
                acc[i % 4] += a[i] * b[i];
            }
            let tail: f64 = (q..n).map(|i| a[i] * b[i]).sum();
            let want = (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail;
            assert_eq!(dot4(&a, &b).to_bits(), want.to_bits(), "n={n}");
        }
    }
}
