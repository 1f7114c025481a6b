use super::*;

fn synth(shape: Option<&str>, ratings: f64, seed: f64) -> Synth {
    let req = SynthRequest {
        shape: shape.map(str::to_string),
        ratings: Some(ratings),
        seed: Some(seed),
        ..Default::default()
    };
    Synth::new(req.resolve().unwrap()).unwrap()
}

/// Raw `(user, movie, rating × 2)` triples, sorted.
fn raw_triples(r: &Ratings) -> Vec<(u32, u32, u32)> {
    let c = r.triples();
    let mut t: Vec<(u32, u32, u32)> = (0..r.len())
        .map(|e| {
            (
                r.users.raw(c.users[e]),
                r.items.raw(c.items[e]),
                (c.ratings[e] * 2.0) as u32,
            )
        })
        .collect();
    t.sort_unstable();
    t
}

fn sorted_counts(idx: &[u32], n: usize) -> Vec<u32> {
    let mut c = vec![0u32; n];
    idx.iter().for_each(|&i| c[i as usize] += 1);
    c.sort_unstable();
    c
}

#[test]
fn an_ml_shaped_set_has_the_movielens_statistics() {
    let s = synth(None, 100_000.0, 7.0);
    let r = s.ratings().unwrap();
    let c = r.triples();
    assert_eq!(r.len(), 100_000);
    let deg = sorted_counts(&c.users, r.users.len());
    assert!(deg[0] >= 20, "every user has >= 20 ratings");
    assert!(deg[deg.len() - 1] > 8 * deg[deg.len() / 2], "heavy-tailed user degrees");
    let pop = sorted_counts(&c.items, r.items.len());
    assert!(
        pop[pop.len() - 1] > 30 * pop[pop.len() / 2],
        "heavy-tailed movie degrees"
    );
    let ids = &s.catalog.movie_ids;
    assert!(ids[ids.len() - 1] as usize > 2 * ids.len(), "sparse movie ids");
    assert!(r.items.len() < s.catalog.len(), "some movies have no ratings");
    let n = r.len() as f64;
    let mean = c.ratings.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = c.ratings.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
    assert!((mean - 3.54).abs() < 0.15, "mean {mean}");
    assert!((var.sqrt() - 1.06).abs() < 0.15, "std {}", var.sqrt());
    assert!(c
        .ratings
        .iter()
        .all(|&x| (0.5..=5.0).contains(&x) && (x * 2.0).fract() == 0.0));
}

#[test]
fn a_netflix_shaped_set_has_whole_stars_dense_movie_ids_and_sparse_user_ids() {
    let s = synth(Some("netflix"), 200_000.0, 3.0);
    let r = s.ratings().unwrap();
    let c = r.triples();
    assert_eq!(r.len(), 200_000);
    assert!(c.ratings.iter().all(|&x| (1.0..=5.0).contains(&x) && x.fract() == 0.0));
    let ids = &s.catalog.movie_ids;
    assert_eq!(ids[ids.len() - 1] as usize, ids.len(), "movie ids 1..=n");
    let users = &s.users.ids;
    assert!(users[users.len() - 1] as usize > 4 * users.len(), "sparse user ids");
    let mean = c.ratings.iter().map(|&x| x as f64).sum::<f64>() / r.len() as f64;
    assert!((mean - 3.6).abs() < 0.15, "mean {mean}");
}

#[test]
fn a_seed_gives_the_same_set_on_any_thread_count() {
    let on = |threads: usize, seed: f64| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let s = synth(None, 60_000.0, seed);
            let r = s.ratings().unwrap();
            (
                r.triples(),
                r.users.raw_ids().to_vec(),
                r.items.raw_ids().to_vec(),
                s.csv_rows(0, 1000),
            )
        })
    };
    let one = on(1, 5.0);
    assert_eq!(one, on(3, 5.0));
    assert_ne!(one.0.ratings, on(2, 6.0).0.ratings);
}

#[test]
fn the_csv_rows_are_the_ratings() {
    let s = synth(None, 30_000.0, 11.0);
    let r = s.ratings().unwrap();
    let text = String::from_utf8(s.csv_rows(0, usize::MAX)).unwrap();
    let mut rows: Vec<(u32, u32, u32)> = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 4, "{l}");
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                (f[2].parse::<f32>().unwrap() * 2.0) as u32,
            )
        })
        .collect();
    rows.sort_unstable();
    assert_eq!(rows, raw_triples(&r));
    let halves = s.csv_rows(0, 10).len() + s.csv_rows(10, 20).len();
    assert_eq!(halves, s.csv_rows(0, 20).len());
}

#[test]
fn movies_of_a_genre_share_planted_factors() {
    let s = synth(None, 100_000.0, 7.0);
    let (c, k) = (&s.catalog, s.spec.k);
    let genres = |m: usize| &c.genres[c.genre_indptr[m] as usize..c.genre_indptr[m + 1] as usize];
    let dot = |a: usize, b: usize| (0..k).map(|f| c.factors[a * k + f] * c.factors[b * k + f]).sum::<f32>() as f64;
    let (mut same, mut ns, mut other, mut no) = (0.0, 0, 0.0, 0);
    for a in 0..2000 {
        for b in a + 1..a + 40 {
            if genres(a).len() == 1 && genres(b).len() == 1 {
                if genres(a) == genres(b) {
                    same += dot(a, b);
                    ns += 1;
                } else {
                    other += dot(a, b);
                    no += 1;
                }
            }
        }
    }
    assert!(
        same / ns as f64 > other / no as f64 + 0.05,
        "same {} other {}",
        same / ns as f64,
        other / no as f64
    );
}
