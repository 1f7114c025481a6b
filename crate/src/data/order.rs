//! Dense indices renumbered by popularity (descending rating count).
//!
//! ALS gathers the other side's factor rows for every rating. With the most
//! rated items (and the most active users) numbered first, the rows most
//! gathered sit together in a few megabytes at the start of the factor
//! matrix, so they stay in cache and share TLB pages. The wasm layer
//! renumbers when ratings arrive (`CoreRatings::new`), where the id maps make
//! the order invisible to users; results do not depend on it beyond the
//! seeded initial factors, which follow the dense index.

use rayon::prelude::*;

/// `new_of[old]`: the rank of each index of `0..n` by descending count in
/// `idx` (every entry `< n`), ties by ascending old index.
pub fn popularity_ranks(n: usize, idx: &[u32]) -> Vec<u32> {
    // Keys `!count << 32 | index` sort as (descending count, ascending
    // index) without reading the counts on every comparison.
    let mut keys: Vec<u64> = counts(n, idx)
        .iter()
        .enumerate()
        .map(|(i, &c)| ((!c as u64) << 32) | i as u64)
        .collect();
    keys.par_sort_unstable();
    let mut new_of = vec![0u32; n];
    for (new, &k) in keys.iter().enumerate() {
        new_of[k as u32 as usize] = new as u32;
    }
    new_of
}

/// Entries of each index of `0..n` in `idx`, counted by blocks in parallel
/// (integer sums: the same on any thread count).
fn counts(n: usize, idx: &[u32]) -> Vec<u32> {
    let add = |mut a: Vec<u32>, b: Vec<u32>| {
        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        a
    };
    idx.par_chunks(1 << 22)
        .map(|part| {
            let mut c = vec![0u32; n];
            part.iter().for_each(|&i| c[i as usize] += 1);
            c
        })
        .reduce(|| vec![0u32; n], add)
}

/// Replace every index by its new number.
pub fn renumber(idx: &mut [u32], new_of: &[u32]) {
    idx.par_iter_mut()
        .with_min_len(1 << 14)
        .for_each(|i| *i = new_of[*i as usize]);
}

/// `v` reordered so that the value of old index `o` lands at `new_of[o]`.
pub fn permute<T: Copy + Default>(v: &[T], new_of: &[u32]) -> Vec<T> {
    let mut out = vec![T::default(); v.len()];
    for (o, &x) in v.iter().enumerate() {
        out[new_of[o] as usize] = x;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_rated_first_ties_in_order() {
        let idx = [2u32, 0, 2, 3, 2, 3];
        let new_of = popularity_ranks(4, &idx);
        assert_eq!(new_of, vec![2, 3, 0, 1]);
        let mut v = idx.to_vec();
        renumber(&mut v, &new_of);
        assert_eq!(v, vec![0, 2, 0, 1, 0, 1]);
        assert_eq!(permute(&[10, 11, 12, 13], &new_of), vec![12, 13, 10, 11]);
    }
}
