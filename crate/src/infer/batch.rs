//! Top-N lists for many users in one call (Spark's `recommendForAllUsers`,
//! implicit's batch `recommend`), computed in parallel on the rayon pool.
//! Each list is exactly what `recommend_user` gives that user.

use rayon::prelude::*;

use super::topn::{top_n, RecommendOptions, Scored};
use crate::error::Result;
use crate::model::Model;
use crate::simd::padded;

impl Model {
    /// Top items for each training user in `users` (dense indices). Besides
    /// `opts` (length, `min_ratings`, allow-list, global exclusions), the items
    /// `rated(u)` are left out of user `u`'s list.
    pub fn recommend_users<'a>(
        &self,
        users: &[u32],
        opts: &RecommendOptions,
        rated: impl Fn(u32) -> &'a [u32] + Sync,
    ) -> Result<Vec<Vec<Scored>>> {
        for &u in users {
            self.check_user(u)?;
        }
        let allowed = self.allowed_items(opts)?;
        let k = self.k();
        let lists = users
            .par_iter()
            .map_init(
                || (vec![false; self.n_items()], vec![0.0f32; padded(k)]),
                |(skip, p), &u| {
                    let own = rated(u);
                    own.iter().for_each(|&i| skip[i as usize] = true);
                    p[..k].copy_from_slice(&self.user_factors().row(u as usize)[..k]);
                    let scores = allowed
                        .iter()
                        .filter(|&&i| !skip[i as usize])
                        .map(|&i| self.recommend_score(i as usize, p, opts));
                    let list = top_n(scores, opts.n);
                    own.iter().for_each(|&i| skip[i as usize] = false);
                    list
                },
            )
            .collect();
        Ok(lists)
    }

    /// The `n` training users with the highest predicted rating of each item
    /// in `items` (dense), computed in parallel: Spark's
    /// `recommendForAllItems`. `Scored::item` holds the user index here.
    pub fn top_users_for_items(&self, items: &[u32], n: usize) -> Result<Vec<Vec<Scored>>> {
        for &i in items {
            self.check_item(i)?;
        }
        Ok(items
            .par_iter()
            .map(|&i| {
                let scores = (0..self.n_users()).map(|u| Scored {
                    item: u as u32,
                    score: self.score(u, i as usize),
                });
                top_n(scores, n)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_models::trained;

    #[test]
    fn batch_lists_equal_single_lists() {
        let (m, train) = trained(4, 3, false);
        let csr = train.by_user();
        let rated = |u: u32| &csr.indices[csr.range(u as usize)];
        let users: Vec<u32> = (0..40).rev().collect();
        let candidates: Vec<u32> = (0..30).filter(|i| i % 3 != 0).collect();
        for cands in [None, Some(&candidates[..])] {
            let opts = RecommendOptions {
                n: 7,
                exclude: &[2, 4],
                candidates: cands,
                ..Default::default()
            };
            let batch = m.recommend_users(&users, &opts, rated).unwrap();
            for (j, &u) in users.iter().enumerate() {
                let mut ex = vec![2, 4];
                ex.extend_from_slice(rated(u));
                let single = m
                    .recommend_user(
                        u,
                        &RecommendOptions {
                            exclude: &ex,
                            ..opts.clone()
                        },
                    )
                    .unwrap();
                assert_eq!(batch[j], single, "user {u}");
                assert!(!batch[j].is_empty());
                for s in &batch[j] {
                    assert!(cands.is_none_or(|c| c.contains(&s.item)));
                    assert!(!rated(u).contains(&s.item) && s.item != 2 && s.item != 4);
                }
            }
        }
    }

    #[test]
    fn top_users_of_an_item_have_its_highest_predictions() {
        let (m, _) = trained(4, 3, false);
        let lists = m.top_users_for_items(&[5, 0], 4).unwrap();
        for (j, &i) in [5u32, 0].iter().enumerate() {
            let mut all: Vec<(u32, f32)> = (0..40).map(|u| (u, m.predict(u, i).unwrap())).collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let want: Vec<u32> = all[..4].iter().map(|x| x.0).collect();
            assert_eq!(lists[j].iter().map(|s| s.item).collect::<Vec<_>>(), want);
        }
        assert!(m.top_users_for_items(&[30], 4).is_err());
    }

    #[test]
    fn similar_users_rank_by_cosine_and_skip_the_user() {
        let (m, _) = trained(4, 3, false);
        let opts = RecommendOptions {
            n: 5,
            ..Default::default()
        };
        let list = m.similar_users(3, &opts).unwrap();
        assert_eq!(list.len(), 5);
        assert!(list.iter().all(|s| s.item != 3 && s.score <= 1.0 + 1e-6));
        assert!(list.windows(2).all(|w| w[0].score >= w[1].score));
        let only: Vec<u32> = vec![7, 8];
        let opts = RecommendOptions {
            candidates: Some(&only),
            ..opts
        };
        let items: Vec<u32> = m.similar_users(3, &opts).unwrap().iter().map(|s| s.item).collect();
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| only.contains(i)));
    }
}
