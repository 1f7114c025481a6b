//! The hot kernel: accumulate the Gram matrix `G += Σ_e v_e v_eᵀ` of a panel
//! of gathered factor rows (contiguous, `stride` floats each).
//!
//! This is where ALS spends its time (K²/2 multiply-adds per rating and
//! step). Adding one rank-1 update at a time, as `solve::Gram::add` does,
//! loads and stores the whole upper triangle of G per rating. Here G is cut
//! into 4×8 tiles whose 8 accumulators stay in registers while the kernel
//! streams over all ratings of the panel (which sits in L1), so a rating
//! costs two vector loads and four broadcasts per eight multiply-adds.
//!
//! Each entry of G is still summed over the ratings in order, with the same
//! separate multiply and add as `simd::F4`, so the result does not depend on
//! the tiling, the thread count or the target.

use crate::simd::{F4, LANES};

/// Add the upper block-triangle of `Σ_e v_e v_eᵀ` over the first `n` rows
/// of `panel` into `g` (`stride × stride`, row-major). Entries below the
/// diagonal block are left alone; the solve reads only `j ≥ i`.
#[inline(never)]
pub fn gram_panel(panel: &[f32], n: usize, stride: usize, g: &mut [f32]) {
    debug_assert!(stride.is_multiple_of(LANES) && panel.len() >= n * stride && g.len() >= stride * stride);
    for i0 in (0..stride).step_by(LANES) {
        let mut j0 = i0;
        #[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
        {
            while j0 + 16 <= stride {
                wide::tile_4x16(panel, n, stride, i0, j0, g);
                j0 += 16;
            }
            if j0 + 8 <= stride {
                wide::tile_4x8(panel, n, stride, i0, j0, g);
                j0 += 8;
            }
        }
        while j0 + 8 <= stride {
            tile_4x8(panel, n, stride, i0, j0, g);
            j0 += 8;
        }
        if j0 < stride {
            tile_4x4(panel, n, stride, i0, j0, g);
        }
    }
}

/// Rows `i0..i0+4` × columns `j0..j0+8` of G.
#[inline(always)]
fn tile_4x8(panel: &[f32], n: usize, s: usize, i0: usize, j0: usize, g: &mut [f32]) {
    let mut a = [[F4::splat(0.0); 2]; 4];
    for (r, acc) in a.iter_mut().enumerate() {
        acc[0] = F4::load(&g[(i0 + r) * s + j0..]);
        acc[1] = F4::load(&g[(i0 + r) * s + j0 + 4..]);
    }
    for v in panel.chunks_exact(s).take(n) {
        let c0 = F4::load(&v[j0..j0 + 4]);
        let c1 = F4::load(&v[j0 + 4..j0 + 8]);
        let x = &v[i0..i0 + 4];
        for r in 0..4 {
            let xr = F4::load_splat(&x[r]);
            a[r][0] = a[r][0].mul_add_relaxed(xr, c0);
            a[r][1] = a[r][1].mul_add_relaxed(xr, c1);
        }
    }
    for (r, acc) in a.iter().enumerate() {
        acc[0].store(&mut g[(i0 + r) * s + j0..]);
        acc[1].store(&mut g[(i0 + r) * s + j0 + 4..]);
    }
}

/// Rows `i0..i0+4` × columns `j0..j0+4` of G.
#[inline(always)]
fn tile_4x4(panel: &[f32], n: usize, s: usize, i0: usize, j0: usize, g: &mut [f32]) {
    let mut a = [F4::splat(0.0); 4];
    for (r, acc) in a.iter_mut().enumerate() {
        *acc = F4::load(&g[(i0 + r) * s + j0..]);
    }
    for v in panel.chunks_exact(s).take(n) {
        let c0 = F4::load(&v[j0..j0 + 4]);
        let x = &v[i0..i0 + 4];
        for r in 0..4 {
            a[r] = a[r].mul_add_relaxed(F4::load_splat(&x[r]), c0);
        }
    }
    for (r, acc) in a.iter().enumerate() {
        acc.store(&mut g[(i0 + r) * s + j0..]);
    }
}

/// The same tiles with 8-lane AVX registers (native builds with AVX). Each
/// lane still does a separate multiply and add, so results are bitwise the
/// same as with 4 lanes.
#[cfg(all(target_arch = "x86_64", target_feature = "avx"))]
mod wide {
    use core::arch::x86_64::*;

    #[inline(always)]
    fn load(s: &[f32]) -> __m256 {
        assert!(s.len() >= 8);
        // SAFETY: AVX is enabled for this build; 8 floats checked above; unaligned load.
        unsafe { _mm256_loadu_ps(s.as_ptr()) }
    }

    #[inline(always)]
    fn store(v: __m256, s: &mut [f32]) {
        assert!(s.len() >= 8);
        // SAFETY: as in `load`.
        unsafe { _mm256_storeu_ps(s.as_mut_ptr(), v) }
    }

    #[inline(always)]
    fn mul_add(a: __m256, b: __m256, c: __m256) -> __m256 {
        // SAFETY: AVX is enabled for this build. No FMA, like `simd::F4`.
        unsafe { _mm256_add_ps(a, _mm256_mul_ps(b, c)) }
    }

    #[inline(always)]
    fn splat(x: f32) -> __m256 {
        // SAFETY: AVX is enabled for this build.
        unsafe { _mm256_set1_ps(x) }
    }

    /// Rows `i0..i0+4` × columns `j0..j0+16`: eight accumulators.
    pub fn tile_4x16(panel: &[f32], n: usize, s: usize, i0: usize, j0: usize, g: &mut [f32]) {
        let mut a = [[splat(0.0); 2]; 4];
        for (r, acc) in a.iter_mut().enumerate() {
            acc[0] = load(&g[(i0 + r) * s + j0..]);
            acc[1] = load(&g[(i0 + r) * s + j0 + 8..]);
        }
        for v in panel.chunks_exact(s).take(n) {
            let (c0, c1) = (load(&v[j0..j0 + 8]), load(&v[j0 + 8..j0 + 16]));
            let x = &v[i0..i0 + 4];
            for r in 0..4 {
                let xr = splat(x[r]);
                a[r][0] = mul_add(a[r][0], xr, c0);
                a[r][1] = mul_add(a[r][1], xr, c1);
            }
        }
        for (r, acc) in a.iter().enumerate() {
            store(acc[0], &mut g[(i0 + r) * s + j0..]);
            store(acc[1], &mut g[(i0 + r) * s + j0 + 8..]);
        }
    }

    /// Rows `i0..i0+4` × columns `j0..j0+8`: four accumulators.
    pub fn tile_4x8(panel: &[f32], n: usize, s: usize, i0: usize, j0: usize, g: &mut [f32]) {
        let mut a = [splat(0.0); 4];
        for (r, acc) in a.iter_mut().enumerate() {
            *acc = load(&g[(i0 + r) * s + j0..]);
        }
        for v in panel.chunks_exact(s).take(n) {
            let c0 = load(&v[j0..j0 + 8]);
            let x = &v[i0..i0 + 4];
            for r in 0..4 {
                a[r] = mul_add(a[r], splat(x[r]), c0);
            }
        }
        for (r, acc) in a.iter().enumerate() {
            store(*acc, &mut g[(i0 + r) * s + j0..]);
        }
    }
}

/// Add `Σ_e z_e v_e` to `sz` and `Σ_e v_e` to `sv` over the panel's rows
/// (`z.len()` of them), two column blocks at a time in registers.
#[inline(never)]
pub fn rhs_panel(panel: &[f32], z: &[f32], stride: usize, sz: &mut [f32], sv: &mut [f32]) {
    let one = F4::splat(1.0);
    let mut j0 = 0;
    while j0 < stride {
        let two = j0 + 2 * LANES <= stride;
        let w = if two { 2 * LANES } else { LANES };
        let (mut z0, mut z1) = (
            F4::load(&sz[j0..]),
            if two { F4::load(&sz[j0 + 4..]) } else { F4::splat(0.0) },
        );
        let (mut v0, mut v1) = (
            F4::load(&sv[j0..]),
            if two { F4::load(&sv[j0 + 4..]) } else { F4::splat(0.0) },
        );
        for (v, ze) in panel.chunks_exact(stride).zip(z) {
            let (c0, zs) = (F4::load(&v[j0..j0 + 4]), F4::load_splat(ze));
            z0 = z0.mul_add(zs, c0);
            v0 = v0.mul_add(one, c0);
            if two {
                let c1 = F4::load(&v[j0 + 4..j0 + 8]);
                z1 = z1.mul_add(zs, c1);
                v1 = v1.mul_add(one, c1);
            }
        }
        z0.store(&mut sz[j0..]);
        v0.store(&mut sv[j0..]);
        if two {
            z1.store(&mut sz[j0 + 4..]);
            v1.store(&mut sv[j0 + 4..]);
        }
        j0 += w;
    }
}

/// Hint that `row` will be read soon (its first and last cache line; a
/// K = 20 row spans two). x86_64 only: WebAssembly has no prefetch, and a
/// dropped load in its place made the wasm item step no faster.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn prefetch_row<T>(row: &[T]) {
    if let (Some(first), Some(last)) = (row.first(), row.last()) {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: prefetching is a hint; it never faults, and both
        // addresses are inside `row`.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(first as *const T as *const i8);
            _mm_prefetch::<_MM_HINT_T0>(last as *const T as *const i8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive_upper_triangle() {
        for k in [1usize, 3, 4, 5, 8, 13, 20, 33] {
            let s = crate::simd::padded(k);
            let n = 37;
            let mut panel = vec![0.0f32; n * s];
            for e in 0..n {
                for c in 0..k {
                    panel[e * s + c] = ((e * 7 + c * 3) % 11) as f32 * 0.25 - 1.0;
                }
            }
            let mut g = vec![0.0f32; s * s];
            gram_panel(&panel, n, s, &mut g);
            gram_panel(&panel, n, s, &mut g);
            for i in 0..k {
                for j in i..k {
                    let want: f32 = 2.0 * (0..n).map(|e| panel[e * s + i] * panel[e * s + j]).sum::<f32>();
                    assert!(
                        (g[i * s + j] - want).abs() <= 1e-3 * want.abs().max(1.0),
                        "k={k} ({i},{j})"
                    );
                }
            }
        }
    }
}
