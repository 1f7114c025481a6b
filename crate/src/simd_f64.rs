//! Two f64 lanes for the Cholesky factorization: `v128` on wasm32 with
//! `simd128`, SSE2 on x86_64, plain arrays elsewhere. LLVM does not
//! vectorize the factorization's register-blocked updates for wasm32 by
//! itself (it emits scalar code with spills), hence the explicit type.
//! Every operation rounds each lane exactly as the scalar code would, except
//! `sub_mul` in the `relaxed-simd` build, which may fuse (the factorization's
//! trailing updates are throughput-bound; the solves' dot-product chains,
//! `add_mul`, are latency-bound and stay unfused: see `simd`).

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct F2(v128);

    impl F2 {
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            F2(f64x2_splat(x))
        }
        #[inline(always)]
        pub fn load(s: &[f64]) -> Self {
            assert!(s.len() >= 2);
            // SAFETY: bounds checked above; v128_load has no alignment requirement.
            F2(unsafe { v128_load(s.as_ptr() as *const v128) })
        }
        /// # Safety
        /// `p` must be valid for reading two f64.
        #[inline(always)]
        pub unsafe fn read(p: *const f64) -> Self {
            F2(v128_load(p as *const v128))
        }
        /// # Safety
        /// `p` must be valid for writing two f64.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut f64) {
            v128_store(p as *mut v128, self.0)
        }
        /// `self − b * c`, rounded twice (no FMA), as the scalar `x -= b * c`.
        #[cfg(not(target_feature = "relaxed-simd"))]
        #[inline(always)]
        pub fn sub_mul(self, b: F2, c: F2) -> Self {
            F2(f64x2_sub(self.0, f64x2_mul(b.0, c.0)))
        }
        /// `self + b * c`, rounded twice, as the scalar `x += b * c`.
        #[inline(always)]
        pub fn add_mul(self, b: F2, c: F2) -> Self {
            F2(f64x2_add(self.0, f64x2_mul(b.0, c.0)))
        }
        /// `self − b * c` as `f64x2.relaxed_nmadd` (fused where the hardware can).
        #[cfg(target_feature = "relaxed-simd")]
        #[inline(always)]
        pub fn sub_mul(self, b: F2, c: F2) -> Self {
            F2(f64x2_relaxed_nmadd(b.0, c.0, self.0))
        }

        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            [f64x2_extract_lane::<0>(self.0), f64x2_extract_lane::<1>(self.0)]
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct F2(__m128d);

    impl F2 {
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            // SAFETY: SSE2 is part of the x86_64 baseline.
            F2(unsafe { _mm_set1_pd(x) })
        }
        #[inline(always)]
        pub fn load(s: &[f64]) -> Self {
            assert!(s.len() >= 2);
            // SAFETY: bounds checked above; unaligned load.
            F2(unsafe { _mm_loadu_pd(s.as_ptr()) })
        }
        /// # Safety
        /// `p` must be valid for reading two f64.
        #[inline(always)]
        pub unsafe fn read(p: *const f64) -> Self {
            F2(_mm_loadu_pd(p))
        }
        /// # Safety
        /// `p` must be valid for writing two f64.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut f64) {
            _mm_storeu_pd(p, self.0)
        }
        #[inline(always)]
        pub fn sub_mul(self, b: F2, c: F2) -> Self {
            // SAFETY: SSE2 baseline. Separate mul and sub.
            F2(unsafe { _mm_sub_pd(self.0, _mm_mul_pd(b.0, c.0)) })
        }
        #[inline(always)]
        pub fn add_mul(self, b: F2, c: F2) -> Self {
            // SAFETY: SSE2 baseline. Separate mul and add.
            F2(unsafe { _mm_add_pd(self.0, _mm_mul_pd(b.0, c.0)) })
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            let mut out = [0.0; 2];
            // SAFETY: SSE2 baseline; `out` holds two f64.
            unsafe { _mm_storeu_pd(out.as_mut_ptr(), self.0) };
            out
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct F2([f64; 2]);

    impl F2 {
        #[inline(always)]
        pub fn splat(x: f64) -> Self {
            F2([x; 2])
        }
        #[inline(always)]
        pub fn load(s: &[f64]) -> Self {
            F2([s[0], s[1]])
        }
        /// # Safety
        /// `p` must be valid for reading two f64.
        #[inline(always)]
        pub unsafe fn read(p: *const f64) -> Self {
            F2([*p, *p.add(1)])
        }
        /// # Safety
        /// `p` must be valid for writing two f64.
        #[inline(always)]
        pub unsafe fn write(self, p: *mut f64) {
            *p = self.0[0];
            *p.add(1) = self.0[1];
        }
        #[inline(always)]
        pub fn sub_mul(self, b: F2, c: F2) -> Self {
            F2([self.0[0] - b.0[0] * c.0[0], self.0[1] - b.0[1] * c.0[1]])
        }
        #[inline(always)]
        pub fn add_mul(self, b: F2, c: F2) -> Self {
            F2([self.0[0] + b.0[0] * c.0[0], self.0[1] + b.0[1] * c.0[1]])
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            self.0
        }
    }
}

pub use imp::F2;
