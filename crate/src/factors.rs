//! Dense row-major factor matrices whose rows are padded to whole SIMD
//! vectors (`stride = padded(k)`); the padding lanes are always zero.

use crate::error::{Error, Result};
use crate::simd::padded;

#[derive(Clone, Debug, PartialEq)]
pub struct Factors {
    k: usize,
    stride: usize,
    rows: usize,
    data: Vec<f32>,
}

impl Factors {
    pub fn zeros(rows: usize, k: usize) -> Self {
        let stride = padded(k);
        Factors {
            k,
            stride,
            rows,
            data: vec![0.0; rows * stride],
        }
    }

    /// Build from unpadded row-major values (`rows * k` of them).
    pub fn from_dense(k: usize, values: &[f32]) -> Result<Self> {
        if k == 0 {
            return Err(Error::param("k", k, "at least 1"));
        }
        if !values.len().is_multiple_of(k) {
            return Err(Error::LengthMismatch {
                what: "factor values (a multiple of k)",
                expected: values.len() / k * k,
                actual: values.len(),
            });
        }
        let mut f = Factors::zeros(values.len() / k, k);
        for (dst, src) in f.data.chunks_exact_mut(f.stride).zip(values.chunks_exact(k)) {
            dst[..k].copy_from_slice(src);
        }
        Ok(f)
    }

    /// Unpadded row-major copy (`rows * k` values).
    pub fn to_dense(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.rows * self.k);
        for r in self.data.chunks_exact(self.stride.max(1)) {
            out.extend_from_slice(&r[..self.k]);
        }
        out
    }

    pub fn k(&self) -> usize {
        self.k
    }
    pub fn stride(&self) -> usize {
        self.stride
    }
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Padded row `r` (`stride` values, the last `stride - k` zero).
    #[inline(always)]
    pub fn row(&self, r: usize) -> &[f32] {
        &self.data[r * self.stride..(r + 1) * self.stride]
    }
    #[inline(always)]
    pub fn row_mut(&mut self, r: usize) -> &mut [f32] {
        &mut self.data[r * self.stride..(r + 1) * self.stride]
    }
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }
}
