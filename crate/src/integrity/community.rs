//! Item-neighbourhood structure of a profile: do the rated items form one
//! community or two, judged by who else rated them? Items are linked by
//! the cosine of their rater sets over the *other* users (so the profile
//! does not link its own items); a profile of two people with different
//! tastes rates two groups of items that other users rarely rate together.
//!
//! `lambda2` is the second eigenvalue of the normalised affinity
//! `D^-1/2 A D^-1/2` restricted to the profile's items (the first is 1):
//! near 1 when the items split into two weakly linked groups (the spectral
//! relaxation of the normalised cut). It is found without forming `A`:
//! with `X` the other users' rows over the profile's items (column `i`
//! scaled by `1/sqrt(n_i)`), `A v = Xᵀ(X v) − diag(XᵀX) v`, which costs
//! `Σ n_i` over the rated items per product. Like every spectral gap it
//! depends on the number of items, so `score` compares it within bins of
//! profile length.

use rayon::prelude::*;

use crate::data::Dataset;

/// One profile's item-community statistics (zero when undefined).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Community {
    /// Second eigenvalue of the profile's normalised item affinity.
    pub lambda2: f32,
    /// Items linked to at least one other item of the profile.
    pub linked: u32,
}

/// The statistics for every user of `data` (`iters` power iterations each).
pub fn communities(data: &Dataset, iters: usize) -> Vec<Community> {
    let csr = data.by_user();
    (0..csr.rows())
        .into_par_iter()
        .with_min_len(8)
        .map_init(
            || vec![0.0f64; data.n_users()],
            |buf, u| community(data, u, &csr.indices[csr.range(u)], iters, buf),
        )
        .collect()
}

/// The affinity operator of one profile's items.
struct Affinity<'a> {
    data: &'a Dataset,
    user: u32,
    items: Vec<u32>,
    /// `1/sqrt(n_i)` over the other raters: cosine weights, so `diag(XᵀX)` is 1.
    scale: Vec<f64>,
}

impl Affinity<'_> {
    fn raters(&self, j: usize) -> impl Iterator<Item = u32> + '_ {
        let c = self.data.by_item();
        c.indices[c.range(self.items[j] as usize)]
            .iter()
            .copied()
            .filter(move |&v| v != self.user)
    }

    /// `A v` (zero diagonal); `buf` (one slot per user) must be and is left zeroed.
    fn apply(&self, v: &[f64], buf: &mut [f64]) -> Vec<f64> {
        for (j, &x) in v.iter().enumerate() {
            let w = x * self.scale[j];
            self.raters(j).for_each(|r| buf[r as usize] += w);
        }
        let out = (0..v.len())
            .map(|j| self.scale[j] * self.raters(j).map(|r| buf[r as usize]).sum::<f64>() - v[j])
            .collect();
        for j in 0..v.len() {
            self.raters(j).for_each(|r| buf[r as usize] = 0.0);
        }
        out
    }

    /// Keep the items with `keep[j]`.
    fn retain(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.items.retain(|_| *k.next().unwrap());
        let mut k = keep.iter();
        self.scale.retain(|_| *k.next().unwrap());
    }
}

fn community(data: &Dataset, u: usize, items: &[u32], iters: usize, buf: &mut [f64]) -> Community {
    let others = |i: u32| data.by_item().range(i as usize).len() - 1;
    let kept: Vec<u32> = items.iter().copied().filter(|&i| others(i) > 0).collect();
    let scale = kept.iter().map(|&i| 1.0 / (others(i) as f64).sqrt()).collect();
    let mut a = Affinity {
        data,
        user: u as u32,
        items: kept,
        scale,
    };
    let mut deg = a.apply(&vec![1.0; a.items.len()], buf);
    // Items no other item links to would add eigenvalues of 0: drop them.
    let keep: Vec<bool> = deg.iter().map(|&d| d > 1e-12).collect();
    a.retain(&keep);
    deg.retain(|&d| d > 1e-12);
    let m = a.items.len();
    if m < 4 {
        return Community::default();
    }
    Community {
        lambda2: second_eigenvalue(&a, &deg, iters, buf) as f32,
        linked: m as u32,
    }
}

/// Second eigenvalue of `N = D^-1/2 A D^-1/2` by power iteration on
/// `(N + I) / 2` (spectrum in [0, 1]) with the known first eigenvector
/// `D^1/2 1` projected out; deterministic start.
fn second_eigenvalue(a: &Affinity, deg: &[f64], iters: usize, buf: &mut [f64]) -> f64 {
    let sq: Vec<f64> = deg.iter().map(|d| d.sqrt()).collect();
    let n1 = sq.iter().map(|x| x * x).sum::<f64>().sqrt();
    let first: Vec<f64> = sq.iter().map(|x| x / n1).collect();
    let deflate = |v: &mut Vec<f64>| {
        let p: f64 = v.iter().zip(&first).map(|(a, b)| a * b).sum();
        v.iter_mut().zip(&first).for_each(|(x, f)| *x -= p * f);
        let n = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if n > 0.0 {
            v.iter_mut().for_each(|x| *x /= n);
        }
    };
    let apply_n = |v: &[f64], buf: &mut [f64]| -> Vec<f64> {
        let scaled: Vec<f64> = v.iter().zip(&sq).map(|(x, s)| x / s).collect();
        a.apply(&scaled, buf).iter().zip(&sq).map(|(y, s)| y / s).collect()
    };
    // A hash of the item index: any start not orthogonal to the answer.
    let mut v: Vec<f64> = a
        .items
        .iter()
        .map(|&i| ((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as f64 - 8_388_608.0)
        .collect();
    deflate(&mut v);
    let mut lambda = 0.0;
    for _ in 0..iters.max(1) {
        let nv = apply_n(&v, buf);
        lambda = nv.iter().zip(&v).map(|(a, b)| a * b).sum::<f64>();
        let mut next: Vec<f64> = nv.iter().zip(&v).map(|(y, x)| 0.5 * (y + x)).collect();
        deflate(&mut next);
        v = next;
    }
    lambda
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Coo;

    /// Two groups of items that different users rate: a profile spanning
    /// both splits far more cleanly than one of the same length in one group.
    #[test]
    fn a_profile_spanning_two_item_groups_has_a_larger_lambda2() {
        let mut coo = Coo::default();
        for u in 0..60u32 {
            let base = if u < 30 { 0 } else { 20 };
            (0..20u32)
                .filter(|i| (u * 7 + i * 3) % 5 < 3)
                .for_each(|i| coo.push(u, base + i, 3.0));
        }
        (0..20u32).for_each(|i| coo.push(60, i, 4.0)); // one group
        (0..10u32).chain(20..30).for_each(|i| coo.push(61, i, 4.0)); // both groups
        let d = Dataset::from_coo(62, 40, coo.view()).unwrap();
        let c = communities(&d, 100);
        assert_eq!((c[60].linked, c[61].linked), (20, 20));
        assert!(c[61].lambda2 > 0.9, "two groups: {}", c[61].lambda2);
        assert!(
            c[61].lambda2 > c[60].lambda2 + 0.3,
            "{} vs {}",
            c[61].lambda2,
            c[60].lambda2
        );
    }
}
