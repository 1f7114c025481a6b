//! Top-N lists: the seed's recommendation score `mu + q_i · p_u + 0.05 b_i`
//! and cosine similarity between item factors. Ties rank the lower item
//! index first, so lists are deterministic.

use std::cmp::Ordering;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::simd::{dot, padded};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    pub item: u32,
    pub score: f32,
}

#[derive(Clone, Debug)]
pub struct RecommendOptions<'a> {
    /// List length.
    pub n: usize,
    /// Skip items with fewer training ratings (the seed used 100).
    pub min_ratings: u32,
    /// Weight of `b_i` in the score (the seed's 0.05).
    pub bias_weight: f32,
    /// Items never to return (e.g. those the user rated).
    pub exclude: &'a [u32],
}

impl Default for RecommendOptions<'_> {
    fn default() -> Self {
        RecommendOptions {
            n: 10,
            min_ratings: 0,
            bias_weight: 0.05,
            exclude: &[],
        }
    }
}

impl Model {
    /// Top items for a user given by its `k` factors (e.g. from a fold-in).
    pub fn recommend(&self, factors: &[f32], opts: &RecommendOptions) -> Result<Vec<Scored>> {
        if factors.len() != self.k() {
            return Err(Error::LengthMismatch {
                what: "user factors (k)",
                expected: self.k(),
                actual: factors.len(),
            });
        }
        let mut p = vec![0.0f32; padded(self.k())];
        p[..self.k()].copy_from_slice(factors);
        let excluded = self.exclusion_mask(opts.exclude)?;
        let scores = (0..self.n_items())
            .filter(|&i| !excluded[i] && self.item_counts[i] >= opts.min_ratings)
            .map(|i| Scored {
                item: i as u32,
                score: self.mu + dot(self.q.row(i), &p) + opts.bias_weight * self.item_bias[i],
            });
        Ok(top_n(scores, opts.n))
    }

    /// Top items for training user `u` (pass its rated items in `exclude`).
    pub fn recommend_user(&self, u: u32, opts: &RecommendOptions) -> Result<Vec<Scored>> {
        self.check_user(u)?;
        self.recommend(&self.p.row(u as usize)[..self.k()], opts)
    }

    /// Items whose factors have the largest cosine with item `i`'s.
    pub fn similar_items(&self, i: u32, opts: &RecommendOptions) -> Result<Vec<Scored>> {
        self.check_item(i)?;
        if self.k() == 0 {
            return Err(Error::param("k", 0, "at least 1 (similarity needs factors)"));
        }
        let qi = self.q.row(i as usize);
        let ni = dot(qi, qi).sqrt();
        let mut excluded = self.exclusion_mask(opts.exclude)?;
        excluded[i as usize] = true;
        let scores = (0..self.n_items())
            .filter(|&j| !excluded[j] && self.item_counts[j] >= opts.min_ratings)
            .map(|j| {
                let qj = self.q.row(j);
                let den = ni * dot(qj, qj).sqrt();
                Scored {
                    item: j as u32,
                    score: if den > 0.0 { dot(qi, qj) / den } else { 0.0 },
                }
            });
        Ok(top_n(scores, opts.n))
    }

    fn exclusion_mask(&self, exclude: &[u32]) -> Result<Vec<bool>> {
        let mut mask = vec![false; self.n_items()];
        for &i in exclude {
            self.check_item(i)?;
            mask[i as usize] = true;
        }
        Ok(mask)
    }
}

fn rank(a: &Scored, b: &Scored) -> Ordering {
    b.score.total_cmp(&a.score).then(a.item.cmp(&b.item))
}

/// The `n` best by score (ties: lower item first), best first.
pub(crate) fn top_n(scores: impl Iterator<Item = Scored>, n: usize) -> Vec<Scored> {
    let mut all: Vec<Scored> = scores.collect();
    if n == 0 {
        return Vec::new();
    }
    if all.len() > n {
        all.select_nth_unstable_by(n - 1, rank);
        all.truncate(n);
    }
    all.sort_unstable_by(rank);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_n_orders_and_breaks_ties() {
        let s = [(0, 1.0), (1, 3.0), (2, 3.0), (3, 2.0), (4, -1.0)].map(|(item, score)| Scored { item, score });
        let items: Vec<u32> = top_n(s.iter().copied(), 3).iter().map(|x| x.item).collect();
        assert_eq!(items, vec![1, 2, 3]);
        assert_eq!(top_n(s.iter().copied(), 10).len(), 5);
        assert!(top_n(s.iter().copied(), 0).is_empty());
    }
}
