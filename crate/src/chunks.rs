//! Contiguous row ranges of balanced cost. The ranges depend only on the
//! data, never on the thread count, so work split along them gives the same
//! results on any pool; rayon then balances the ranges over its threads.

use std::ops::Range;

/// Boundaries `0 = b[0] < b[1] < … < b[m] = rows` cutting the rows of a CSR
/// (`indptr`) into about `n_chunks` ranges of similar cost, where a row costs
/// `row_cost + entry_cost · len`. A row costlier than a chunk gets its own.
pub fn balanced_bounds(indptr: &[u32], row_cost: u64, entry_cost: u64, n_chunks: usize) -> Vec<usize> {
    let rows = indptr.len().saturating_sub(1);
    let cost = |r: usize| row_cost + entry_cost * (indptr[r + 1] - indptr[r]) as u64;
    let total: u64 = (0..rows).map(cost).sum();
    let target = (total / n_chunks.max(1) as u64).max(1);
    let mut bounds = vec![0];
    let mut acc = 0u64;
    for r in 0..rows {
        acc += cost(r);
        if acc >= target {
            bounds.push(r + 1);
            acc = 0;
        }
    }
    if *bounds.last().unwrap() != rows {
        bounds.push(rows);
    }
    bounds
}

/// The ranges `b[c]..b[c+1]`.
pub fn ranges(bounds: &[usize]) -> impl Iterator<Item = Range<usize>> + '_ {
    bounds.windows(2).map(|w| w[0]..w[1])
}

/// Row boundaries turned into entry boundaries of the CSR `indptr`.
pub fn entry_bounds(indptr: &[u32], bounds: &[usize]) -> Vec<usize> {
    bounds.iter().map(|&b| indptr[b] as usize).collect()
}

/// Split `data` (rows of `width` values) into the mutable pieces of `bounds`.
pub fn split_rows_mut<'a, T>(mut data: &'a mut [T], bounds: &[usize], width: usize) -> Vec<&'a mut [T]> {
    let mut out = Vec::with_capacity(bounds.len().saturating_sub(1));
    for w in bounds.windows(2) {
        let (head, tail) = std::mem::take(&mut data).split_at_mut((w[1] - w[0]) * width);
        out.push(head);
        data = tail;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_all_rows_in_order() {
        let indptr = [0u32, 5, 5, 100, 101, 102, 103, 200];
        for n in [1, 2, 3, 7, 50] {
            let b = balanced_bounds(&indptr, 1, 1, n);
            assert_eq!(b[0], 0);
            assert_eq!(*b.last().unwrap(), 7);
            assert!(b.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(balanced_bounds(&[0], 1, 1, 4), vec![0]);
    }

    #[test]
    fn split_matches_ranges() {
        let mut data: Vec<u32> = (0..14).collect();
        let bounds = [0, 2, 3, 7];
        let parts = split_rows_mut(&mut data, &bounds, 2);
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        assert_eq!(lens, vec![4, 2, 8]);
        assert_eq!(parts[1], &[4, 5]);
    }
}
