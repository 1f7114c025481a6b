//! Parts of a user-side layout picked by a mask (a split's train or test
//! entries, events above a threshold), and the rank of each entry in input
//! order (split keys, exports in input order).

use rayon::prelude::*;

use crate::data::csr::{Csr, CsrRef};

/// The entries `s` of `by_user` with `mask[s] == keep`: their user side
/// (rows keep their order and their entries' column order), their input
/// positions (`order`), and — with `drop_empty_rows` — the rows kept (rows
/// without a kept entry are left out and the rest renumbered in order).
pub(crate) fn select_entries(
    by_user: CsrRef,
    order: &[u32],
    mask: &[bool],
    keep: bool,
    drop_empty_rows: bool,
) -> (Csr, Vec<u32>, Option<Vec<u32>>) {
    let picks: Vec<u32> = (0..mask.len() as u32).filter(|&s| mask[s as usize] == keep).collect();
    let mut indptr = vec![0u32];
    let mut rows = drop_empty_rows.then(Vec::new);
    let mut n = 0u32;
    for r in 0..by_user.rows() {
        let kept = by_user.range(r).filter(|&s| mask[s] == keep).count() as u32;
        if let Some(rows) = rows.as_mut() {
            if kept == 0 {
                continue;
            }
            rows.push(r as u32);
        }
        n += kept;
        indptr.push(n);
    }
    let indices = picks
        .par_iter()
        .with_min_len(1 << 14)
        .map(|&s| by_user.indices[s as usize])
        .collect();
    let values = by_user.values.gather(&picks);
    let kept_order = picks
        .par_iter()
        .with_min_len(1 << 14)
        .map(|&s| order[s as usize])
        .collect();
    (
        Csr {
            indptr,
            indices,
            values,
        },
        kept_order,
        rows,
    )
}

/// Ranks among a set of distinct input positions (a part's positions are
/// those of the whole set it came from): `rank(e)` is how many of the set
/// come before `e`, its index in the part's own input order. One bit per
/// position of the whole set and a count per 64.
pub(crate) struct Ranks {
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl Ranks {
    pub fn of(positions: &[u32]) -> Ranks {
        let end = positions.iter().max().map_or(0, |&m| m as usize + 1);
        let mut bits = vec![0u64; end.div_ceil(64)];
        for &e in positions {
            bits[e as usize / 64] |= 1 << (e % 64);
        }
        let mut before = Vec::with_capacity(bits.len());
        let mut acc = 0u32;
        for w in &bits {
            before.push(acc);
            acc += w.count_ones();
        }
        Ranks { bits, before }
    }

    /// The rank of `e`, one of the positions.
    #[inline]
    pub fn rank(&self, e: u32) -> u32 {
        let (w, b) = (e as usize / 64, e % 64);
        self.before[w] + (self.bits[w] & ((1u64 << b) - 1)).count_ones()
    }
}

/// `v` (one value per user-side entry) rearranged into input order.
pub(crate) fn in_input_order<T: Copy + Default>(v: &[T], order: &[u32]) -> Vec<T> {
    let ranks = Ranks::of(order);
    let mut out = vec![T::default(); v.len()];
    for (&x, &e) in v.iter().zip(order) {
        out[ranks.rank(e) as usize] = x;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::csr::Values;

    #[test]
    fn picks_rows_ranks_and_puts_back_in_order() {
        let csr = Csr {
            indptr: vec![0, 2, 3, 5],
            indices: vec![1, 4, 0, 2, 3],
            values: Values::encode(vec![1.0, 2.0, 3.0, 4.0, 5.0]),
        };
        let order = [3u32, 0, 4, 1, 2];
        let mask = [true, false, false, true, true];
        let (part, kept, rows) = select_entries(csr.view(), &order, &mask, true, true);
        assert_eq!((part.indptr, part.indices), (vec![0, 1, 3], vec![1, 2, 3]));
        assert_eq!(part.values.view().to_f32().as_ref(), &[1.0, 4.0, 5.0]);
        assert_eq!(kept, vec![3, 1, 2]);
        assert_eq!(rows, Some(vec![0, 2]));
        let ranks = Ranks::of(&[130, 7, 64]);
        assert_eq!([ranks.rank(7), ranks.rank(64), ranks.rank(130)], [0, 1, 2]);
        let (rest, _, all) = select_entries(csr.view(), &order, &mask, false, false);
        assert_eq!((rest.indptr, all), (vec![0, 1, 2, 2], None));
        assert_eq!(in_input_order(&[10, 11, 12, 13, 14], &order), vec![11, 13, 14, 10, 12]);
        assert_eq!(in_input_order(&[10, 11], &[90, 5]), vec![11, 10]);
    }
}
