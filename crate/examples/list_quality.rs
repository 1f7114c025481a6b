//! Top-10 lists for training users under several scoring rules, on
//! ml-latest-small 80/20 splits: precision and NDCG of held-out movies
//! rated 4 or more, how many listed movies have few training ratings, the
//! median training count of listed movies, and how many distinct movies all
//! users' lists hold together.
//!
//! `cargo run --release --example list_quality -- <dir> [--seeds N]`

#[path = "movielens/load.rs"]
mod load;

use std::ops::ControlFlow;

use als_core::data::split::{train_test_split, SplitStrategy};
use als_core::data::{Coo, Dataset};
use als_core::infer::RecommendOptions;
use als_core::params::AlsParams;
use als_core::train::{fit, FitOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: list_quality <dir> [--seeds N]");
    let seeds: u64 = args
        .iter()
        .position(|a| a == "--seeds")
        .map_or(3, |i| args[i + 1].parse().unwrap());
    let ml = load::load(dir);
    println!(
        "{} ratings, {} genres; default parameters with the genre prior",
        ml.coo.len(),
        ml.genre_names.len()
    );
    let variants: Vec<(&str, f32, u32, bool)> = vec![
        ("dot, b 0.05, min 0", 0.05, 0, false),
        ("dir, b 0.05, min 0", 0.05, 0, true),
        ("dir, b 1, min 0", 1.0, 0, true),
        ("dot, b 0.05, min 50", 0.05, 50, false),
        ("dot, b 1, min 50", 1.0, 50, false),
        ("dir, b 0.05, min 50", 0.05, 50, true),
        ("dir, b 0.5, min 50", 0.5, 50, true),
        ("dir, b 1, min 50", 1.0, 50, true),
        ("dir, b 2, min 50", 2.0, 50, true),
        ("dot, b 1, min 100", 1.0, 100, false),
        ("dir, b 1, min 100", 1.0, 100, true),
        ("popularity", f32::NAN, 0, false),
    ];
    for seed in 1..=seeds {
        let (tr, te) = train_test_split(
            ml.coo.view(),
            ml.n_users,
            SplitStrategy::PerRating { test_ratio: 0.2 },
            seed,
        )
        .unwrap();
        let train = Dataset::from_coo(ml.n_users, ml.n_items, tr.view()).unwrap();
        let mut liked = Coo::default();
        for e in 0..te.len() {
            let (u, i, r) = (te.users[e], te.items[e], te.ratings[e]);
            if r >= 4.0 {
                liked.push(u, i, r);
            }
        }
        let liked = Dataset::from_coo(ml.n_users, ml.n_items, liked.view()).unwrap();
        let params = AlsParams {
            genre_prior: true,
            seed,
            ..AlsParams::default()
        };
        let opts = FitOptions {
            genres: Some(&ml.genres),
            ..Default::default()
        };
        let fitted = fit(&train, &params, &opts, |_| ControlFlow::Continue(())).unwrap();
        let model = fitted.model;
        let counts = train.item_counts();
        let seen = train.by_user();
        let held = liked.by_user();
        let users: Vec<u32> = (0..ml.n_users as u32).collect();
        println!("seed {seed}");
        for (name, bw, min, dir) in &variants {
            let ro = RecommendOptions {
                n: 10,
                min_ratings: *min,
                bias_weight: *bw,
                by_direction: *dir,
                ..Default::default()
            };
            let lists = if bw.is_nan() {
                popular(&counts, &seen)
            } else {
                model
                    .recommend_users(&users, &ro, |u| &seen.indices[seen.range(u as usize)])
                    .unwrap()
            };
            let (mut prec, mut ndcg, mut n_eval) = (0.0, 0.0, 0usize);
            let (mut rare, mut listed) = (0usize, Vec::new());
            for (u, list) in lists.iter().enumerate() {
                let h = &held.indices[held.range(u)];
                for s in list {
                    listed.push(counts[s.item as usize]);
                    rare += (counts[s.item as usize] < 10) as usize;
                }
                if h.is_empty() {
                    continue;
                }
                n_eval += 1;
                let hits: Vec<bool> = list.iter().map(|s| h.contains(&s.item)).collect();
                prec += hits.iter().filter(|&&x| x).count() as f64 / 10.0;
                let dcg: f64 = hits
                    .iter()
                    .enumerate()
                    .filter(|(_, &x)| x)
                    .map(|(r, _)| 1.0 / (r as f64 + 2.0).log2())
                    .sum();
                let idcg: f64 = (0..h.len().min(10)).map(|r| 1.0 / (r as f64 + 2.0).log2()).sum();
                ndcg += dcg / idcg;
            }
            let distinct: std::collections::BTreeSet<u32> = lists.iter().flatten().map(|s| s.item).collect();
            listed.sort_unstable();
            println!(
                "  {name:22} P@10 {:.4} NDCG@10 {:.4} rare(<10) {:5.1}% median count {} distinct {}",
                prec / n_eval as f64,
                ndcg / n_eval as f64,
                100.0 * rare as f64 / listed.len() as f64,
                listed[listed.len() / 2],
                distinct.len()
            );
        }
    }
}

/// Per user, the 10 most-rated training movies they did not rate.
fn popular(counts: &[u32], seen: &als_core::data::csr::CsrRef) -> Vec<Vec<als_core::infer::Scored>> {
    let mut order: Vec<u32> = (0..counts.len() as u32).collect();
    order.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
    (0..seen.indptr.len() - 1)
        .map(|u| {
            let own = &seen.indices[seen.range(u)];
            order
                .iter()
                .filter(|i| !own.contains(i))
                .take(10)
                .map(|&item| als_core::infer::Scored {
                    item,
                    score: counts[item as usize] as f32,
                })
                .collect()
        })
        .collect()
}
