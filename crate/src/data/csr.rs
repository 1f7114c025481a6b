//! Compressed sparse rows: `indptr[r]..indptr[r+1]` are row r's entries in
//! `indices` (column) and `values` (rating). u32 indices and one-byte coded
//! values (`values`) keep a layout at 5 bytes per rating plus the row
//! pointers (8 with f32 values); u32 pointers cap a layout at 4G entries,
//! far beyond what wasm32's 4 GiB memory can hold.

pub use super::values::{Vals, Values};
use crate::error::{Error, Result};

/// A borrowed CSR block (e.g. views over arrays that live in JS memory).
#[derive(Clone, Copy, Debug)]
pub struct CsrRef<'a> {
    pub indptr: &'a [u32],
    pub indices: &'a [u32],
    pub values: Vals<'a>,
}

impl<'a> CsrRef<'a> {
    pub fn rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    #[inline(always)]
    pub fn range(&self, r: usize) -> std::ops::Range<usize> {
        self.indptr[r] as usize..self.indptr[r + 1] as usize
    }

    /// `(column, value)` pairs of row `r`.
    #[inline(always)]
    pub fn row(&self, r: usize) -> impl Iterator<Item = (u32, f32)> + 'a {
        let range = self.range(r);
        self.indices[range.clone()]
            .iter()
            .copied()
            .zip(self.values.slice(range).iter())
    }

    /// Row `r`'s values as f32 (decoded when stored as codes).
    pub fn row_values(&self, r: usize) -> std::borrow::Cow<'a, [f32]> {
        self.values.slice(self.range(r)).to_f32()
    }

    /// Check the structure against `cols` columns: monotone pointers that
    /// end at nnz, in-range columns, finite values.
    pub fn validate(&self, cols: usize) -> Result<()> {
        if self.indptr.is_empty() {
            return Err(Error::LengthMismatch {
                what: "indptr (rows + 1)",
                expected: 1,
                actual: 0,
            });
        }
        if self.values.len() != self.indices.len() {
            return Err(Error::LengthMismatch {
                what: "values (one per index)",
                expected: self.indices.len(),
                actual: self.values.len(),
            });
        }
        let last = *self.indptr.last().unwrap() as usize;
        if self.indptr[0] != 0 || last != self.indices.len() {
            return Err(Error::LengthMismatch {
                what: "indptr end (nnz)",
                expected: self.indices.len(),
                actual: last,
            });
        }
        if let Some(r) = self.indptr.windows(2).position(|w| w[0] > w[1]) {
            return Err(Error::param(
                "indptr",
                format!("decreasing at row {r}"),
                "non-decreasing row pointers",
            ));
        }
        if let Some(i) = self.indices.iter().position(|&c| c as usize >= cols) {
            return Err(Error::IndexOutOfRange {
                what: "column",
                index: self.indices[i] as usize,
                len: cols,
            });
        }
        if let Some(i) = self.values.iter().position(|v| !v.is_finite()) {
            return Err(Error::InvalidRating {
                index: i,
                value: self.values.get(i),
            });
        }
        Ok(())
    }
}

/// An owned CSR block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Csr {
    pub indptr: Vec<u32>,
    pub indices: Vec<u32>,
    pub values: Values,
}

impl Csr {
    pub fn view(&self) -> CsrRef<'_> {
        CsrRef {
            indptr: &self.indptr,
            indices: &self.indices,
            values: self.values.view(),
        }
    }
    pub fn rows(&self) -> usize {
        self.indptr.len().saturating_sub(1)
    }

    /// Frees the spare capacity of the columns and values.
    pub(crate) fn release_room(&mut self) {
        self.indices.shrink_to_fit();
        match &mut self.values {
            Values::F32(v) => v.shrink_to_fit(),
            Values::Coded { codes, .. } => codes.shrink_to_fit(),
        }
    }

    /// Bytes held: row pointers, columns and values.
    pub fn bytes(&self) -> usize {
        4 * (self.indptr.len() + self.indices.len()) + self.values.entry_bytes() * self.values.len()
    }
}
