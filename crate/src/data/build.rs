//! Parallel, deterministic grouping of COO entries into CSR rows: a counting
//! sort (atomic histogram, prefix sum, atomic scatter) followed by sorting
//! each row by column. The scatter order within a row depends on thread
//! timing, the per-row sort removes that, so the result is unique.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::chunks::{balanced_bounds, entry_bounds, ranges, split_rows_mut};
use crate::csr::Csr;

/// Rows of `rows[e]`, columns `cols[e]`, values `vals[e]`; all the same
/// length (≤ u32::MAX) and `rows[e] < n_rows` (checked by the caller).
/// Each row comes out sorted by column (ties by value bits).
pub(crate) fn group_by_row(n_rows: usize, rows: &[u32], cols: &[u32], vals: &[f32]) -> Csr {
    let indptr = row_pointers(n_rows, rows);
    let mut packed = scatter(&indptr, rows, cols, vals);
    let bounds = balanced_bounds(&indptr, 1, 1, 256);
    let pieces = split_rows_mut(&mut packed, &entry_bounds(&indptr, &bounds), 1);
    pieces
        .into_par_iter()
        .zip(ranges(&bounds).collect::<Vec<_>>())
        .for_each(|(piece, rs)| {
            let base = indptr[rs.start] as usize;
            for r in rs {
                piece[indptr[r] as usize - base..indptr[r + 1] as usize - base].sort_unstable();
            }
        });
    let indices = packed.par_iter().map(|&x| (x >> 32) as u32).collect();
    let values = packed.par_iter().map(|&x| f32::from_bits(x as u32)).collect();
    Csr {
        indptr,
        indices,
        values,
    }
}

fn row_pointers(n_rows: usize, rows: &[u32]) -> Vec<u32> {
    let counts: Vec<AtomicU32> = (0..n_rows).map(|_| AtomicU32::new(0)).collect();
    rows.par_iter().with_min_len(1 << 14).for_each(|&r| {
        counts[r as usize].fetch_add(1, Ordering::Relaxed);
    });
    let mut indptr = Vec::with_capacity(n_rows + 1);
    let mut acc = 0u32;
    indptr.push(0);
    for c in counts {
        acc += c.into_inner();
        indptr.push(acc);
    }
    indptr
}

/// A raw pointer that may be shared by the scatter's threads.
#[derive(Clone, Copy)]
struct SharedOut(*mut u64);
// SAFETY: every index is written by exactly one thread (claimed by fetch_add).
unsafe impl Send for SharedOut {}
unsafe impl Sync for SharedOut {}

impl SharedOut {
    /// Write `v` at `at`. Safety: `at` in bounds, written by this caller only.
    unsafe fn write(self, at: usize, v: u64) {
        unsafe { *self.0.add(at) = v }
    }
}

/// Entries packed as `col << 32 | value bits`, grouped by row.
fn scatter(indptr: &[u32], rows: &[u32], cols: &[u32], vals: &[f32]) -> Vec<u64> {
    let nnz = rows.len();
    let cursor: Vec<AtomicU32> = indptr[..indptr.len() - 1].iter().map(|&p| AtomicU32::new(p)).collect();
    let mut out = vec![0u64; nnz];
    let ptr = SharedOut(out.as_mut_ptr());
    (0..nnz).into_par_iter().with_min_len(1 << 14).for_each(|e| {
        let at = cursor[rows[e] as usize].fetch_add(1, Ordering::Relaxed) as usize;
        debug_assert!(at < nnz);
        // SAFETY: `at` is in bounds (the row's count was taken from the same
        // `rows`), and fetch_add hands out each slot to exactly one entry.
        unsafe { ptr.write(at, (cols[e] as u64) << 32 | vals[e].to_bits() as u64) };
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_sorts_rows() {
        let rows = [2u32, 0, 2, 1, 0];
        let cols = [5u32, 3, 1, 0, 2];
        let vals = [1.0f32, 2.0, 3.0, 4.0, 5.0];
        let csr = group_by_row(4, &rows, &cols, &vals);
        assert_eq!(csr.indptr, vec![0, 2, 3, 5, 5]);
        assert_eq!(csr.indices, vec![2, 3, 0, 1, 5]);
        assert_eq!(csr.values, vec![5.0, 2.0, 4.0, 3.0, 1.0]);
    }
}
