//! Catalog text of synthetic movies in MovieLens style: genres drawn by
//! ML-32M's frequencies, and titles such as `Midnight Garden, The (1987)`,
//! some with quotes, commas and accents, so writers must quote and encode
//! them properly.

use crate::rng::{tag, SplitMix64};

/// ML-32M's 19 genres, then the label of movies without any.
pub const GENRE_LABELS: [&str; 20] = [
    "Drama",
    "Comedy",
    "Thriller",
    "Romance",
    "Action",
    "Horror",
    "Documentary",
    "Crime",
    "Adventure",
    "Sci-Fi",
    "Mystery",
    "Animation",
    "Children",
    "Fantasy",
    "War",
    "Western",
    "Musical",
    "Film-Noir",
    "IMAX",
    "(no genres listed)",
];
/// Genres proper (the last label is "no genre").
pub const GENRE_COUNT: usize = 19;
pub const NO_GENRE: u16 = GENRE_COUNT as u16;
const GENRE_WEIGHTS: [f64; GENRE_COUNT] = [
    40.0, 30.0, 13.0, 12.0, 12.0, 10.0, 9.0, 9.0, 7.0, 6.0, 5.0, 5.0, 4.0, 4.0, 3.0, 2.0, 2.0, 1.0, 0.3,
];

const WORDS: [&str; 34] = [
    "Silent", "Harbor", "Midnight", "Garden", "Lost", "City", "Iron", "River", "Last", "Summer", "Dark", "Star",
    "Broken", "Crown", "Secret", "Wind", "Golden", "Road", "Winter", "Heart", "Blue", "Moon", "Wild", "House",
    "Little", "Night", "Fire", "Shadow", "Café", "Señor", "Ghost", "Empire", "Dream", "Love",
];

/// One movie's genres, ascending; `[NO_GENRE]` for 1.5% of movies.
pub fn draw_genres(rng: &mut SplitMix64) -> Vec<u16> {
    if rng.next_f64() < 0.015 {
        return vec![NO_GENRE];
    }
    let count = 1 + usize::from(rng.next_f64() < 0.55) * (1 + usize::from(rng.next_f64() < 0.4));
    let total: f64 = GENRE_WEIGHTS.iter().sum();
    let mut out: Vec<u16> = Vec::with_capacity(count);
    for _ in 0..20 {
        if out.len() == count {
            break;
        }
        let mut x = rng.next_f64() * total;
        let mut g = 0;
        while g < GENRE_COUNT - 1 && x >= GENRE_WEIGHTS[g] {
            x -= GENRE_WEIGHTS[g];
            g += 1;
        }
        if !out.contains(&(g as u16)) {
            out.push(g as u16);
        }
    }
    out.sort_unstable();
    out
}

/// The title of movie `m` (raw id `movie_id`), from its own stream.
pub fn title(seed: u64, m: usize, movie_id: u32) -> String {
    let mut rng = SplitMix64::stream(seed, tag::SYNTH_TITLES, m as u64);
    let n = 1 + rng.below(3);
    let mut words: Vec<String> = (0..n).map(|_| WORDS[rng.below(WORDS.len())].to_string()).collect();
    if rng.next_f64() < 0.02 {
        words[0] = format!("\"{}\"", words[0]);
    }
    let mut t = format!("{} {movie_id}", words.join(" "));
    if rng.next_f64() < 0.12 {
        t.push_str(", The");
    }
    format!("{t} ({})", 1900 + rng.below(124))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_seeded_and_some_need_quoting() {
        assert_eq!(title(1, 5, 6), title(1, 5, 6));
        let titles: Vec<String> = (0..2000).map(|m| title(3, m, m as u32 + 1)).collect();
        assert!(titles.iter().any(|t| t.contains('"')));
        assert!(titles.iter().any(|t| t.contains(", The")));
        assert!(titles.iter().all(|t| !t.contains('\n')));
    }

    #[test]
    fn genres_are_distinct_and_sorted() {
        let mut rng = SplitMix64::new(9);
        for _ in 0..1000 {
            let g = draw_genres(&mut rng);
            assert!(!g.is_empty() && g.len() <= 3);
            assert!(g.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
