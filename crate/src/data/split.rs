//! Seeded train/test splits. Each decision is keyed by the rating's index
//! (per-rating split) or by the user's ratings (per-user holdout), so the
//! split is the same on any thread count.

use rayon::prelude::*;

use crate::chunks::{balanced_bounds, entry_bounds, ranges, split_rows_mut};
use crate::data::select::Ranks;
use crate::data::{Coo, CooRef, Dataset};
use crate::error::{Error, Result};
use crate::rng::{mix64, tag, uniform_at};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SplitStrategy {
    /// Each rating goes to test with probability `test_ratio` (the reference implementation's).
    PerRating { test_ratio: f64 },
    /// Each user's ratings are shuffled and `round(test_fraction · n)` of them
    /// go to test, capped so every user keeps at least one training rating.
    PerUser { test_fraction: f64 },
    /// Each user goes to test with probability `test_fraction`, with all
    /// their ratings: held-out users for strong generalization
    /// (`ranking::evaluate_new_users`).
    Users { test_fraction: f64 },
}

/// `mask[e]` is true when rating `e` goes to test.
pub fn split_mask(coo: CooRef, n_users: usize, strategy: SplitStrategy, seed: u64) -> Result<Vec<bool>> {
    coo.check_lengths()?;
    match strategy {
        SplitStrategy::PerRating { test_ratio } => {
            check_ratio("test_ratio", test_ratio)?;
            let n = coo.len() as u64;
            Ok((0..n)
                .into_par_iter()
                .map(|e| uniform_at(seed, tag::SPLIT, e) < test_ratio)
                .collect())
        }
        SplitStrategy::PerUser { test_fraction } => {
            check_ratio("test_fraction", test_fraction)?;
            if let Some(e) = coo.users.iter().position(|&u| u as usize >= n_users) {
                return Err(Error::IndexOutOfRange {
                    what: "user",
                    index: coo.users[e] as usize,
                    len: n_users,
                });
            }
            Ok(per_user_mask(coo.users, n_users, test_fraction, seed))
        }
        SplitStrategy::Users { test_fraction } => {
            check_ratio("test_fraction", test_fraction)?;
            Ok(coo
                .users
                .par_iter()
                .map(|&u| uniform_at(seed, tag::HELD_OUT_USERS, u as u64) < test_fraction)
                .collect())
        }
    }
}

/// `split_mask` for ratings held as a layout: `mask[s]` is true when the
/// user side's entry `s` goes to test, where `order[s]` is that entry's
/// input position (the rank among `order` is its index in this set's input
/// order). Every draw is keyed as on the triples in input order, so both
/// give the same parts.
pub fn split_layout_mask(data: &Dataset, order: &[u32], strategy: SplitStrategy, seed: u64) -> Result<Vec<bool>> {
    let csr = data.by_user();
    let ranks = Ranks::of(order);
    match strategy {
        SplitStrategy::PerRating { test_ratio } => {
            check_ratio("test_ratio", test_ratio)?;
            Ok(order
                .par_iter()
                .with_min_len(1 << 14)
                .map(|&e| uniform_at(seed, tag::SPLIT, ranks.rank(e) as u64) < test_ratio)
                .collect())
        }
        SplitStrategy::PerUser { test_fraction } => {
            check_ratio("test_fraction", test_fraction)?;
            let mut slots: Vec<u32> = (0..order.len() as u32).collect();
            let tests = per_row_tests(
                csr.indptr,
                &mut slots,
                |s| ranks.rank(order[s as usize]),
                test_fraction,
                seed,
            );
            let mut mask = vec![false; order.len()];
            tests.iter().flatten().for_each(|&s| mask[s as usize] = true);
            Ok(mask)
        }
        SplitStrategy::Users { test_fraction } => {
            check_ratio("test_fraction", test_fraction)?;
            let held: Vec<bool> = (0..csr.rows() as u64)
                .map(|u| uniform_at(seed, tag::HELD_OUT_USERS, u) < test_fraction)
                .collect();
            let mut mask = vec![false; order.len()];
            for (u, &h) in held.iter().enumerate() {
                mask[csr.range(u)].fill(h);
            }
            Ok(mask)
        }
    }
}

/// `(train, test)` triples of a split, each in the original order.
pub fn train_test_split(coo: CooRef, n_users: usize, strategy: SplitStrategy, seed: u64) -> Result<(Coo, Coo)> {
    let mask = split_mask(coo, n_users, strategy, seed)?;
    Ok((coo.select(&mask, false)?, coo.select(&mask, true)?))
}

fn check_ratio(name: &'static str, r: f64) -> Result<()> {
    if (0.0..=1.0).contains(&r) {
        Ok(())
    } else {
        Err(Error::param(name, r, "a number in [0, 1]"))
    }
}

fn per_user_mask(users: &[u32], n_users: usize, fraction: f64, seed: u64) -> Vec<bool> {
    // Rating indices grouped by user (counting sort, stable).
    let mut ptr = vec![0u32; n_users + 1];
    users.iter().for_each(|&u| ptr[u as usize + 1] += 1);
    for u in 0..n_users {
        ptr[u + 1] += ptr[u];
    }
    let mut cursor = ptr.clone();
    let mut order = vec![0u32; users.len()];
    for (e, &u) in users.iter().enumerate() {
        order[cursor[u as usize] as usize] = e as u32;
        cursor[u as usize] += 1;
    }
    let tests = per_row_tests(&ptr, &mut order, |e| e, fraction, seed);
    let mut mask = vec![false; users.len()];
    tests.iter().flatten().for_each(|&e| mask[e as usize] = true);
    mask
}

/// Per row of `ptr` (over `entries`): shuffle the row by a hash keyed by
/// each entry's input index (`index_of`); the first `round(fraction · n)`,
/// capped to leave one, go to test. Returns those entries, chunk by chunk.
fn per_row_tests(
    ptr: &[u32],
    entries: &mut [u32],
    index_of: impl Fn(u32) -> u32 + Sync,
    fraction: f64,
    seed: u64,
) -> Vec<Vec<u32>> {
    let bounds = balanced_bounds(ptr, 1, 1, 256);
    let pieces = split_rows_mut(entries, &entry_bounds(ptr, &bounds), 1);
    let key = |e: u32| mix64(seed ^ mix64(tag::SPLIT ^ mix64(e as u64)));
    pieces
        .into_par_iter()
        .zip(ranges(&bounds).collect::<Vec<_>>())
        .map(|(piece, rs)| {
            let base = ptr[rs.start] as usize;
            let mut test = Vec::new();
            for u in rs {
                let row = &mut piece[ptr[u] as usize - base..ptr[u + 1] as usize - base];
                row.sort_unstable_by_key(|&x| {
                    let e = index_of(x);
                    (key(e), e)
                });
                let m = ((fraction * row.len() as f64).round() as usize).min(row.len().saturating_sub(1));
                test.extend_from_slice(&row[..m]);
            }
            test
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Ratings;

    fn coo(n_users: u32, per_user: u32) -> Coo {
        let mut c = Coo::default();
        for u in 0..n_users {
            for i in 0..per_user + u % 5 {
                c.push(u, i, 3.0);
            }
        }
        c
    }

    #[test]
    fn per_rating_ratio_and_determinism() {
        let c = coo(400, 50);
        let s = SplitStrategy::PerRating { test_ratio: 0.2 };
        let m = split_mask(c.view(), 400, s, 42).unwrap();
        let frac = m.iter().filter(|&&t| t).count() as f64 / m.len() as f64;
        assert!((frac - 0.2).abs() < 0.01, "{frac}");
        assert_eq!(m, split_mask(c.view(), 400, s, 42).unwrap());
        assert_ne!(m, split_mask(c.view(), 400, s, 43).unwrap());
    }

    #[test]
    fn per_user_keeps_a_training_rating() {
        let c = coo(50, 1);
        let s = SplitStrategy::PerUser { test_fraction: 1.0 };
        let (train, test) = train_test_split(c.view(), 50, s, 7).unwrap();
        let mut seen = [false; 50];
        train.users.iter().for_each(|&u| seen[u as usize] = true);
        assert!(seen.iter().all(|&s| s));
        assert_eq!(train.len() + test.len(), c.len());
        let half = split_mask(c.view(), 50, SplitStrategy::PerUser { test_fraction: 0.5 }, 7).unwrap();
        let users_of = |m: &[bool]| c.users.iter().zip(m).filter(|(_, &t)| t).count();
        assert!(users_of(&half) > 0);
    }

    #[test]
    fn whole_users_go_to_test() {
        let c = coo(400, 3);
        let s = SplitStrategy::Users { test_fraction: 0.25 };
        let m = split_mask(c.view(), 400, s, 9).unwrap();
        let mut held = [None; 400];
        for (&u, &t) in c.users.iter().zip(&m) {
            assert_ne!(held[u as usize].replace(t), Some(!t), "user {u} split");
        }
        let n = held.iter().filter(|h| **h == Some(true)).count();
        assert!((70..130).contains(&n), "{n} of 400 users held out");
        assert_ne!(m, split_mask(c.view(), 400, s, 10).unwrap());
    }

    #[test]
    fn a_layout_splits_as_its_triples_in_input_order() {
        let (mut users, mut items, mut ratings) = (Vec::new(), Vec::new(), Vec::new());
        let mut seen = std::collections::HashSet::new();
        for e in 0..3000u32 {
            let (u, i) = ((e * 7919) % 97, (e * 104_729) % 1009);
            if seen.insert((u, i)) {
                users.push(u);
                items.push(i);
                ratings.push((e % 10) as f32 * 0.5 + 0.5);
            }
        }
        let r = Ratings::from_indexed(users, items, ratings, (0..97).collect(), (0..1009).collect()).unwrap();
        // The triples as the core held them before layouts became the storage.
        let c = r.triples();
        let key = |coo: &Coo| -> Vec<(u32, u32, u32)> {
            (0..coo.len())
                .map(|e| (coo.users[e], coo.items[e], coo.ratings[e].to_bits()))
                .collect()
        };
        for s in [
            SplitStrategy::PerRating { test_ratio: 0.2 },
            SplitStrategy::PerUser { test_fraction: 0.3 },
            SplitStrategy::Users { test_fraction: 0.3 },
        ] {
            let (train, test) = train_test_split(c.view(), 97, s, 42).unwrap();
            let (a, b) = r.split(s, 42).unwrap();
            for (want, got) in [(train, a), (test, b)] {
                assert_eq!(key(&got.reindex_like_ids(&r.users, &r.items).0), key(&want), "{s:?}");
            }
        }
        let s = SplitStrategy::PerRating { test_ratio: 0.2 };
        let (train, _) = r.split(s, 42).unwrap();
        let (tt, tv) = train.split(SplitStrategy::PerRating { test_ratio: 0.1 }, 7).unwrap();
        let (want_t, _) = train_test_split(c.view(), 97, s, 42).unwrap();
        let (want_tt, want_tv) =
            train_test_split(want_t.view(), 97, SplitStrategy::PerRating { test_ratio: 0.1 }, 7).unwrap();
        assert_eq!(key(&tt.reindex_like_ids(&r.users, &r.items).0), key(&want_tt));
        assert_eq!(key(&tv.reindex_like_ids(&r.users, &r.items).0), key(&want_tv));
    }

    #[test]
    fn rejects_bad_ratio() {
        let c = coo(2, 2);
        let e = split_mask(c.view(), 2, SplitStrategy::PerRating { test_ratio: 1.5 }, 1).unwrap_err();
        assert_eq!(e.code(), "INVALID_PARAM");
    }
}
