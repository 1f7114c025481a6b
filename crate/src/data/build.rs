//! Parallel, deterministic construction of the two layouts. The user side
//! comes from the triples: a counting sort over a fixed number of entry
//! chunks (per-chunk histograms, one prefix sum, then each chunk scatters
//! its entries' input indices into slots only it owns — no atomics,
//! stable), each row sorted by column (`row_sort`: its columns written as
//! it is sorted), then values gathered through that order. The item side
//! is the user side transposed (`transpose`), chunked by user rows, so its
//! columns come out in user order without a sort. The chunking depends
//! only on the data: the result is the same on any thread count.
//!
//! Memory: the input's buffers become the layouts' — its row buffer the
//! user side's columns, its spent column and value buffers the item side's
//! — so building from triples of 9 bytes per rating (one-byte coded values)
//! holds at most 14 bytes per rating, what the finished pair of layouts
//! holds (`memory.rs`; 20 with f32 values).

use rayon::prelude::*;

use super::row_sort::SortedRows;
use crate::data::csr::{Csr, Values};

/// Entry chunks of the counting sort: enough to keep 2–16 threads busy,
/// few enough that the per-chunk histograms (`CHUNKS × n_rows`) stay small.
const CHUNKS: usize = 16;

/// A user side grouped from triples, with what the triples leave behind.
pub(crate) struct Grouped {
    pub by_user: Csr,
    /// Each entry's input index, in the layout's order.
    pub order: Vec<u32>,
    /// The input's column and value buffers (`nnz` long, contents spent):
    /// the transpose writes into them instead of fresh memory.
    pub spare: (Vec<u32>, Values),
    /// The first `(row, column)` pair held twice, in row order.
    pub repeat: Option<(usize, u32)>,
}

/// Rows of `rows[e]`, columns `cols[e]` (`< n_cols`), values `vals[e]`: all
/// the same length (≤ u32::MAX) and `rows[e] < n_rows` (checked by the
/// caller). Each row comes out sorted by column (ties by input order), its
/// columns and values written as it is sorted; the row buffer becomes the
/// layout's columns.
pub(crate) fn group_by_row(n_rows: usize, n_cols: usize, rows: Vec<u32>, cols: Vec<u32>, vals: Values) -> Grouped {
    let chunk = rows.len().div_ceil(CHUNKS).max(1);
    let (indptr, starts) = chunk_offsets(n_rows, rows.par_chunks(chunk));
    let mut order = vec![0u32; rows.len()];
    let out = SharedOut(order.as_mut_ptr());
    starts.into_par_iter().enumerate().for_each(|(c, mut cursor)| {
        let lo = c * chunk;
        for (e, &r) in rows.iter().enumerate().take((lo + chunk).min(rows.len())).skip(lo) {
            let at = &mut cursor[r as usize];
            // SAFETY: the prefix sum gave each (row, chunk) pair its own run
            // of slots, exactly as long as the chunk's count for that row.
            unsafe { out.write(*at as usize, e as u32) };
            *at += 1;
        }
    });
    let mut indices = rows; // every slot is written by the sort
    let mut values = vals.like(indices.len());
    let rows = SortedRows {
        n_cols,
        indptr: &indptr,
        cols: &cols,
    };
    let repeat = match (&vals, &mut values) {
        (Values::F32(src), Values::F32(out)) => rows.sort(&mut order, &mut indices, src, out),
        (Values::Coded { codes: src, .. }, Values::Coded { codes: out, .. }) => {
            rows.sort(&mut order, &mut indices, src, out)
        }
        _ => unreachable!("`like` keeps the representation"),
    };
    Grouped {
        by_user: Csr {
            indptr,
            indices,
            values,
        },
        order,
        spare: (cols, vals),
        repeat,
    }
}

/// Row pointers, and for each entry chunk (`chunks` gives each chunk's row
/// numbers) the first slot of each row it may write (rows' slots are handed
/// to chunks in chunk order: stable).
fn chunk_offsets<'a>(
    n_rows: usize,
    chunks: impl IndexedParallelIterator<Item = &'a [u32]>,
) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut starts: Vec<Vec<u32>> = chunks
        .map(|part| {
            let mut counts = vec![0u32; n_rows];
            part.iter().for_each(|&r| counts[r as usize] += 1);
            counts
        })
        .collect();
    let mut indptr = Vec::with_capacity(n_rows + 1);
    let mut acc = 0u32;
    indptr.push(0);
    for r in 0..n_rows {
        for counts in starts.iter_mut() {
            let n = counts[r];
            counts[r] = acc;
            acc += n;
        }
        indptr.push(acc);
    }
    (indptr, starts)
}

/// A raw pointer that may be shared by the scatter's threads.
pub(super) struct SharedOut<T>(pub(super) *mut T);
impl<T> Clone for SharedOut<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for SharedOut<T> {}
// SAFETY: every slot is written by exactly one chunk (see the callers).
unsafe impl<T: Send> Send for SharedOut<T> {}
unsafe impl<T: Send> Sync for SharedOut<T> {}

impl<T> SharedOut<T> {
    /// Write `v` at `at`. Safety: `at` in bounds, written by this caller only.
    pub(super) unsafe fn write(self, at: usize, v: T) {
        unsafe { *self.0.add(at) = v }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::transpose::transpose;

    #[test]
    fn groups_and_sorts_rows_then_transposes() {
        let rows = vec![2u32, 0, 2, 1, 0];
        let cols = vec![5u32, 3, 1, 0, 2];
        let vals = Values::encode(vec![1.0f32, 2.0, 3.0, 4.0, 5.0]);
        let Grouped {
            by_user: csr,
            order,
            repeat,
            ..
        } = group_by_row(4, 6, rows, cols, vals);
        assert_eq!(repeat, None);
        assert_eq!(csr.indptr, vec![0, 2, 3, 5, 5]);
        assert_eq!(csr.indices, vec![2, 3, 0, 1, 5]);
        assert_eq!(csr.values.view().to_f32().as_ref(), &[5.0, 2.0, 4.0, 3.0, 1.0]);
        assert_eq!(order, vec![4, 1, 3, 2, 0]);
        let t = transpose(6, &csr);
        assert_eq!(t.indptr, vec![0, 1, 2, 3, 4, 4, 5]);
        assert_eq!(t.indices, vec![1, 2, 0, 0, 2]);
        assert_eq!(t.values.view().to_f32().as_ref(), &[4.0, 3.0, 5.0, 2.0, 1.0]);
        let f = Csr {
            values: Values::F32(vec![0.25; 5]),
            ..csr
        };
        assert_eq!(transpose(6, &f).values, Values::F32(vec![0.25; 5]));
    }
}
