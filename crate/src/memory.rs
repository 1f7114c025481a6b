//! What a load or a fit will need in memory, known before anything is
//! allocated, and the largest data set that fits a limit (wasm32: 4 GiB).
//!
//! The estimate follows the structures the core builds, per rating:
//! - a loaded set is its dual layout (user rows and item columns, the
//!   triples are not kept): 2 × (u32 index + value) plus the u32 input
//!   position of each user-side entry. Values take one byte on a grid of at
//!   most 256 values (14 bytes per rating) and four otherwise (20); the
//!   estimate counts 20, since it is made before the values are seen,
//!   unless the plan knows them to be coded (`coded`: a synthetic set). The
//!   load's peak is the same: the incoming triples are consumed as the
//!   layouts are built;
//! - a train/test split: the parts take over the set's layouts
//!   (`data::parts`), so a split needs only its one-byte-per-rating mask
//!   beyond them; a split that must copy (layouts held by a fit or a model,
//!   or a split by whole users) needs the parts' own layouts, checked with
//!   the set's exact size when it is asked for (`check_split`);
//! - a fit: 4 bytes per rating for a whole set used again after its split
//!   (its rows merged back while the parts' user rows are held) and the
//!   fit's other working memory;
//!
//! per user and per item: the raw id and its lookup entry (12 bytes), the two
//! row pointers (8 bytes) and the factor row with its bias at K (4·(K + 2)
//! bytes, twice while the trainer holds the previous epoch's copy); and per
//! thread the row solver's scratch (normal matrix, its factor and panels:
//! 8·K² + 64·K floats). docs/memory.md checks the estimate against measured peaks.

use crate::error::{Error, Result};

/// wasm32's address space: the most memory a WebAssembly instance can have.
pub const WASM32_BYTES: u64 = 4 << 30;

/// Bytes per rating of a loaded set with f32 values: both layouts (u32
/// index + f32 value each) and the user side's u32 input positions.
pub const STORED_BYTES: u64 = 20;
/// The same with one-byte coded values (`data::csr::Values`).
pub const STORED_CODED_BYTES: u64 = 14;
/// Bytes per rating of a split that takes over the set's layouts: its mask.
pub const SPLIT_BYTES: u64 = 1;
/// A margin per rating for a fit: a whole set used again after its split is
/// merged back (new user rows beside the parts', 9 − 5 bytes), and the
/// fit's other working memory (docs/memory.md).
pub const FIT_MARGIN_BYTES: u64 = 4;
/// Bytes per user or item besides its factors: raw id, lookup entry, two row pointers.
pub const ROW_BYTES: u64 = 20;
/// What the instance holds before any data: code, statics, thread stacks.
pub const BASE_BYTES: u64 = 16 << 20;
pub const STACK_BYTES_PER_THREAD: u64 = 2 << 20;

/// The work to estimate: a data set of `ratings` over `users × items`,
/// optionally split, and fitted at `factors` on `threads` threads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryPlan {
    pub ratings: u64,
    pub users: u64,
    pub items: u64,
    /// K; `None`: load only, no fit.
    pub factors: Option<u64>,
    pub threads: u64,
    /// Whether the set is split into train and test before the fit.
    pub split: bool,
    /// Whether the values are known to be on a grid of at most 256 values
    /// (one byte each, e.g. a synthetic set) before they are seen.
    pub coded: bool,
}

/// The estimate of a plan, by structure (bytes).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct MemoryEstimate {
    pub ratings: u64,
    pub split: u64,
    pub layouts: u64,
    pub ids: u64,
    pub factors: u64,
    pub scratch: u64,
    pub base: u64,
}

impl MemoryEstimate {
    pub fn total(&self) -> u64 {
        [
            self.ratings,
            self.split,
            self.layouts,
            self.ids,
            self.factors,
            self.scratch,
            self.base,
        ]
        .iter()
        .fold(0u64, |a, &b| a.saturating_add(b))
    }
}

impl MemoryPlan {
    /// The bytes each structure of the plan needs at its peak.
    pub fn estimate(&self) -> MemoryEstimate {
        let n = self.ratings;
        let rows = self.users.saturating_add(self.items);
        let fit = self.factors.is_some();
        let k = self.factors.unwrap_or(0);
        let stored = if self.coded { STORED_CODED_BYTES } else { STORED_BYTES };
        MemoryEstimate {
            ratings: n.saturating_mul(stored),
            split: if self.split { n.saturating_mul(SPLIT_BYTES) } else { 0 },
            layouts: if fit { n.saturating_mul(FIT_MARGIN_BYTES) } else { 0 },
            ids: rows.saturating_mul(ROW_BYTES),
            factors: if fit {
                rows.saturating_mul(factor_row_bytes(k))
            } else {
                0
            },
            scratch: if fit {
                self.threads.saturating_mul(scratch_bytes(k))
            } else {
                0
            },
            base: BASE_BYTES.saturating_add(self.threads.saturating_mul(STACK_BYTES_PER_THREAD)),
        }
    }

    /// The most ratings that fit `limit` bytes with this plan's K, threads
    /// and users and items per rating (0 if not even an empty set fits).
    pub fn max_ratings(&self, limit: u64) -> u64 {
        self.max_ratings_with(limit, 0)
    }

    /// `max_ratings` with `extra_row_bytes` more per user and item.
    fn max_ratings_with(&self, limit: u64, extra_row_bytes: u64) -> u64 {
        let empty = MemoryPlan {
            ratings: 0,
            users: 0,
            items: 0,
            ..*self
        }
        .estimate()
        .total();
        if empty >= limit {
            return 0;
        }
        let one = MemoryPlan {
            ratings: 1,
            users: 0,
            items: 0,
            ..*self
        }
        .estimate()
        .total()
            - empty;
        let rows_per_rating = if self.ratings == 0 {
            0.0
        } else {
            (self.users + self.items) as f64 / self.ratings as f64
        };
        let k = self.factors.map_or(0, factor_row_bytes);
        let row = ROW_BYTES.saturating_add(k).saturating_add(extra_row_bytes);
        let per_rating = one as f64 + rows_per_rating * row as f64;
        ((limit - empty) as f64 / per_rating).floor() as u64
    }

    /// The estimate, or `OUT_OF_MEMORY` when it exceeds `limit` bytes
    /// (`in_use`: what the instance already holds and keeps).
    pub fn check(&self, limit: u64, in_use: u64) -> Result<MemoryEstimate> {
        let e = self.estimate();
        let needed = e.total().saturating_add(in_use);
        if needed <= limit {
            return Ok(e);
        }
        Err(Error::OutOfMemory {
            ratings: self.ratings,
            factors: self.factors,
            needed,
            limit,
            max_ratings: self.max_ratings(limit.saturating_sub(in_use)),
        })
    }
}

/// What fitting a set already in memory (its layouts counted in `in_use`)
/// adds: the working margin, the factors at `k` and the scratch; a
/// Bayesian fit (`posterior`) also its running moments. `OUT_OF_MEMORY`
/// when `in_use` plus that exceeds `limit`.
pub fn check_fit(plan: &MemoryPlan, posterior: bool, limit: u64, in_use: u64) -> Result<u64> {
    let e = plan.estimate();
    let layouts = e.layouts;
    let moment_row = if posterior {
        posterior_row_bytes(plan.factors.unwrap_or(0))
    } else {
        0
    };
    let moments = plan.users.saturating_add(plan.items).saturating_mul(moment_row);
    let needed = in_use
        .saturating_add(layouts)
        .saturating_add(e.factors)
        .saturating_add(moments)
        .saturating_add(e.scratch);
    if needed <= limit {
        return Ok(needed);
    }
    let pipeline = MemoryPlan { split: true, ..*plan };
    Err(Error::OutOfMemory {
        ratings: plan.ratings,
        factors: plan.factors,
        needed,
        limit,
        max_ratings: pipeline.max_ratings_with(limit, moment_row),
    })
}

/// `OUT_OF_MEMORY` unless a split of `ratings` (held in `stored` bytes)
/// fits beside `in_use`: its mask when it takes over the set's layouts
/// (`in_place`), and a copy of them otherwise.
pub fn check_split(ratings: u64, stored: u64, in_place: bool, limit: u64, in_use: u64) -> Result<u64> {
    let copy = if in_place { 0 } else { stored };
    let needed = in_use
        .saturating_add(ratings.saturating_mul(SPLIT_BYTES))
        .saturating_add(copy);
    if needed <= limit {
        return Ok(needed);
    }
    let per_rating = SPLIT_BYTES + copy / ratings.max(1);
    Err(Error::OutOfMemory {
        ratings,
        factors: None,
        needed,
        limit,
        max_ratings: limit.saturating_sub(in_use) / per_rating,
    })
}

/// One user's or item's factor row with its bias, twice (the trainer keeps
/// the previous epoch's copy), and from `half_factors::MIN_K` the f16 copy
/// of the row that the CG solve gathers from (one buffer for the larger
/// side, so counting every row is an upper bound).
fn factor_row_bytes(k: u64) -> u64 {
    let half = if k >= crate::half_factors::MIN_K as u64 { 2 } else { 0 };
    k.saturating_add(2).saturating_mul(8 + half)
}

/// A Bayesian fit's extra bytes per user or item: f64 running sums and
/// squares of the row (16·(K + 2)), its variance (4·(K + 2)) and the model
/// copy each kept sample is drawn into (4·(K + 2)).
fn posterior_row_bytes(k: u64) -> u64 {
    k.saturating_add(2).saturating_mul(24)
}

/// One thread's row-solver scratch at K: 8·K² + 64·K f32s.
fn scratch_bytes(k: u64) -> u64 {
    k.saturating_mul(k)
        .saturating_mul(32)
        .saturating_add(k.saturating_mul(256))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(ratings: u64, k: u64) -> MemoryPlan {
        MemoryPlan {
            ratings,
            users: ratings / 100,
            items: ratings / 1000,
            factors: Some(k),
            threads: 2,
            split: true,
            coded: false,
        }
    }

    #[test]
    fn the_largest_fitting_set_fits_and_one_more_percent_does_not() {
        let p = plan(100_000_000, 20);
        let max = p.max_ratings(WASM32_BYTES);
        let at = |n: u64| MemoryPlan {
            ratings: n,
            users: n / 100,
            items: n / 1000,
            ..p
        };
        assert!(at(max).check(WASM32_BYTES, 0).is_ok());
        assert!(at(max + max / 100).check(WASM32_BYTES, 0).is_err());
    }

    #[test]
    fn a_netflix_sized_fit_reports_the_estimate_and_the_limit() {
        let err = plan(1_000_000_000_000, 64).check(WASM32_BYTES, 0).unwrap_err();
        match err {
            Error::OutOfMemory {
                needed,
                limit,
                max_ratings,
                ..
            } => {
                assert!(needed > limit);
                assert!(max_ratings > 10_000_000 && max_ratings < 200_000_000, "{max_ratings}");
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(err.code(), "OUT_OF_MEMORY");
    }

    #[test]
    fn values_known_to_be_coded_take_fourteen_bytes() {
        let f32s = MemoryPlan {
            factors: None,
            ..plan(1_000_000, 20)
        }
        .estimate();
        let coded = MemoryPlan {
            factors: None,
            coded: true,
            ..plan(1_000_000, 20)
        }
        .estimate();
        assert_eq!((f32s.ratings, f32s.split), (20_000_000, 1_000_000));
        assert_eq!((coded.ratings, coded.split), (14_000_000, 1_000_000));
    }

    #[test]
    fn a_split_that_copies_needs_the_parts_layouts() {
        let n = 100_000_000;
        let stored = n * STORED_CODED_BYTES;
        assert!(check_split(n, stored, true, WASM32_BYTES, 3 << 30).is_ok());
        let err = check_split(n, stored, false, WASM32_BYTES, 3 << 30).unwrap_err();
        assert_eq!(err.code(), "OUT_OF_MEMORY");
    }

    #[test]
    fn huge_counts_saturate_instead_of_wrapping() {
        let p = MemoryPlan {
            ratings: u64::MAX,
            users: u64::MAX,
            items: 1,
            factors: Some(100_000),
            threads: 8,
            split: true,
            coded: false,
        };
        assert_eq!(p.estimate().ratings, u64::MAX);
        assert!(p.check(WASM32_BYTES, 0).is_err());
        assert_eq!(p.max_ratings(WASM32_BYTES), 0);
    }

    #[test]
    fn a_fit_counts_what_is_held_and_what_it_adds() {
        let p = MemoryPlan {
            split: false,
            ..plan(10_000_000, 20)
        };
        let held = 120_000_000;
        let needed = check_fit(&p, false, WASM32_BYTES, held).unwrap();
        assert!(needed > held + 10_000_000 * FIT_MARGIN_BYTES + (10_000_000 / 100) * 8 * 22);
        assert!(check_fit(&p, true, WASM32_BYTES, held).unwrap() > needed);
        let err = check_fit(&p, false, WASM32_BYTES, WASM32_BYTES - 1000).unwrap_err();
        assert_eq!(err.code(), "OUT_OF_MEMORY");
    }

    #[test]
    fn a_load_alone_needs_the_layouts_and_ids_only() {
        let p = MemoryPlan {
            factors: None,
            split: false,
            ..plan(1_000_000, 20)
        };
        let e = p.estimate();
        assert_eq!(e.ratings, 20_000_000);
        assert_eq!((e.split, e.layouts, e.factors, e.scratch), (0, 0, 0, 0));
    }
}
