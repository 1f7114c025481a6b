//! A copy of a factor matrix in IEEE half precision (f16), for the CG
//! solve's gather: a half step reads random rows of the other side's factors
//! (a 51 MB matrix at K=64 on the ML-32M shape), and its time is the memory
//! traffic of those rows, not arithmetic. Half-precision rows are half the
//! bytes, so half the cache lines per rating, and a matrix twice as large
//! stays within the caches and the TLB's reach.
//!
//! f16 rather than bfloat16: 11 significant bits instead of 8. Rounding the
//! gathered rows to f16 left the test RMSE of ml-latest-small unchanged to
//! 1e-6, bfloat16 moved it by up to 6e-6 (docs/performance.md, "Half-precision
//! gather"). Only the gathered copies are rounded: the solved side, the
//! model and every prediction stay f32.
//!
//! Both conversions work lane by lane, so the copy does not depend on how
//! rows are split among threads. Factors beyond f16's range (|x| ≥ 65504)
//! are not copied (`fill` returns false), and the step gathers f32 rows.

use rayon::prelude::*;

use crate::factors::Factors;

/// The smallest K whose CG solve gathers from the f16 copy. At K=20 the
/// rows (80 bytes in f32) are few cache lines either way, and widening cost
/// more than it saved (A/B on the ML-32M shape: fit CPU 1.03×, epoch
/// 1.08×); at K=64 the epoch took 0.90× (docs/performance.md).
pub const MIN_K: usize = 32;

/// The largest finite f16.
const F16_MAX: f32 = 65504.0;

/// Rows of f16 bit patterns, `stride` (the f32 matrix's) apart, the padding zero.
#[derive(Default)]
pub struct HalfFactors {
    stride: usize,
    data: Vec<u16>,
}

impl HalfFactors {
    /// Overwrite with the f16 rounding (to nearest, ties to even) of `f`.
    /// Returns false, leaving the copy unusable, when a factor is not
    /// finite or beyond f16's range.
    pub fn fill(&mut self, f: &Factors) -> bool {
        self.stride = f.stride();
        self.data.resize(f.as_slice().len(), 0);
        const ROWS_PER_JOB: usize = 4096;
        let job = (ROWS_PER_JOB * self.stride).max(1);
        self.data
            .par_chunks_mut(job)
            .zip(f.as_slice().par_chunks(job))
            .map(|(dst, src)| {
                let mut fits = true;
                for (d, &x) in dst.iter_mut().zip(src) {
                    fits &= x.abs() < F16_MAX;
                    *d = to_f16(x);
                }
                fits
            })
            .reduce(|| true, |a, b| a && b)
    }

    /// Padded row `r`.
    #[inline(always)]
    pub fn row(&self, r: usize) -> &[u16] {
        &self.data[r * self.stride..(r + 1) * self.stride]
    }

    pub fn stride(&self) -> usize {
        self.stride
    }
}

/// `x` rounded to the nearest f16 (ties to even); |x| ≥ 65520 and NaN give garbage.
/// Scaling by 2⁻¹¹² moves f16's exponent range onto f32's lowest one, where
/// the f32 exponent field equals the f16 one and f16 subnormals are f32
/// subnormals; then the 13 surplus mantissa bits are rounded off.
#[inline(always)]
pub fn to_f16(x: f32) -> u16 {
    let sign = ((x.to_bits() >> 16) & 0x8000) as u16;
    let scaled = (x.abs() * f32::from_bits((127 - 112) << 23)).to_bits();
    let rounded = (scaled + 0xfff + ((scaled >> 13) & 1)) >> 13;
    sign | rounded as u16
}

/// The f32 value of the f16 `h` (exact). The inverse of `to_f16`'s trick:
/// the sign-extended bits shifted into place, the three copies of the sign
/// between it and the exponent cleared, then scaled by 2¹¹².
#[inline(always)]
pub fn from_f16(h: u16) -> f32 {
    let bits = (((h as i16 as i32) << 13) as u32) & 0x8fff_ffff;
    f32::from_bits(bits) * f32::from_bits((127 + 112) << 23)
}

/// `dst[i] = from_f16(src[i])` over `dst.len()` values, a multiple of 4.
#[inline(always)]
pub fn widen(src: &[u16], dst: &mut [f32]) {
    assert!(src.len() >= dst.len() && dst.len().is_multiple_of(4));
    imp::widen(src, dst);
}

/// `dst.copy_from_slice(&src[..dst.len()])` for a length that is a multiple
/// of 4, by explicit vector moves: with bulk memory enabled, LLVM emits a
/// `memory.copy` for a row copy, which V8 runs as a call.
#[inline(always)]
pub fn copy_row(src: &[u16], dst: &mut [u16]) {
    assert!(src.len() >= dst.len() && dst.len().is_multiple_of(4));
    imp::copy_row(src, dst);
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    /// Four f16 (sign-extended to i32 lanes) to f32, as `from_f16`: three ops.
    #[inline(always)]
    fn lanes(h: v128) -> v128 {
        let bits = v128_and(i32x4_shl(h, 13), i32x4_splat(0x8fff_ffffu32 as i32));
        f32x4_mul(bits, f32x4_splat(f32::from_bits((127 + 112) << 23)))
    }

    #[inline(always)]
    pub fn widen(src: &[u16], dst: &mut [f32]) {
        let n = dst.len();
        let (s, d) = (src.as_ptr(), dst.as_mut_ptr());
        let mut i = 0;
        // SAFETY: `widen` checked `src.len() >= n` and `n % 4 == 0`; every
        // load and store below is within `i + 8 <= n` or `i + 4 <= n`, and
        // v128 loads and stores have no alignment requirement.
        unsafe {
            while i + 8 <= n {
                let h = v128_load(s.add(i) as *const v128);
                v128_store(d.add(i) as *mut v128, lanes(i32x4_extend_low_i16x8(h)));
                v128_store(d.add(i + 4) as *mut v128, lanes(i32x4_extend_high_i16x8(h)));
                i += 8;
            }
            if i < n {
                let h = v128_load64_zero(s.add(i) as *const u64);
                v128_store(d.add(i) as *mut v128, lanes(i32x4_extend_low_i16x8(h)));
            }
        }
    }

    #[inline(always)]
    pub fn copy_row(src: &[u16], dst: &mut [u16]) {
        let n = dst.len();
        let (s, d) = (src.as_ptr(), dst.as_mut_ptr());
        let mut i = 0;
        // SAFETY: as in `widen`: `copy_row` checked the lengths.
        unsafe {
            while i + 8 <= n {
                v128_store(d.add(i) as *mut v128, v128_load(s.add(i) as *const v128));
                i += 8;
            }
            if i < n {
                (d.add(i) as *mut u64).write_unaligned((s.add(i) as *const u64).read_unaligned());
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use core::arch::x86_64::*;

    /// Four f16 in the high halves of i32 lanes to f32, as `from_f16`.
    #[inline(always)]
    fn lanes(h: __m128i) -> __m128 {
        // SAFETY: SSE2 is part of the x86_64 baseline.
        unsafe {
            let bits = _mm_and_si128(
                _mm_slli_epi32(_mm_srai_epi32(h, 16), 13),
                _mm_set1_epi32(0x8fff_ffffu32 as i32),
            );
            _mm_mul_ps(_mm_castsi128_ps(bits), _mm_set1_ps(f32::from_bits((127 + 112) << 23)))
        }
    }

    #[inline(always)]
    pub fn widen(src: &[u16], dst: &mut [f32]) {
        let n = dst.len();
        let (s, d) = (src.as_ptr(), dst.as_mut_ptr());
        let mut i = 0;
        // SAFETY: SSE2 baseline; as in the wasm version, every access is in bounds.
        unsafe {
            while i + 8 <= n {
                let h = _mm_loadu_si128(s.add(i) as *const __m128i);
                _mm_storeu_ps(d.add(i), lanes(_mm_unpacklo_epi16(h, h)));
                _mm_storeu_ps(d.add(i + 4), lanes(_mm_unpackhi_epi16(h, h)));
                i += 8;
            }
            if i < n {
                let h = _mm_loadl_epi64(s.add(i) as *const __m128i);
                _mm_storeu_ps(d.add(i), lanes(_mm_unpacklo_epi16(h, h)));
            }
        }
    }

    #[inline(always)]
    pub fn copy_row(src: &[u16], dst: &mut [u16]) {
        dst.copy_from_slice(&src[..dst.len()]);
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod imp {
    #[inline(always)]
    pub fn widen(src: &[u16], dst: &mut [f32]) {
        for (d, &h) in dst.iter_mut().zip(src) {
            *d = super::from_f16(h);
        }
    }

    #[inline(always)]
    pub fn copy_row(src: &[u16], dst: &mut [u16]) {
        dst.copy_from_slice(&src[..dst.len()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every f16 bit pattern but infinities and NaNs survives the round trip,
    /// through the scalar and the vector widening alike.
    #[test]
    fn every_finite_f16_round_trips() {
        let finite: Vec<u16> = (0..=u16::MAX).filter(|h| h & 0x7c00 != 0x7c00).collect();
        let mut wide = vec![0.0f32; finite.len() / 4 * 4];
        widen(&finite, &mut wide);
        for (i, &h) in finite.iter().enumerate() {
            let x = from_f16(h);
            assert_eq!(to_f16(x), h, "{h:#06x}");
            if i < wide.len() {
                assert_eq!(wide[i].to_bits(), x.to_bits(), "{h:#06x}");
            }
        }
        assert_eq!(from_f16(0x3c00), 1.0);
        assert_eq!(from_f16(0xc000), -2.0);
        assert_eq!(from_f16(0x0001), 2f32.powi(-24));
        assert_eq!(from_f16(0x7bff), F16_MAX);
    }

    /// Rounding is to the nearest f16, ties to even, subnormals included.
    #[test]
    fn rounds_to_nearest_even() {
        let ulp1 = 2f32.powi(-10);
        assert_eq!(from_f16(to_f16(1.0 + ulp1 * 0.49)), 1.0);
        assert_eq!(from_f16(to_f16(1.0 + ulp1 * 0.51)), 1.0 + ulp1);
        assert_eq!(from_f16(to_f16(1.0 + ulp1 * 0.5)), 1.0); // tie: to even
        assert_eq!(from_f16(to_f16(1.0 + ulp1 * 1.5)), 1.0 + 2.0 * ulp1);
        let sub = 2f32.powi(-24);
        assert_eq!(from_f16(to_f16(-sub * 2.6)), -sub * 3.0);
        assert_eq!(from_f16(to_f16(sub * 0.4)), 0.0);
        for x in [0.123f32, -0.7, 3.3, 1e-3, -5e-6, 1000.5] {
            let back = from_f16(to_f16(x));
            assert!((back - x).abs() <= x.abs() * 2f32.powi(-11) + sub / 2.0, "{x} {back}");
        }
    }

    #[test]
    fn fill_rejects_out_of_range() {
        let mut h = HalfFactors::default();
        let f = Factors::from_dense(3, &[0.5, -0.25, 1.0, 2.0, 0.0, -1.5]).unwrap();
        assert!(h.fill(&f));
        assert_eq!(h.stride(), 4);
        assert_eq!(h.row(1), &[to_f16(2.0), 0, to_f16(-1.5), 0]);
        let big = Factors::from_dense(2, &[0.5, 7e4]).unwrap();
        assert!(!h.fill(&big));
        let nan = Factors::from_dense(2, &[f32::NAN, 0.0]).unwrap();
        assert!(!h.fill(&nan));
    }
}
