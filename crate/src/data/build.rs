//! Parallel, deterministic grouping of COO entries into CSR rows: a counting
//! sort over a fixed number of entry chunks (per-chunk histograms, one
//! prefix sum, then each chunk scatters into slots only it owns — no
//! atomics, stable), followed by sorting each row by column. The chunking
//! depends only on the data, so the result is the same on any thread count.

use rayon::prelude::*;

use crate::chunks::{balanced_bounds, entry_bounds, ranges, split_rows_mut};
use crate::data::csr::Csr;

/// Entry chunks of the counting sort: enough to keep 2–16 threads busy,
/// few enough that the per-chunk histograms (`CHUNKS × n_rows`) stay small.
const CHUNKS: usize = 16;

/// Rows of `rows[e]`, columns `cols[e]`, values `vals[e]`; all the same
/// length (≤ u32::MAX) and `rows[e] < n_rows` (checked by the caller).
/// Each row comes out sorted by column (ties by value bits).
pub(crate) fn group_by_row(n_rows: usize, rows: &[u32], cols: &[u32], vals: &[f32]) -> Csr {
    let chunk = rows.len().div_ceil(CHUNKS).max(1);
    let (indptr, starts) = chunk_offsets(n_rows, rows, chunk);
    let mut packed = scatter(&starts, rows, cols, vals, chunk);
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

/// Row pointers, and for each entry chunk the first slot of each row it
/// may write (rows' slots are handed to chunks in chunk order: stable).
fn chunk_offsets(n_rows: usize, rows: &[u32], chunk: usize) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut starts: Vec<Vec<u32>> = rows
        .par_chunks(chunk)
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

/// Entries packed as `col << 32 | value bits`, grouped by row, in input
/// order within a row. Each chunk writes only the slots `chunk_offsets`
/// gave it, so the chunks run in parallel on disjoint memory.
fn scatter(starts: &[Vec<u32>], rows: &[u32], cols: &[u32], vals: &[f32], chunk: usize) -> Vec<u64> {
    let nnz = rows.len();
    let mut out = vec![0u64; nnz];
    let ptr = SharedOut(out.as_mut_ptr());
    starts.par_iter().enumerate().for_each(|(c, start)| {
        let mut cursor = start.clone();
        let lo = c * chunk;
        for e in lo..(lo + chunk).min(nnz) {
            let at = &mut cursor[rows[e] as usize];
            // SAFETY: `*at` is in bounds and owned by chunk `c` alone: the
            // prefix sum gave each (row, chunk) pair its own run of slots,
            // exactly as long as the chunk's count for that row.
            unsafe { ptr.write(*at as usize, (cols[e] as u64) << 32 | vals[e].to_bits() as u64) };
            *at += 1;
        }
    });
    out
}

/// A raw pointer that may be shared by the scatter's threads.
#[derive(Clone, Copy)]
struct SharedOut(*mut u64);
// SAFETY: every slot is written by exactly one chunk (see `scatter`).
unsafe impl Send for SharedOut {}
unsafe impl Sync for SharedOut {}

impl SharedOut {
    /// Write `v` at `at`. Safety: `at` in bounds, written by this caller only.
    unsafe fn write(self, at: usize, v: u64) {
        unsafe { *self.0.add(at) = v }
    }
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
