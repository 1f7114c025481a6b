//! The synthetic catalog: movie ids, genres, popularity, and each movie's
//! planted bias and factors (its genres' mean factors plus noise). Every
//! movie draws from its own stream, so the catalog does not depend on the
//! thread count.

use rayon::prelude::*;

use super::alias::AliasTable;
use super::shape::SynthSpec;
use super::titles::{draw_genres, GENRE_COUNT};
use crate::rng::{tag, SplitMix64};

/// The fraction of the planted variance that a movie's genres explain.
const GENRE_SHARE: f64 = 0.6;

pub struct Catalog {
    /// Raw movie ids, ascending.
    pub movie_ids: Vec<u32>,
    /// Genres of movie `m`: `genres[genre_indptr[m]..genre_indptr[m + 1]]`
    /// (indices into `titles::GENRE_LABELS`; `titles::NO_GENRE` when none).
    pub genre_indptr: Vec<u32>,
    pub genres: Vec<u16>,
    /// Popularity weights (0: never rated), and the table that draws by them.
    pub weight: Vec<f64>,
    pub popularity: AliasTable,
    pub bias: Vec<f32>,
    /// `k` factors per movie.
    pub factors: Vec<f32>,
}

/// One movie's draws, in stream order.
struct Movie {
    gap: u32,
    genres: Vec<u16>,
    weight: f64,
    bias: f32,
    factors: Vec<f32>,
}

impl Catalog {
    pub fn new(spec: &SynthSpec, scale: f64) -> Catalog {
        let genre_factors = genre_factors(spec, scale);
        let n = spec.movies as usize;
        let gap = mean_gap(spec.shape.max_movie_id, spec.shape.movies);
        let movies: Vec<Movie> = (0..n)
            .into_par_iter()
            .with_min_len(1024)
            .map(|m| draw_movie(spec, m, gap, scale, &genre_factors))
            .collect();
        let mut c = Catalog {
            movie_ids: Vec::with_capacity(n),
            genre_indptr: Vec::with_capacity(n + 1),
            genres: Vec::new(),
            weight: Vec::with_capacity(n),
            popularity: AliasTable::new(&[1.0]),
            bias: Vec::with_capacity(n),
            factors: Vec::with_capacity(n * spec.k),
        };
        c.genre_indptr.push(0);
        let mut id = 0u32;
        for (m, movie) in movies.into_iter().enumerate() {
            // The first tenth of a sparse catalog is dense, as MovieLens' oldest ids are.
            id += if m < n / 10 { 1 } else { movie.gap };
            c.movie_ids.push(id);
            c.genres.extend_from_slice(&movie.genres);
            c.genre_indptr.push(c.genres.len() as u32);
            c.weight.push(movie.weight);
            c.bias.push(movie.bias);
            c.factors.extend_from_slice(&movie.factors);
        }
        c.popularity = AliasTable::new(&c.weight);
        c
    }

    pub fn len(&self) -> usize {
        self.movie_ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.movie_ids.is_empty()
    }

    /// A movie drawn by popularity with the uniform `u`.
    #[inline]
    pub fn by_popularity(&self, u: f64) -> usize {
        self.popularity.draw(u)
    }

    /// Whether movie `m` can be drawn at all.
    #[inline]
    pub fn drawable(&self, m: usize) -> bool {
        self.weight[m] > 0.0
    }
}

/// The mean gap between consecutive ids when `count` ids reach `max_id`
/// (1: dense ids).
pub(super) fn mean_gap(max_id: u64, count: u64) -> f64 {
    (max_id as f64 / count.max(1) as f64).max(1.0)
}

/// A gap between ids with mean about `mean` (geometric, at least 1).
pub(super) fn draw_gap(rng: &mut SplitMix64, mean: f64) -> u32 {
    let u = rng.next_f64();
    if mean <= 1.0 {
        return 1;
    }
    1 + (-(1.0 - u).ln() * (mean - 1.0) * 1.26) as u32
}

fn draw_movie(spec: &SynthSpec, m: usize, mean_gap: f64, scale: f64, genre_factors: &[f32]) -> Movie {
    let mut rng = SplitMix64::stream(spec.seed, tag::SYNTH_ITEMS, m as u64);
    let gap = draw_gap(&mut rng, mean_gap);
    let genres = draw_genres(&mut rng);
    let pop = rng.normal();
    let unrated = spec.shape.movies - spec.shape.rated_movies;
    let never = rng.next_f64() < unrated as f64 / spec.shape.movies as f64;
    let weight = if never {
        0.0
    } else {
        (spec.shape.popularity_sigma * pop).exp()
    };
    let bias = (0.5 * rng.normal() + 0.12 * pop) as f32;
    let k = spec.k;
    let own = scale * (1.0 - GENRE_SHARE).sqrt();
    let factors = (0..k)
        .map(|f| {
            let mean = genres.iter().map(|&g| genre_factors[g as usize * k + f]).sum::<f32>() / genres.len() as f32;
            mean + (own * rng.normal()) as f32
        })
        .collect();
    Movie {
        gap,
        genres,
        weight,
        bias,
        factors,
    }
}

/// The planted factors of each genre (and of "no genre"), `k` per genre.
fn genre_factors(spec: &SynthSpec, scale: f64) -> Vec<f32> {
    let mut rng = SplitMix64::stream(spec.seed, tag::SYNTH_GENRES, 0);
    let mut w = vec![0f32; (GENRE_COUNT + 1) * spec.k];
    rng.fill_normal(scale * (2.0 * GENRE_SHARE).sqrt(), &mut w);
    w
}
