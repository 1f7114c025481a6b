//! Minimal readers for MovieLens `ratings.csv` and `movies.csv`.

use std::collections::HashMap;

use als_core::data::{Coo, ItemGenres};

pub struct MovieLens {
    pub n_users: usize,
    pub n_items: usize,
    /// Dense user index, dense item index (rated movies only), rating.
    pub coo: Coo,
    pub genres: ItemGenres,
    pub genre_names: Vec<String>,
    /// MovieLens `movieId` of each dense item (read by `--defaults`; the
    /// Bayesian example includes this file without using it).
    #[allow(dead_code)]
    pub item_ids: Vec<u64>,
}

pub fn load(dir: &str) -> MovieLens {
    let ratings = std::fs::read_to_string(format!("{dir}/ratings.csv")).expect("ratings.csv");
    let mut users: HashMap<u64, u32> = HashMap::new();
    let mut items: HashMap<u64, u32> = HashMap::new();
    let mut coo = Coo::default();
    for line in ratings.lines().skip(1).filter(|l| !l.is_empty()) {
        let mut f = line.split(',');
        let (u, m, r) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let nu = users.len() as u32;
        let u = *users.entry(u.parse().unwrap()).or_insert(nu);
        let ni = items.len() as u32;
        let i = *items.entry(m.parse().unwrap()).or_insert(ni);
        coo.push(u, i, r.parse().unwrap());
    }
    let (genres, genre_names) = load_genres(dir, &items);
    let mut item_ids = vec![0; items.len()];
    for (&id, &i) in &items {
        item_ids[i as usize] = id;
    }
    MovieLens {
        item_ids,
        n_users: users.len(),
        n_items: items.len(),
        coo,
        genres,
        genre_names,
    }
}

/// Genres of the rated movies; the genres field is the text after the last comma.
fn load_genres(dir: &str, items: &HashMap<u64, u32>) -> (ItemGenres, Vec<String>) {
    let movies = std::fs::read_to_string(format!("{dir}/movies.csv")).expect("movies.csv");
    let mut names: Vec<String> = Vec::new();
    let mut lists = vec![Vec::new(); items.len()];
    for line in movies.lines().skip(1).filter(|l| !l.is_empty()) {
        let id: u64 = line[..line.find(',').unwrap()].parse().unwrap();
        let Some(&i) = items.get(&id) else { continue };
        for g in line[line.rfind(',').unwrap() + 1..].trim().split('|') {
            let gi = match names.iter().position(|n| n == g) {
                Some(p) => p,
                None => {
                    names.push(g.to_string());
                    names.len() - 1
                }
            };
            lists[i as usize].push(gi as u32);
        }
    }
    (ItemGenres::from_lists(names.len(), &lists).unwrap(), names)
}
