//! A new user from a few `(item, rating)` pairs, with the items fixed: the
//! same row update as the user step (`b_u` with the current `p_u`, then
//! `p_u`), starting from `p_u = 0`. One sweep is the reference implementation's fold-in; more
//! sweeps alternate the two and approach the user's joint optimum.

use super::{check_events, RecommendOptions, Scored};
use crate::data::csr::{CsrRef, Vals};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::params::Solver;
use crate::simd::padded;
use crate::train::{solve_row, RowError, RowInputs, RowScratch};

/// A folded-in user.
#[derive(Clone, Debug, PartialEq)]
pub struct FoldIn {
    pub bias: f32,
    /// `k` values (unpadded).
    pub factors: Vec<f32>,
}

impl Model {
    /// Solve `b_u` then `p_u` for a user who rated `items` with `ratings`.
    /// An implicit-feedback model solves its user system exactly instead
    /// (`implicit_user`; `ratings` are then event values, `sweeps` unused).
    pub fn fold_in_user(&self, items: &[u32], ratings: &[f32], sweeps: usize) -> Result<FoldIn> {
        self.check_fold_in(items, ratings, sweeps)?;
        if self.params.feedback.implicit().is_some() {
            check_events(ratings)?;
            let mut factors = self.fold_in_events_with(&self.item_gram(), items, ratings)?;
            factors.truncate(self.k());
            return Ok(FoldIn { bias: 0.0, factors });
        }
        let k = self.k();
        let mut x = vec![0.0f32; padded(k)];
        let mut bias = 0.0f32;
        let indptr = [0, items.len() as u32];
        let inp = RowInputs {
            csr: CsrRef {
                indptr: &indptr,
                indices: items,
                values: Vals::F32(ratings),
            },
            other_f: &self.q,
            other_h: None,
            other_b: &self.item_bias,
            prior: None,
            mu: self.mu,
            params: &self.params,
            solver: Solver::Cholesky,
        };
        let mut sc = RowScratch::new(k);
        for _ in 0..sweeps {
            solve_row(&inp, 0, &mut x, &mut bias, &mut sc).map_err(|e| match e {
                RowError::NonFinite => Error::NonFinite {
                    stage: "fold-in",
                    epoch: 0,
                    index: 0,
                },
                RowError::SolveFailed => Error::SolveFailed { side: "user", index: 0 },
            })?;
        }
        x.truncate(k);
        Ok(FoldIn { bias, factors: x })
    }

    /// Top items for a new user who rated `items` with `ratings`: one fold-in
    /// sweep (the reference implementation's), then the items ranked by
    /// direction (`RecommendOptions::by_direction`), the rated ones left out
    /// along with `opts.exclude`. An implicit-feedback model ranks by
    /// `p·q_i` from its exact fold-in, as `implicit` does.
    pub fn recommend_new_user(&self, items: &[u32], ratings: &[f32], opts: &RecommendOptions) -> Result<Vec<Scored>> {
        // A Bayesian model folds in by its posterior.
        let f = match self.fold_in_posterior(items, ratings)? {
            Some((f, _)) => f,
            None => self.fold_in_user(items, ratings, 1)?,
        };
        let mut exclude = opts.exclude.to_vec();
        exclude.extend_from_slice(items);
        let opts = RecommendOptions {
            exclude: &exclude,
            by_direction: self.params.feedback.implicit().is_none(),
            ..opts.clone()
        };
        self.recommend(&f.factors, &opts)
    }

    pub(crate) fn check_fold_in(&self, items: &[u32], ratings: &[f32], sweeps: usize) -> Result<()> {
        if items.len() != ratings.len() {
            return Err(Error::LengthMismatch {
                what: "ratings (one per item)",
                expected: items.len(),
                actual: ratings.len(),
            });
        }
        if sweeps == 0 {
            return Err(Error::param("sweeps", 0, "at least 1"));
        }
        items.iter().try_for_each(|&i| self.check_item(i))?;
        if let Some(e) = ratings.iter().position(|r| !r.is_finite()) {
            return Err(Error::InvalidRating {
                index: e,
                value: ratings[e],
            });
        }
        let mut sorted = items.to_vec();
        sorted.sort_unstable();
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::param("items", w[0], "each item at most once"));
        }
        Ok(())
    }
}
