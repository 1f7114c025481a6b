//! Products with a row's normal matrix `Vᵀ V` straight from its gathered
//! factor rows `v_j`, never forming the K×K Gram matrix: what the CG solve
//! needs. A product costs ~2K multiply-adds per rating against ~K²/2 for
//! the Gram matrix, so a few CG steps are cheaper than building G at all.
//!
//! Strides up to 64 get code with the row length known at compile time
//! (accumulators in registers); longer rows use the generic loops. Sums run
//! in a fixed order, so results do not depend on the thread count.

use crate::simd::{axpy, dot, F4, LANES};

/// The first pass over a panel of `z.len()` rows, with the current factor
/// `x0`: `sv += Σ v_j`, `w += Σ t_j v_j` where `t_j = z_j − x0·v_j`.
/// Returns `Σ t_j`.
pub fn first_pass(panel: &[f32], z: &[f32], x0: &[f32], sv: &mut [f32], w: &mut [f32]) -> f64 {
    macro_rules! fixed {
        ($(($s:literal, $l:literal))*) => {
            match x0.len() {
                $($s => first_pass_fixed::<$s, $l>(panel, z, x0, sv, w),)*
                _ => first_pass_any(panel, z, x0, sv, w),
            }
        };
    }
    fixed!((4, 1)(8, 2)(12, 3)(16, 4)(20, 5)(24, 6)(28, 7)(32, 8)(36, 9)(40, 10)(
        44, 11
    )(48, 12)(52, 13)(56, 14)(60, 15)(64, 16))
}

/// `out = Σ_j (v_j·p) v_j` over the first `n` rows of `panel`.
pub fn normal_apply(panel: &[f32], n: usize, p: &[f32], out: &mut [f32]) {
    macro_rules! fixed {
        ($(($s:literal, $l:literal))*) => {
            match p.len() {
                $($s => normal_apply_fixed::<$s, $l>(panel, n, p, out),)*
                _ => normal_apply_any(panel, n, p, out),
            }
        };
    }
    fixed!((4, 1)(8, 2)(12, 3)(16, 4)(20, 5)(24, 6)(28, 7)(32, 8)(36, 9)(40, 10)(
        44, 11
    )(48, 12)(52, 13)(56, 14)(60, 15)(64, 16))
}

/// `v·p` for rows of `L` vectors, summed like `simd::dot`, in every lane.
#[inline(always)]
fn dot_fixed<const L: usize>(v: &[f32], p: &[f32]) -> F4 {
    let mut d = F4::splat(0.0);
    for c in 0..L {
        d = d.mul_add(F4::load(&v[c * LANES..]), F4::load(&p[c * LANES..]));
    }
    d.sum_lanes()
}

#[inline(always)]
fn first_pass_fixed<const S: usize, const L: usize>(
    panel: &[f32],
    z: &[f32],
    x0: &[f32],
    sv: &mut [f32],
    w: &mut [f32],
) -> f64 {
    let one = F4::splat(1.0);
    let mut acc_v: [F4; L] = core::array::from_fn(|c| F4::load(&sv[c * LANES..]));
    let mut acc_w: [F4; L] = core::array::from_fn(|c| F4::load(&w[c * LANES..]));
    let mut tsum = 0.0f64;
    for (v, &zj) in panel.chunks_exact(S).zip(z) {
        let t = zj - dot_fixed::<L>(v, x0).first();
        let ts = F4::splat(t);
        for c in 0..L {
            let vc = F4::load(&v[c * LANES..]);
            acc_v[c] = acc_v[c].mul_add(one, vc);
            acc_w[c] = acc_w[c].mul_add(ts, vc);
        }
        tsum += t as f64;
    }
    for c in 0..L {
        acc_v[c].store(&mut sv[c * LANES..]);
        acc_w[c].store(&mut w[c * LANES..]);
    }
    tsum
}

#[inline(always)]
fn normal_apply_fixed<const S: usize, const L: usize>(panel: &[f32], n: usize, p: &[f32], out: &mut [f32]) {
    let mut acc = [F4::splat(0.0); L];
    for v in panel.chunks_exact(S).take(n) {
        let ts = dot_fixed::<L>(v, p);
        for (c, a) in acc.iter_mut().enumerate() {
            *a = a.mul_add(ts, F4::load(&v[c * LANES..]));
        }
    }
    for (c, a) in acc.iter().enumerate() {
        a.store(&mut out[c * LANES..]);
    }
}

fn first_pass_any(panel: &[f32], z: &[f32], x0: &[f32], sv: &mut [f32], w: &mut [f32]) -> f64 {
    let mut tsum = 0.0f64;
    for (v, &zj) in panel.chunks_exact(x0.len()).zip(z) {
        let t = zj - dot(v, x0);
        axpy(sv, 1.0, v);
        axpy(w, t, v);
        tsum += t as f64;
    }
    tsum
}

fn normal_apply_any(panel: &[f32], n: usize, p: &[f32], out: &mut [f32]) {
    out.fill(0.0);
    for v in panel.chunks_exact(p.len()).take(n) {
        axpy(out, dot(v, p), v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_generic_paths_agree_with_the_gram_product() {
        for s in [4usize, 20, 64, 68] {
            let n = 37;
            let panel: Vec<f32> = (0..n * s).map(|i| ((i * 7 + 3) % 11) as f32 * 0.25 - 1.0).collect();
            let p: Vec<f32> = (0..s).map(|i| (i % 5) as f32 * 0.5 - 1.0).collect();
            let mut out = vec![0.0f32; s];
            normal_apply(&panel, n, &p, &mut out);
            let mut generic = vec![0.0f32; s];
            normal_apply_any(&panel, n, &p, &mut generic);
            assert_eq!(out, generic, "s={s}");
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
            let (mut sv, mut w) = (vec![0.0f32; s], vec![0.0f32; s]);
            let (mut sv2, mut w2) = (vec![0.0f32; s], vec![0.0f32; s]);
            let t = first_pass(&panel, &z, &p, &mut sv, &mut w);
            let t2 = first_pass_any(&panel, &z, &p, &mut sv2, &mut w2);
            assert_eq!((t, &sv, &w), (t2, &sv2, &w2), "s={s}");
        }
    }
}
