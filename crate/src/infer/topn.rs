//! Top-N lists: the reference implementation's recommendation score
//! `mu + q_i · p_u + 0.05 b_i`, the same with the item's direction
//! `q_i / |q_i|`, and cosine similarity between item factors. Ties rank the
//! lower item index first, so lists are deterministic.
//!
//! A model of explicit ratings lists by direction among items with enough
//! ratings unless told otherwise (`Model::default_list_options`): with the
//! ALS-WR ridge `tau · n_i`, an item rated a handful of times gets a long
//! factor vector fitted to those few ratings, and plain `q_i · p_u` then
//! fills every list with such items (docs/accuracy.md, "Lists").

use std::cmp::Ordering;

use crate::error::{Error, Result};
use crate::factors::Factors;
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
    /// Skip items with fewer training ratings (the reference implementation used 100).
    pub min_ratings: u32,
    /// Weight of `b_i` in the score (the reference implementation's 0.05).
    pub bias_weight: f32,
    /// Items never to return (e.g. those the user rated).
    pub exclude: &'a [u32],
    /// When set, only these items may be returned (an allow-list).
    pub candidates: Option<&'a [u32]>,
    /// Score `q_i · p / |q_i|` instead of `q_i · p`: rank by how well the
    /// item's direction matches the user's taste, not by the item's length.
    /// For a user folded in from a rating or two, `p` is little more than
    /// the rated items' factors, and `q_i · p` then favours the longest
    /// (most polarizing) vectors; see docs/accuracy.md.
    pub by_direction: bool,
}

impl Default for RecommendOptions<'_> {
    fn default() -> Self {
        RecommendOptions {
            n: 10,
            min_ratings: 0,
            bias_weight: 0.05,
            exclude: &[],
            candidates: None,
            by_direction: false,
        }
    }
}

/// The most training ratings an explicit model's default list asks of an item.
pub const LIST_MIN_RATINGS: u32 = 50;

impl Model {
    /// The list options a caller gets unless it sets them: for explicit
    /// ratings, ranking by direction among items with at least
    /// `min(LIST_MIN_RATINGS, ⌈max count / 4⌉)` training ratings (so a small
    /// data set still has candidates); for implicit feedback, where rare
    /// items keep short factors, `q_i · p_u` over every item.
    pub fn default_list_options(&self) -> RecommendOptions<'static> {
        let explicit = self.params.feedback.implicit().is_none();
        let most = self.item_counts.iter().copied().max().unwrap_or(0);
        RecommendOptions {
            min_ratings: if explicit {
                LIST_MIN_RATINGS.min(most.div_ceil(4))
            } else {
                0
            },
            by_direction: explicit,
            ..RecommendOptions::default()
        }
    }

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
        let allowed = self.allowed_items(opts)?;
        let scores = allowed.iter().map(|&i| self.recommend_score(i as usize, &p, opts));
        Ok(top_n(scores, opts.n))
    }

    /// The reference implementation's recommendation score of item `i` for user factors `p` (padded).
    pub(crate) fn recommend_score(&self, i: usize, p: &[f32], opts: &RecommendOptions) -> Scored {
        let q = self.q.row(i);
        let norm = if opts.by_direction { dot(q, q).sqrt() } else { 1.0 };
        let taste = if norm > 0.0 { dot(q, p) / norm } else { 0.0 };
        Scored {
            item: i as u32,
            score: self.mu + taste + opts.bias_weight * self.item_bias[i],
        }
    }

    /// Top items for training user `u` (pass its rated items in `exclude`).
    pub fn recommend_user(&self, u: u32, opts: &RecommendOptions) -> Result<Vec<Scored>> {
        self.check_user(u)?;
        self.recommend(&self.p.row(u as usize)[..self.k()], opts)
    }

    /// Items whose factors have the largest cosine with item `i`'s.
    pub fn similar_items(&self, i: u32, opts: &RecommendOptions) -> Result<Vec<Scored>> {
        self.check_item(i)?;
        let allowed = self.allowed_items(opts)?;
        similar_rows(&self.q, i, &allowed, opts.n)
    }

    /// Users whose factors have the largest cosine with user `u`'s (implicit's
    /// `similar_users`); `min_ratings` applies to the users' training counts,
    /// `exclude` and `candidates` to user indices.
    pub fn similar_users(&self, u: u32, opts: &RecommendOptions) -> Result<Vec<Scored>> {
        self.check_user(u)?;
        let allowed = allowed_rows(self.n_users(), &self.user_counts, opts, |r| self.check_user(r))?;
        similar_rows(&self.p, u, &allowed, opts.n)
    }

    /// Items that pass `opts`' allow-list, exclusions and `min_ratings`, ascending.
    pub(crate) fn allowed_items(&self, opts: &RecommendOptions) -> Result<Vec<u32>> {
        allowed_rows(self.n_items(), &self.item_counts, opts, |i| self.check_item(i))
    }
}

/// Rows `0..n` (or `opts.candidates`) not excluded and with at least
/// `min_ratings` counts, ascending and without repeats.
fn allowed_rows(
    n: usize,
    counts: &[u32],
    opts: &RecommendOptions,
    check: impl Fn(u32) -> Result<()>,
) -> Result<Vec<u32>> {
    let mut keep = match opts.candidates {
        None => vec![true; n],
        Some(list) => {
            let mut keep = vec![false; n];
            for &r in list {
                check(r)?;
                keep[r as usize] = true;
            }
            keep
        }
    };
    for &r in opts.exclude {
        check(r)?;
        keep[r as usize] = false;
    }
    Ok((0..n as u32)
        .filter(|&r| keep[r as usize] && counts[r as usize] >= opts.min_ratings)
        .collect())
}

/// The `n` rows of `m` in `allowed` (minus `of` itself) with the largest
/// cosine with row `of`.
fn similar_rows(m: &Factors, of: u32, allowed: &[u32], n: usize) -> Result<Vec<Scored>> {
    if m.k() == 0 {
        return Err(Error::param("k", 0, "at least 1 (similarity needs factors)"));
    }
    let a = m.row(of as usize);
    let na = dot(a, a).sqrt();
    let scores = allowed.iter().filter(|&&r| r != of).map(|&r| {
        let b = m.row(r as usize);
        let den = na * dot(b, b).sqrt();
        Scored {
            item: r,
            score: if den > 0.0 { dot(a, b) / den } else { 0.0 },
        }
    });
    Ok(top_n(scores, n))
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
