//! Four f32 lanes: `v128` on wasm32 with `simd128`, SSE on x86_64, plain
//! arrays elsewhere (and in the scalar wasm build used as a benchmark tier).
//! Only the handful of operations the Gram kernel needs. The wasm build with
//! `relaxed-simd` (ts/wasm-relaxed/) fuses `mul_add_relaxed`; every other
//! build rounds its product and sum separately, as `mul_add` always does.
//! Kernels use `mul_add_relaxed` only where many independent accumulators
//! make them throughput-bound (the Gram tiles, the CG fold): a fused
//! multiply-add has a longer latency than an add on x86 (5 against 3 cycles
//! on AMD Zen), so a latency-bound chain such as a dot product runs slower
//! fused (measured: the CG epoch at K=64 took 1.2× as long with every
//! `mul_add` fused).

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F4(v128);

    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4(f32x4_splat(x))
        }
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            assert!(s.len() >= 4);
            // SAFETY: bounds checked above; v128_load has no alignment requirement.
            F4(unsafe { v128_load(s.as_ptr() as *const v128) })
        }
        /// `splat(*x)` as one `v128.load32_splat` (a broadcast load on x86
        /// engines) instead of a scalar load and a shuffle.
        #[inline(always)]
        pub fn load_splat(x: &f32) -> Self {
            // SAFETY: `x` is a valid reference to one f32.
            F4(unsafe { v128_load32_splat(x as *const f32 as *const u32) })
        }
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            assert!(s.len() >= 4);
            // SAFETY: bounds checked above; v128_store has no alignment requirement.
            unsafe { v128_store(s.as_mut_ptr() as *mut v128, self.0) }
        }
        /// `self + b * c`, rounded twice (no FMA) so results match on every engine.
        #[inline(always)]
        pub fn mul_add(self, b: F4, c: F4) -> Self {
            F4(f32x4_add(self.0, f32x4_mul(b.0, c.0)))
        }
        /// `self + b * c` as `f32x4.relaxed_madd`: rounded once where the
        /// hardware fuses (x86 with FMA3, ARM), twice elsewhere, decided by the
        /// engine for the whole module (docs/parameters.md, "Reproducibility").
        #[cfg(target_feature = "relaxed-simd")]
        #[inline(always)]
        pub fn mul_add_relaxed(self, b: F4, c: F4) -> Self {
            F4(f32x4_relaxed_madd(b.0, c.0, self.0))
        }
        /// `mul_add` in builds without relaxed SIMD.
        #[cfg(not(target_feature = "relaxed-simd"))]
        #[inline(always)]
        pub fn mul_add_relaxed(self, b: F4, c: F4) -> Self {
            self.mul_add(b, c)
        }
        /// `(x0 + x1) + (x2 + x3)` in every lane (see `sum_lanes`).
        #[inline(always)]
        pub fn sum_lanes(self) -> Self {
            let a = f32x4_add(self.0, i32x4_shuffle::<1, 0, 3, 2>(self.0, self.0));
            F4(f32x4_add(a, i32x4_shuffle::<2, 3, 0, 1>(a, a)))
        }
        #[inline(always)]
        pub fn first(self) -> f32 {
            f32x4_extract_lane::<0>(self.0)
        }
        /// Lane `j` of `sum4(a, b, c, d)` is `sum_lanes` of the `j`-th argument.
        #[inline(always)]
        pub fn sum4(a: F4, b: F4, c: F4, d: F4) -> Self {
            let ab = f32x4_add(
                i32x4_shuffle::<0, 2, 4, 6>(a.0, b.0),
                i32x4_shuffle::<1, 3, 5, 7>(a.0, b.0),
            );
            let cd = f32x4_add(
                i32x4_shuffle::<0, 2, 4, 6>(c.0, d.0),
                i32x4_shuffle::<1, 3, 5, 7>(c.0, d.0),
            );
            F4(f32x4_add(
                i32x4_shuffle::<0, 2, 4, 6>(ab, cd),
                i32x4_shuffle::<1, 3, 5, 7>(ab, cd),
            ))
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct F4(__m128);

    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            // SAFETY: SSE is part of the x86_64 baseline.
            F4(unsafe { _mm_set1_ps(x) })
        }
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            assert!(s.len() >= 4);
            // SAFETY: bounds checked above; unaligned load.
            F4(unsafe { _mm_loadu_ps(s.as_ptr()) })
        }
        #[inline(always)]
        pub fn load_splat(x: &f32) -> Self {
            // SAFETY: SSE baseline; `x` is a valid reference.
            F4(unsafe { _mm_load_ps1(x) })
        }
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            assert!(s.len() >= 4);
            // SAFETY: bounds checked above; unaligned store.
            unsafe { _mm_storeu_ps(s.as_mut_ptr(), self.0) }
        }
        #[inline(always)]
        pub fn mul_add(self, b: F4, c: F4) -> Self {
            // SAFETY: SSE baseline. Separate mul and add, as in the wasm build.
            F4(unsafe { _mm_add_ps(self.0, _mm_mul_ps(b.0, c.0)) })
        }
        #[inline(always)]
        pub fn mul_add_relaxed(self, b: F4, c: F4) -> Self {
            self.mul_add(b, c)
        }
        #[inline(always)]
        pub fn sum_lanes(self) -> Self {
            // SAFETY: SSE baseline. Lanes (1,0,3,2), then (2,3,0,1).
            unsafe {
                let a = _mm_add_ps(self.0, _mm_shuffle_ps::<0xB1>(self.0, self.0));
                F4(_mm_add_ps(a, _mm_shuffle_ps::<0x4E>(a, a)))
            }
        }
        #[inline(always)]
        pub fn first(self) -> f32 {
            // SAFETY: SSE baseline.
            unsafe { _mm_cvtss_f32(self.0) }
        }
        #[inline(always)]
        pub fn sum4(a: F4, b: F4, c: F4, d: F4) -> Self {
            // SAFETY: SSE baseline. 0x88 takes lanes (0,2) of each, 0xDD lanes (1,3).
            unsafe {
                let ab = _mm_add_ps(_mm_shuffle_ps::<0x88>(a.0, b.0), _mm_shuffle_ps::<0xDD>(a.0, b.0));
                let cd = _mm_add_ps(_mm_shuffle_ps::<0x88>(c.0, d.0), _mm_shuffle_ps::<0xDD>(c.0, d.0));
                F4(_mm_add_ps(
                    _mm_shuffle_ps::<0x88>(ab, cd),
                    _mm_shuffle_ps::<0xDD>(ab, cd),
                ))
            }
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F4([f32; 4]);

    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4([x; 4])
        }
        #[inline(always)]
        pub fn load(s: &[f32]) -> Self {
            F4([s[0], s[1], s[2], s[3]])
        }
        #[inline(always)]
        pub fn load_splat(x: &f32) -> Self {
            F4([*x; 4])
        }
        #[inline(always)]
        pub fn store(self, s: &mut [f32]) {
            s[..4].copy_from_slice(&self.0);
        }
        #[inline(always)]
        pub fn mul_add(self, b: F4, c: F4) -> Self {
            let mut r = self.0;
            for l in 0..4 {
                r[l] += b.0[l] * c.0[l];
            }
            F4(r)
        }
        #[inline(always)]
        pub fn mul_add_relaxed(self, b: F4, c: F4) -> Self {
            self.mul_add(b, c)
        }
        #[inline(always)]
        pub fn sum_lanes(self) -> Self {
            let x = self.0;
            F4([(x[0] + x[1]) + (x[2] + x[3]); 4])
        }
        #[inline(always)]
        pub fn first(self) -> f32 {
            self.0[0]
        }
        #[inline(always)]
        pub fn sum4(a: F4, b: F4, c: F4, d: F4) -> Self {
            F4([a, b, c, d].map(|v| v.sum_lanes().0[0]))
        }
    }
}

/// `F4::sum_lanes` gives `(x0 + x1) + (x2 + x3)` in every lane, the order
/// `dot` uses: adding the pairwise swap (1,0,3,2) and then the half swap
/// (2,3,0,1) computes in each lane the same two sums, up to commutation,
/// which is exact. Two shuffles and two adds instead of four extracts,
/// three adds and a splat. `F4::sum4` does the same for four vectors at
/// once by two rounds of even/odd lane shuffles: lane `j` of the result is
/// `(x0 + x1) + (x2 + x3)` of the `j`-th vector, bit for bit.
pub use imp::F4;

/// Lanes per vector; factor rows are padded to a multiple of this.
pub const LANES: usize = 4;

/// `k` rounded up to whole vectors: the stride of every factor matrix.
pub const fn padded(k: usize) -> usize {
    k.div_ceil(LANES) * LANES
}

/// `acc[c] += x * v[c]` for whole vectors.
#[inline(always)]
pub fn axpy(acc: &mut [f32], x: f32, v: &[f32]) {
    let xs = F4::splat(x);
    for (a, b) in acc.chunks_exact_mut(LANES).zip(v.chunks_exact(LANES)) {
        F4::load(a).mul_add(xs, F4::load(b)).store(a);
    }
}

/// Dot product of two padded rows, summed lane-wise then across lanes in a
/// fixed order so it is the same on every target.
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let mut s = F4::splat(0.0);
    for (x, y) in a.chunks_exact(LANES).zip(b.chunks_exact(LANES)) {
        s = s.mul_add(F4::load(x), F4::load(y));
    }
    s.store(&mut acc);
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// `Σ f(x_j)` in f64 as four interleaved partial sums (`j mod 4`), added
/// `(s0 + s1) + (s2 + s3)`: four independent add chains instead of one (an
/// f64 add has several cycles of latency), in an order fixed by `j` alone.
#[inline(always)]
pub fn sum_f64(xs: &[f32], f: impl Fn(f32) -> f64) -> f64 {
    let mut s = [0.0f64; 4];
    let mut quads = xs.chunks_exact(4);
    for q in &mut quads {
        for (sl, &x) in s.iter_mut().zip(q) {
            *sl += f(x);
        }
    }
    for (sl, &x) in s.iter_mut().zip(quads.remainder()) {
        *sl += f(x);
    }
    (s[0] + s[1]) + (s[2] + s[3])
}
