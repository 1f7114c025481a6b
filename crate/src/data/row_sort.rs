//! Each row of a grouped layout sorted by column. A row is sorted as keys
//! in a scratch buffer, so that its columns are read once, not on every
//! comparison, and come out of the keys without a gather; long rows are
//! sorted by radix (a few counting passes over the column bits), short ones
//! by comparisons. Rows are cut into pieces by the data alone: the result
//! is the same on any thread count.

use rayon::prelude::*;

use crate::chunks::{balanced_bounds, entry_bounds, ranges, split_rows_mut};

/// The rows of a grouped layout to sort: `indptr` over `n_cols` columns,
/// whose entries are input indices `e` of columns `cols[e]`.
pub(super) struct SortedRows<'a> {
    pub n_cols: usize,
    pub indptr: &'a [u32],
    pub cols: &'a [u32],
}

impl SortedRows<'_> {
    /// Sort each row's input indices (`order`) by their column (ties by
    /// index), writing the columns in that order into `indices` and the
    /// values `vals[e]` into `out`. Each row is sorted as keys in a scratch
    /// buffer: `column << p | position in the row` in a u32 when both fit
    /// (positions follow the input order: ties keep it), `column << 32 |
    /// index` in a u64 otherwise; a row already in order is only checked.
    /// Returns the first `(row, column)` held twice.
    pub fn sort<T: Copy + Send + Sync>(
        &self,
        order: &mut [u32],
        indices: &mut [u32],
        vals: &[T],
        out: &mut [T],
    ) -> Option<(usize, u32)> {
        let col_bits = u32::BITS - (self.n_cols.saturating_sub(1) as u32).leading_zeros();
        let indptr = self.indptr;
        let bounds = balanced_bounds(indptr, 1, 1, 256);
        let entries = entry_bounds(indptr, &bounds);
        let pieces = split_rows_mut(order, &entries, 1);
        let cols_out = split_rows_mut(indices, &entries, 1);
        let vals_out = split_rows_mut(out, &entries, 1);
        let repeats: Vec<Option<(usize, u32)>> = pieces
            .into_par_iter()
            .zip(cols_out)
            .zip(vals_out)
            .zip(ranges(&bounds).collect::<Vec<_>>())
            .map_init(RowKeys::default, |keys, (((piece, c_out), v_out), rs)| {
                let base = indptr[rs.start] as usize;
                let mut first = None;
                for r in rs {
                    let span = indptr[r] as usize - base..indptr[r + 1] as usize - base;
                    let row = &mut piece[span.clone()];
                    keys.sort_row(col_bits, row, self.cols, &mut c_out[span.clone()]);
                    for (o, &e) in v_out[span.clone()].iter_mut().zip(row.iter()) {
                        *o = vals[e as usize];
                    }
                    if first.is_none() {
                        first = c_out[span].windows(2).find(|w| w[0] == w[1]).map(|w| (r, w[0]));
                    }
                }
                first
            })
            .collect();
        repeats.into_iter().flatten().next()
    }
}

/// A thread's scratch for `SortedRows::sort`.
#[derive(Default)]
struct RowKeys {
    narrow: Vec<u32>,
    wide: Vec<u64>,
    row: Vec<u32>,
    spare: Vec<u32>,
    counts: Vec<u32>,
}

/// Rows of at least this many entries are sorted by radix (their keys'
/// column bits, two passes of a counting sort) rather than by comparisons.
const RADIX_ROW: usize = 128;
/// Key bits per radix pass at most: a u32 key of a row of `RADIX_ROW`
/// entries or more has at most 25 column bits, two passes' worth.
const RADIX_BITS: u32 = 13;

/// Sort `keys` by their bits `lo..hi` (at most `2 · RADIX_BITS` of them;
/// stable, so keys whose bits below `lo` ascend in the input end up fully
/// sorted) in two counting passes from the lowest bits, both passes'
/// counts taken in one read of the keys.
fn radix_sort(keys: &mut Vec<u32>, spare: &mut Vec<u32>, counts: &mut Vec<u32>, lo: u32, hi: u32) {
    let width = (hi - lo).div_ceil(2);
    debug_assert!(width <= RADIX_BITS);
    let (mask, buckets) = ((1u32 << width) - 1, 1usize << width);
    counts.clear();
    counts.resize(2 * buckets, 0);
    let (low, high) = counts.split_at_mut(buckets);
    for &k in keys.iter() {
        low[((k >> lo) & mask) as usize] += 1;
        high[((k >> (lo + width)) & mask) as usize] += 1;
    }
    spare.clear();
    spare.resize(keys.len(), 0);
    for (shift, counts) in [(lo, low), (lo + width, high)] {
        let mut acc = 0;
        for c in counts.iter_mut() {
            (*c, acc) = (acc, acc + *c);
        }
        for &k in keys.iter() {
            let at = &mut counts[((k >> shift) & mask) as usize];
            spare[*at as usize] = k;
            *at += 1;
        }
        std::mem::swap(keys, spare);
    }
}

impl RowKeys {
    /// Sort `row` (input indices) by `cols[e]`, writing the columns to `out`.
    fn sort_row(&mut self, col_bits: u32, row: &mut [u32], cols: &[u32], out: &mut [u32]) {
        let pos_bits = u32::BITS - (row.len().saturating_sub(1) as u32).leading_zeros();
        if col_bits + pos_bits > u32::BITS {
            let keys = &mut self.wide;
            keys.clear();
            keys.extend(row.iter().map(|&e| ((cols[e as usize] as u64) << 32) | e as u64));
            if !keys.windows(2).all(|w| w[0] < w[1]) {
                keys.sort_unstable();
            }
            for ((e, c), &k) in row.iter_mut().zip(out.iter_mut()).zip(keys.iter()) {
                (*e, *c) = (k as u32, (k >> 32) as u32);
            }
            return;
        }
        let keys = &mut self.narrow;
        keys.clear();
        keys.extend(
            row.iter()
                .enumerate()
                .map(|(j, &e)| (cols[e as usize] << pos_bits) | j as u32),
        );
        if keys.windows(2).all(|w| w[0] < w[1]) {
            out.iter_mut().zip(keys.iter()).for_each(|(c, &k)| *c = k >> pos_bits);
            return;
        }
        if keys.len() >= RADIX_ROW {
            radix_sort(keys, &mut self.spare, &mut self.counts, pos_bits, pos_bits + col_bits);
        } else {
            keys.sort_unstable();
        }
        self.row.clear();
        self.row.extend_from_slice(row);
        let mask = (1u32 << pos_bits) - 1;
        for ((e, c), &k) in row.iter_mut().zip(out.iter_mut()).zip(keys.iter()) {
            (*e, *c) = (self.row[(k & mask) as usize], k >> pos_bits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of `lens` entries with columns from `col`, sorted, against a
    /// stable sort of `(column, index)` pairs.
    fn check(n_cols: usize, lens: &[u32], col: impl Fn(u32) -> u32) {
        let mut indptr = vec![0u32];
        lens.iter().for_each(|&n| indptr.push(indptr.last().unwrap() + n));
        let nnz = *indptr.last().unwrap();
        let cols: Vec<u32> = (0..nnz).map(col).collect();
        // Each row's input indices in a scrambled (but increasing-by-row) order.
        let mut order: Vec<u32> = (0..nnz).collect();
        let mut indices = vec![0u32; nnz as usize];
        let vals: Vec<u32> = (0..nnz).map(|e| e * 3).collect();
        let mut out = vec![0u32; nnz as usize];
        let rows = SortedRows {
            n_cols,
            indptr: &indptr,
            cols: &cols,
        };
        let repeat = rows.sort(&mut order, &mut indices, &vals, &mut out);
        let mut first_repeat = None;
        for r in 0..lens.len() {
            let span = indptr[r] as usize..indptr[r + 1] as usize;
            let mut want: Vec<(u32, u32)> = span.clone().map(|e| (cols[e], e as u32)).collect();
            want.sort();
            let got: Vec<(u32, u32)> = indices[span.clone()]
                .iter()
                .copied()
                .zip(order[span.clone()].iter().copied())
                .collect();
            assert_eq!(got, want, "row {r}");
            let vals_want: Vec<u32> = want.iter().map(|&(_, e)| e * 3).collect();
            assert_eq!(&out[span], &vals_want[..]);
            if first_repeat.is_none() {
                first_repeat = want.windows(2).find(|w| w[0].0 == w[1].0).map(|w| (r, w[0].0));
            }
        }
        assert_eq!(repeat, first_repeat);
    }

    #[test]
    fn sorts_short_long_and_wide_rows_with_ties_in_input_order() {
        let scramble = |e: u32| e.wrapping_mul(2_654_435_761) >> 15;
        check(1 << 17, &[0, 1, 3, 100, 511, 512, 5000, 70_000], scramble);
        check(1 << 17, &[600, 40], |e| (e / 3) % 7); // ties (repeats)
        check(1 << 17, &[2000], |e| e); // already in order
        check(1, &[700, 2], |_| 0);
        check(1 << 31, &[5, 9], |e| scramble(e) << 14); // columns too wide for a u32 key
        check(1 << 22, &[600], |e| scramble(e.wrapping_mul(977)) % (1 << 22)); // 32 key bits
    }
}
