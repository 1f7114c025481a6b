//! Ratings as three parallel arrays (dense user index, dense item index,
//! rating): the form they cross the JS boundary in.

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Borrowed COO triples.
/// Positions are u32: at most that many ratings, users and items.
pub fn check_capacity(n: usize, n_users: usize, n_items: usize) -> Result<()> {
    let limit = u32::MAX as u64;
    for (what, needed) in [("ratings", n), ("users", n_users), ("items", n_items)] {
        if needed as u64 > limit {
            return Err(Error::Capacity {
                what,
                needed: needed as u64,
                limit,
            });
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug)]
pub struct CooRef<'a> {
    pub users: &'a [u32],
    pub items: &'a [u32],
    pub ratings: &'a [f32],
}

/// Owned COO triples.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coo {
    pub users: Vec<u32>,
    pub items: Vec<u32>,
    pub ratings: Vec<f32>,
}

impl Coo {
    pub fn view(&self) -> CooRef<'_> {
        CooRef {
            users: &self.users,
            items: &self.items,
            ratings: &self.ratings,
        }
    }

    pub fn len(&self) -> usize {
        self.ratings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ratings.is_empty()
    }

    /// Checks of triples about to be stored: lengths agree, the set fits
    /// u32 positions, values are finite and indices in range.
    pub fn check_parts(users: &[u32], items: &[u32], ratings: &[f32], n_users: usize, n_items: usize) -> Result<()> {
        check_capacity(ratings.len(), n_users, n_items)?;
        CooRef { users, items, ratings }.validate(n_users, n_items)
    }

    /// `check_parts` for values stored otherwise (`n_values` of them).
    pub fn check_indices(users: &[u32], items: &[u32], n_values: usize, n_users: usize, n_items: usize) -> Result<()> {
        check_capacity(n_values, n_users, n_items)?;
        for (what, len) in [
            ("users (one per rating)", users.len()),
            ("items (one per rating)", items.len()),
        ] {
            if len != n_values {
                return Err(Error::LengthMismatch {
                    what,
                    expected: n_values,
                    actual: len,
                });
            }
        }
        let view = CooRef {
            users,
            items,
            ratings: &[],
        };
        view.check_ranges(n_users, n_items)
    }

    pub fn push(&mut self, user: u32, item: u32, rating: f32) {
        self.users.push(user);
        self.items.push(item);
        self.ratings.push(rating);
    }
}

impl<'a> CooRef<'a> {
    pub fn len(&self) -> usize {
        self.ratings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ratings.is_empty()
    }

    /// All three arrays have one entry per rating.
    pub fn check_lengths(&self) -> Result<()> {
        let n = self.ratings.len();
        for (what, len) in [
            ("users (one per rating)", self.users.len()),
            ("items (one per rating)", self.items.len()),
        ] {
            if len != n {
                return Err(Error::LengthMismatch {
                    what,
                    expected: n,
                    actual: len,
                });
            }
        }
        Ok(())
    }

    /// Lengths agree, every rating is finite and every index is below
    /// `n_users` / `n_items`; the first offending entry is named.
    pub fn validate(&self, n_users: usize, n_items: usize) -> Result<()> {
        self.check_lengths()?;
        if let Some(e) = first_where(self.ratings, |r| !r.is_finite()) {
            return Err(Error::InvalidRating {
                index: e,
                value: self.ratings[e],
            });
        }
        self.check_ranges(n_users, n_items)
    }

    /// Every index is below `n_users` / `n_items`.
    fn check_ranges(&self, n_users: usize, n_items: usize) -> Result<()> {
        for (what, idx, len) in [("user", self.users, n_users), ("item", self.items, n_items)] {
            if let Some(e) = first_where(idx, |&i| i as usize >= len) {
                return Err(Error::IndexOutOfRange {
                    what,
                    index: idx[e] as usize,
                    len,
                });
            }
        }
        Ok(())
    }

    /// The ratings `e` with `mask[e] == keep`, in their original order.
    pub fn select(&self, mask: &[bool], keep: bool) -> Result<Coo> {
        self.check_lengths()?;
        if mask.len() != self.len() {
            return Err(Error::LengthMismatch {
                what: "mask (one per rating)",
                expected: self.len(),
                actual: mask.len(),
            });
        }
        let mut out = Coo::default();
        for (e, _) in mask.iter().enumerate().filter(|(_, &m)| m == keep) {
            out.push(self.users[e], self.items[e], self.ratings[e]);
        }
        Ok(out)
    }
}

/// The first `e` with `bad(&v[e])`. The parallel scan only asks whether
/// there is one (rayon's `position_first` pays for its ordering on every
/// element: 30 ns per rating on a 4M-rating load); the position is then
/// found sequentially, on the error path only.
fn first_where<T: Sync>(v: &[T], bad: impl Fn(&T) -> bool + Sync) -> Option<usize> {
    if v.par_chunks(1 << 16).any(|c| c.iter().any(&bad)) {
        v.iter().position(bad)
    } else {
        None
    }
}
