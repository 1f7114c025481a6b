//! Rating values of a layout: one byte per rating when the set has at most
//! 256 distinct values (MovieLens half stars, 0/1 events, small counts),
//! decoded through a 256-entry table that stays in L1; f32 otherwise.
//! Decoding is exact: the table holds the very f32 values that arrived.

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;

use super::value_codes::code_values;
pub use super::value_codes::CODES;
use crate::error::{Error, Result};

/// Owned values of a layout, one per entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    F32(Vec<f32>),
    Coded { codes: Vec<u8>, table: Box<[f32; CODES]> },
}

/// Borrowed values (a whole layout's or one row's).
#[derive(Clone, Copy, Debug)]
pub enum Vals<'a> {
    F32(&'a [f32]),
    Coded(&'a [u8], &'a [f32; CODES]),
}

impl Default for Values {
    fn default() -> Self {
        Values::F32(Vec::new())
    }
}

impl Values {
    /// `values` coded in one byte each when they take at most 256 distinct
    /// values (kept as they are otherwise).
    pub fn encode(values: Vec<f32>) -> Values {
        match code_values(&values) {
            Some((codes, table)) => Values::Coded { codes, table },
            None => Values::F32(values),
        }
    }

    pub fn view(&self) -> Vals<'_> {
        match self {
            Values::F32(v) => Vals::F32(v),
            Values::Coded { codes, table } => Vals::Coded(codes, table),
        }
    }

    pub fn len(&self) -> usize {
        self.view().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes per entry (1 coded, 4 as f32).
    pub fn entry_bytes(&self) -> usize {
        match self {
            Values::F32(_) => 4,
            Values::Coded { .. } => 1,
        }
    }

    /// The entries at `picks`, in that order, in the same representation.
    pub fn gather(&self, picks: &[u32]) -> Values {
        self.view().gather(picks)
    }

    /// One-byte `codes` naming entries of `table` (at most 256 finite values).
    pub fn coded(codes: Vec<u8>, table: &[f32]) -> Result<Values> {
        if table.len() > CODES {
            return Err(Error::LengthMismatch {
                what: "value table (at most 256 entries)",
                expected: CODES,
                actual: table.len(),
            });
        }
        if let Some(i) = table.iter().position(|v| !v.is_finite()) {
            return Err(Error::InvalidRating {
                index: i,
                value: table[i],
            });
        }
        if let Some(e) = codes.iter().position(|&c| c as usize >= table.len()) {
            return Err(Error::IndexOutOfRange {
                what: "value code",
                index: codes[e] as usize,
                len: table.len(),
            });
        }
        let mut full = Box::new([0.0f32; CODES]);
        full[..table.len()].copy_from_slice(table);
        Ok(Values::Coded { codes, table: full })
    }

    /// An empty set of values in this representation, room for `n`.
    pub fn like(&self, n: usize) -> Values {
        match self {
            Values::F32(_) => Values::F32(vec![0.0; n]),
            Values::Coded { table, .. } => Values::Coded {
                codes: vec![0; n],
                table: table.clone(),
            },
        }
    }
}

fn gather<T: Copy + Send + Sync>(v: &[T], picks: &[u32]) -> Vec<T> {
    picks.par_iter().with_min_len(1 << 14).map(|&e| v[e as usize]).collect()
}

impl<'a> Vals<'a> {
    pub fn len(&self) -> usize {
        match self {
            Vals::F32(v) => v.len(),
            Vals::Coded(c, _) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline(always)]
    pub fn get(&self, e: usize) -> f32 {
        match self {
            Vals::F32(v) => v[e],
            Vals::Coded(c, t) => t[c[e] as usize],
        }
    }

    #[inline(always)]
    pub fn slice(&self, r: Range<usize>) -> Vals<'a> {
        match *self {
            Vals::F32(v) => Vals::F32(&v[r]),
            Vals::Coded(c, t) => Vals::Coded(&c[r], t),
        }
    }

    /// The values as f32 (borrowed when they are stored so).
    pub fn to_f32(&self) -> Cow<'a, [f32]> {
        match *self {
            Vals::F32(v) => Cow::Borrowed(v),
            Vals::Coded(c, t) => Cow::Owned(c.iter().map(|&b| t[b as usize]).collect()),
        }
    }

    /// The entries at `picks`, in that order, in the same representation.
    pub fn gather(&self, picks: &[u32]) -> Values {
        match *self {
            Vals::F32(v) => Values::F32(gather(v, picks)),
            Vals::Coded(codes, table) => Values::Coded {
                codes: gather(codes, picks),
                table: Box::new(*table),
            },
        }
    }

    /// `out[j] = f(cols[j], value j)` for every entry of `cols` (these
    /// values are theirs), returning the outputs' f64 sum taken in order.
    /// The representation is matched once, outside the loop, so the loop
    /// reads codes through the table or f32s directly.
    #[inline(always)]
    pub fn map_sum(&self, cols: &[u32], out: &mut [f32], f: impl Fn(u32, f32) -> f32) -> f64 {
        #[inline(always)]
        fn run(cols: &[u32], out: &mut [f32], value: impl Fn(usize) -> f32, f: impl Fn(u32, f32) -> f32) -> f64 {
            let mut sum = 0.0f64;
            for (j, (&c, o)) in cols.iter().zip(out.iter_mut()).enumerate() {
                *o = f(c, value(j));
                sum += *o as f64;
            }
            sum
        }
        match *self {
            Vals::F32(v) => run(cols, out, |j| v[j], f),
            Vals::Coded(c, t) => run(cols, out, |j| t[c[j] as usize], f),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = f32> + 'a {
        let this = *self;
        (0..this.len()).map(move |e| this.get(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_stars_take_one_byte_and_decode_exactly() {
        let v: Vec<f32> = (0..1000).map(|e| 0.5 * (1 + e % 10) as f32).collect();
        let coded = Values::encode(v.clone());
        assert_eq!(coded.entry_bytes(), 1);
        assert_eq!(coded.view().to_f32().as_ref(), &v[..]);
        assert_eq!(coded.view().slice(3..5).iter().collect::<Vec<_>>(), vec![2.0, 2.5]);
        let picked = coded.gather(&[9, 0]);
        assert_eq!(picked.view().to_f32().as_ref(), &[5.0, 0.5]);
    }

    #[test]
    fn more_than_256_values_stay_f32() {
        let v: Vec<f32> = (0..257).map(|e| e as f32 * 0.01).collect();
        assert_eq!(Values::encode(v.clone()), Values::F32(v));
        let signed = Values::encode(vec![0.0, -0.0, 1.0]);
        assert_eq!(signed.view().get(1).to_bits(), (-0.0f32).to_bits());
    }
}
