//! Products with a row's normal matrix `Vᵀ V` straight from its gathered
//! factor rows `v_j`, never forming the K×K Gram matrix: what the CG solve
//! needs. A product costs ~2K multiply-adds per rating against ~K²/2 for
//! the Gram matrix, so a few CG steps are cheaper than building G at all.
//!
//! Strides up to 64 get code with the row length known at compile time
//! (accumulators in registers); longer rows use the generic loops. Sums run
//! in a fixed order, so results do not depend on the thread count.

use crate::simd::{axpy, dot, sum_f64, F4, LANES};

/// `fixed::<S, S / 4>(args)` for the strides up to 64, `any(args)` otherwise.
macro_rules! by_stride {
    ($stride:expr, $fixed:ident, $any:ident, $args:tt) => {
        by_stride!(@ $stride, $fixed, $any, $args,
            (4, 1)(8, 2)(12, 3)(16, 4)(20, 5)(24, 6)(28, 7)(32, 8)
            (36, 9)(40, 10)(44, 11)(48, 12)(52, 13)(56, 14)(60, 15)(64, 16))
    };
    (@ $stride:expr, $fixed:ident, $any:ident, $args:tt, $(($s:literal, $l:literal))*) => {
        match $stride {
            $($s => $fixed::<$s, $l> $args,)*
            _ => $any $args,
        }
    };
}

/// The first pass over a panel of `z.len()` rows, with the current factor
/// `x0`: `t_j = z_j − x0·v_j` into `t`. Returns `Σ t_j`, which gives the
/// row's bias before any vector sum is taken (so `fold` can then sum
/// `(t_j − b) v_j` directly, with no separate `Σ v_j`).
pub fn first_pass(panel: &[f32], z: &[f32], x0: &[f32], t: &mut [f32]) -> f64 {
    let t = &mut t[..z.len()];
    dots(panel, x0, t);
    for (tj, &zj) in t.iter_mut().zip(z) {
        *tj = zj - *tj;
    }
    sum_f64(t, |x| x as f64)
}

/// `out = Σ_j d_j v_j` over the first `d.len()` rows of `panel` (with
/// `d_j = v_j·p` from `dots`, the product `Vᵀ V p`), accumulated in
/// registers in row order.
pub fn fold(panel: &[f32], d: &[f32], out: &mut [f32]) {
    by_stride!(out.len(), fold_fixed, fold_any, (panel, d, out))
}

/// `d_j = v_j·p` for the first `d.len()` rows of `panel`, each summed like
/// `simd::dot`.
pub fn dots(panel: &[f32], p: &[f32], d: &mut [f32]) {
    by_stride!(p.len(), dots_fixed, dots_any, (panel, p, d))
}

/// Four rows at a time: four independent add chains and one shared lane
/// reduction (`F4::sum4`), where a single row's dot is a chain of `L`
/// dependent adds and two shuffles that leaves the core idle.
#[inline(always)]
fn dots_fixed<const S: usize, const L: usize>(panel: &[f32], p: &[f32], d: &mut [f32]) {
    let pv: [F4; L] = core::array::from_fn(|c| F4::load(&p[c * LANES..]));
    let n = d.len();
    let (mut quads, mut dq) = (panel[..n * S].chunks_exact(4 * S), d.chunks_exact_mut(4));
    for (q, dd) in (&mut quads).zip(&mut dq) {
        let mut acc = [F4::splat(0.0); 4];
        for (c, pc) in pv.iter().enumerate() {
            for (j, a) in acc.iter_mut().enumerate() {
                *a = a.mul_add(F4::load(&q[j * S + c * LANES..]), *pc);
            }
        }
        F4::sum4(acc[0], acc[1], acc[2], acc[3]).store(dd);
    }
    for (v, dj) in quads.remainder().chunks_exact(S).zip(dq.into_remainder()) {
        let mut acc = F4::splat(0.0);
        for (c, pc) in pv.iter().enumerate() {
            acc = acc.mul_add(F4::load(&v[c * LANES..]), *pc);
        }
        *dj = acc.sum_lanes().first();
    }
}

#[inline(always)]
fn fold_fixed<const S: usize, const L: usize>(panel: &[f32], d: &[f32], out: &mut [f32]) {
    let mut acc = [F4::splat(0.0); L];
    let mut row = |v: &[f32], dj: &f32| {
        let ds = F4::load_splat(dj);
        for (c, a) in acc.iter_mut().enumerate() {
            *a = a.mul_add_relaxed(ds, F4::load(&v[c * LANES..]));
        }
    };
    // Four rows per iteration (the same order): less loop overhead per row.
    let n = d.len();
    let (mut quads, mut dq) = (panel[..n * S].chunks_exact(4 * S), d.chunks_exact(4));
    for (q, dd) in (&mut quads).zip(&mut dq) {
        for (j, dj) in dd.iter().enumerate() {
            row(&q[j * S..], dj);
        }
    }
    for (v, dj) in quads.remainder().chunks_exact(S).zip(dq.remainder()) {
        row(v, dj);
    }
    for (c, a) in acc.iter().enumerate() {
        a.store(&mut out[c * LANES..]);
    }
}

fn dots_any(panel: &[f32], p: &[f32], d: &mut [f32]) {
    for (v, dj) in panel.chunks_exact(p.len()).zip(d) {
        *dj = dot(v, p);
    }
}

fn fold_any(panel: &[f32], d: &[f32], out: &mut [f32]) {
    out.fill(0.0);
    for (v, &dj) in panel.chunks_exact(out.len()).zip(d) {
        axpy(out, dj, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_generic_paths_agree_with_the_gram_product() {
        for s in [4usize, 20, 64, 68] {
            for n in [3usize, 37] {
                check(s, n);
            }
        }
    }

    fn check(s: usize, n: usize) {
        let panel: Vec<f32> = (0..n * s).map(|i| ((i * 7 + 3) % 11) as f32 * 0.25 - 1.0).collect();
        let p: Vec<f32> = (0..s).map(|i| (i % 5) as f32 * 0.5 - 1.0).collect();
        let (mut out, mut d) = (vec![0.0f32; s], vec![0.0f32; n]);
        dots(&panel, &p, &mut d);
        fold(&panel, &d, &mut out);
        let (mut generic, mut d2) = (vec![0.0f32; s], vec![0.0f32; n]);
        dots_any(&panel, &p, &mut d2);
        fold_any(&panel, &d2, &mut generic);
        assert_eq!((&out, &d), (&generic, &d2), "s={s} n={n}");
        for c in 0..s {
            let want: f32 = (0..n)
                .map(|j| {
                    let v = &panel[j * s..(j + 1) * s];
                    v.iter().zip(&p).map(|(a, b)| a * b).sum::<f32>() * v[c]
                })
                .sum();
            assert!((out[c] - want).abs() < 1e-3 * want.abs().max(1.0), "s={s} c={c}");
        }
        let z: Vec<f32> = (0..n).map(|j| j as f32 * 0.1).collect();
        let tsum = first_pass(&panel, &z, &p, &mut d);
        let t: Vec<f32> = panel.chunks_exact(s).zip(&z).map(|(v, zj)| zj - dot(v, &p)).collect();
        assert_eq!(d, t, "s={s} n={n}");
        assert_eq!(tsum, sum_f64(&t, |x| x as f64));
    }
}
