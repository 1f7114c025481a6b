//! The dual layout ALS needs, built once: user-CSR rows (a user's items and
//! ratings, for the user step) and item-CSC columns (an item's users and
//! ratings, for the item step). Each side is 5 bytes per rating (u32 column,
//! one-byte coded value; 8 with f32 values) plus its pointers, columns
//! sorted within each row.

use rayon::prelude::*;

use super::build::{group_by_row, Grouped};
use super::coo::{check_capacity, Coo, CooRef};
use super::transpose::{transpose, transpose_into};
use crate::data::csr::{Csr, CsrRef, Vals, Values};
use crate::error::{Error, Result};

/// Ratings over `n_users × n_items` dense indices, in both layouts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    n_users: usize,
    n_items: usize,
    mu: f32,
    by_user: Csr,
    by_item: Csr,
}

/// Entries per block of the ordered f64 reductions.
pub(crate) const REDUCE_BLOCK: usize = 1 << 15;

impl Dataset {
    /// Build from COO triples. Fails on mismatched lengths, non-finite
    /// ratings, indices out of range and repeated `(user, item)` pairs.
    pub fn from_coo(n_users: usize, n_items: usize, coo: CooRef) -> Result<Self> {
        validate(n_users, n_items, &coo)?;
        let values = Values::encode(coo.ratings.to_vec());
        let (d, _) = Dataset::build(n_users, n_items, coo.users.to_vec(), coo.items.to_vec(), values)?;
        Ok(d)
    }

    /// Build from owned triples already checked by `validate`-like rules
    /// (lengths, finite values, indices in range; the triples are consumed
    /// as the layouts are built). Also returns each user-side entry's index
    /// in the triples. Fails on repeated `(user, item)` pairs.
    pub(crate) fn build(
        n_users: usize,
        n_items: usize,
        users: Vec<u32>,
        items: Vec<u32>,
        values: Values,
    ) -> Result<(Self, Vec<u32>)> {
        let Grouped {
            by_user,
            order,
            spare,
            repeat,
        } = group_by_row(n_users, n_items, users, items, values);
        if let Some((u, i)) = repeat {
            return Err(Error::InvalidParam {
                name: "ratings",
                value: format!("a second rating for (user {u}, item {i})"),
                expected: "at most one rating per (user, item) pair",
            });
        }
        let by_item = transpose_into(n_items, &by_user, spare);
        Ok((Dataset::with_sides(n_items, by_user, by_item), order))
    }

    /// The dual layout of a user side (rows sorted by item, no repeats).
    pub(crate) fn from_user_side(n_items: usize, by_user: Csr) -> Self {
        let by_item = transpose(n_items, &by_user);
        Dataset::with_sides(n_items, by_user, by_item)
    }

    fn with_sides(n_items: usize, by_user: Csr, by_item: Csr) -> Self {
        let mu = mean(by_user.values.view()) as f32;
        Dataset {
            n_users: by_user.rows(),
            n_items,
            mu,
            by_user,
            by_item,
        }
    }

    /// The user side alone (the item side is freed).
    pub(crate) fn into_user_side(self) -> Csr {
        self.by_user
    }

    /// Frees the user side's spare capacity (the room a split part keeps
    /// for merging back).
    pub(crate) fn release_room(&mut self) {
        self.by_user.release_room();
    }

    /// Bytes held by both layouts.
    pub fn bytes(&self) -> usize {
        self.by_user.bytes() + self.by_item.bytes()
    }

    pub fn n_users(&self) -> usize {
        self.n_users
    }
    pub fn n_items(&self) -> usize {
        self.n_items
    }
    /// Number of ratings.
    pub fn nnz(&self) -> usize {
        self.by_user.indices.len()
    }
    /// Mean rating (0 for an empty set).
    pub fn mu(&self) -> f32 {
        self.mu
    }
    /// Rows = users, columns = items.
    pub fn by_user(&self) -> CsrRef<'_> {
        self.by_user.view()
    }
    /// Rows = items, columns = users.
    pub fn by_item(&self) -> CsrRef<'_> {
        self.by_item.view()
    }
    /// Ratings per user.
    pub fn user_counts(&self) -> Vec<u32> {
        self.by_user.indptr.windows(2).map(|w| w[1] - w[0]).collect()
    }
    /// Ratings per item.
    pub fn item_counts(&self) -> Vec<u32> {
        self.by_item.indptr.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// The ratings as COO triples, user-major, items ascending.
    pub fn to_coo(&self) -> Coo {
        let v = self.by_user();
        let mut users = Vec::with_capacity(self.nnz());
        for u in 0..self.n_users {
            users.extend(std::iter::repeat_n(u as u32, v.range(u).len()));
        }
        Coo {
            users,
            items: v.indices.to_vec(),
            ratings: v.values.to_f32().into_owned(),
        }
    }
}

fn validate(n_users: usize, n_items: usize, coo: &CooRef) -> Result<()> {
    coo.check_lengths()?;
    check_capacity(coo.len(), n_users, n_items)?;
    coo.validate(n_users, n_items)
}

/// Mean in f64, summed over fixed blocks in order (deterministic).
pub(crate) fn mean(values: Vals) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let n = values.len();
    let sums: Vec<f64> = (0..n.div_ceil(REDUCE_BLOCK))
        .into_par_iter()
        .map(|b| {
            let c = values.slice(b * REDUCE_BLOCK..((b + 1) * REDUCE_BLOCK).min(n));
            c.iter().map(|v| v as f64).sum()
        })
        .collect();
    sums.iter().sum::<f64>() / values.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coo(users: &[u32], items: &[u32], ratings: &[f32]) -> Coo {
        Coo {
            users: users.to_vec(),
            items: items.to_vec(),
            ratings: ratings.to_vec(),
        }
    }

    #[test]
    fn builds_both_sides() {
        let c = coo(&[0, 1, 0, 2], &[1, 1, 0, 2], &[4.0, 3.0, 2.0, 5.0]);
        let d = Dataset::from_coo(3, 4, c.view()).unwrap();
        assert_eq!(d.nnz(), 4);
        assert!((d.mu() - 3.5).abs() < 1e-6);
        assert_eq!(d.by_user().indices, &[0, 1, 1, 2]);
        assert_eq!(d.by_item().indptr, &[0, 1, 3, 4, 4]);
        assert_eq!(d.by_item().indices, &[0, 0, 1, 2]);
        assert_eq!(d.item_counts(), vec![1, 2, 1, 0]);
    }

    #[test]
    fn rejects_bad_input() {
        let err = |c: Coo, nu, ni| Dataset::from_coo(nu, ni, c.view()).unwrap_err().code();
        assert_eq!(err(coo(&[0], &[0, 1], &[1.0]), 1, 2), "LENGTH_MISMATCH");
        assert_eq!(err(coo(&[0], &[0], &[f32::NAN]), 1, 1), "INVALID_RATING");
        assert_eq!(err(coo(&[3], &[0], &[1.0]), 2, 1), "INDEX_OUT_OF_RANGE");
        assert_eq!(err(coo(&[0], &[5], &[1.0]), 1, 1), "INDEX_OUT_OF_RANGE");
        assert_eq!(err(coo(&[0, 0], &[1, 1], &[1.0, 2.0]), 1, 2), "INVALID_PARAM");
    }

    #[test]
    fn empty_is_fine() {
        let d = Dataset::from_coo(2, 2, Coo::default().view()).unwrap();
        assert_eq!((d.nnz(), d.mu()), (0, 0.0));
    }
}
