//! The shapes a synthetic set can take (MovieLens 32M, the Netflix prize) and
//! what a request resolves to: ratings, users, movies and the planted model's
//! size, known before anything is generated (so memory can be checked first).

use crate::error::{Error, Result};

/// Every synthetic user rates at least this many movies (as in MovieLens).
pub const MIN_DEGREE: u64 = 20;
/// Ratings of a request that names no shape and no count.
pub const DEFAULT_RATINGS: u64 = 100_000;
/// The most ratings a set can index (u32 positions).
pub const MAX_RATINGS: u64 = u32::MAX as u64;

/// A real data set whose proportions the generator copies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub name: &'static str,
    /// The data set's full size.
    pub ratings: u64,
    pub users: u64,
    /// Movies with at least one rating.
    pub rated_movies: u64,
    /// All movies of the catalog (some never rated).
    pub movies: u64,
    /// The largest movie and user ids: ids are sparse when above the counts.
    pub max_movie_id: u64,
    pub max_user_id: u64,
    /// Spread of the log-normal popularity weights (larger: more skewed).
    pub popularity_sigma: f64,
    /// The global mean before rounding, and the rating grid (step, lowest).
    pub mu: f64,
    pub step: f64,
    pub lowest: f64,
}

/// MovieLens 32M: half stars, 200,948 users, 87,585 movies (84,432 rated).
pub const ML_32M: Shape = Shape {
    name: "ml-32m",
    ratings: 32_000_204,
    users: 200_948,
    rated_movies: 84_432,
    movies: 87_585,
    max_movie_id: 292_757,
    max_user_id: 200_948,
    popularity_sigma: 1.8,
    mu: 3.42,
    step: 0.5,
    lowest: 0.5,
};

/// The Netflix prize training set: whole stars, 480,189 users (sparse ids up
/// to 2,649,429), 17,770 movies, 100,480,507 ratings.
pub const NETFLIX: Shape = Shape {
    name: "netflix",
    ratings: 100_480_507,
    users: 480_189,
    rated_movies: 17_770,
    movies: 17_770,
    max_movie_id: 17_770,
    max_user_id: 2_649_429,
    popularity_sigma: 1.25,
    mu: 3.52,
    step: 1.0,
    lowest: 1.0,
};

impl Shape {
    /// The ratings a set of this shape takes: `lowest`, `lowest + step`, … 5.
    pub fn grid(&self) -> Vec<f32> {
        let n = ((5.0 - self.lowest) / self.step).round() as usize + 1;
        (0..n).map(|c| (self.lowest + c as f64 * self.step) as f32).collect()
    }

    /// The grid entry nearest `x` (clamped to the grid).
    #[inline]
    pub fn code(&self, x: f64) -> u8 {
        let top = (5.0 - self.lowest) / self.step;
        ((x - self.lowest) / self.step).round().clamp(0.0, top) as u8
    }
}

/// The shapes by name.
pub fn shape_named(name: &str) -> Result<Shape> {
    match name {
        "ml-32m" => Ok(ML_32M),
        "netflix" => Ok(NETFLIX),
        other => Err(Error::param("shape", other, "'ml-32m' or 'netflix'")),
    }
}

/// What a caller asks for; absent fields follow the shape.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SynthRequest {
    /// `None`: ML-32M's proportions at 100,000 ratings.
    pub shape: Option<String>,
    /// Ratings (exact); `None`: the shape's full size (100,000 without a shape).
    pub ratings: Option<f64>,
    pub users: Option<f64>,
    /// Movies with ratings (the catalog is a little larger when the shape's is).
    pub items: Option<f64>,
    /// Planted rank (default 8) and the noise before rounding (default 0.5).
    pub k: Option<f64>,
    pub noise: Option<f64>,
    pub seed: Option<f64>,
}

/// A resolved request: every count known.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthSpec {
    pub shape: Shape,
    pub ratings: u64,
    pub users: u64,
    /// Movies in the catalog.
    pub movies: u64,
    pub k: usize,
    pub noise: f64,
    pub seed: u64,
}

impl SynthRequest {
    /// The counts this request stands for. A scaled shape keeps its
    /// ratings per user and grows its catalog as `ratings^0.375` (MovieLens'
    /// subsets grow so). Huge counts resolve (saturating) so the memory
    /// check can name them; `SynthSpec::check` bounds what can be generated.
    pub fn resolve(&self) -> Result<SynthSpec> {
        let shape = shape_named(self.shape.as_deref().unwrap_or("ml-32m"))?;
        let full = if self.shape.is_some() {
            shape.ratings
        } else {
            DEFAULT_RATINGS
        };
        let ratings = count("ratings", self.ratings, MIN_DEGREE)?.unwrap_or(full);
        let scale = ratings as f64 / shape.ratings as f64;
        let users = match count("users", self.users, 1)? {
            Some(u) => u,
            None => ((shape.users as f64 * scale).round() as u64).clamp(1, (ratings / MIN_DEGREE).max(1)),
        };
        let rated = match count("items", self.items, 2)? {
            Some(i) => i,
            None => ((shape.rated_movies as f64 * scale.powf(0.375)).round() as u64).max(50),
        };
        let movies = (rated as f64 * shape.movies as f64 / shape.rated_movies as f64).round() as u64;
        let k = count("k", self.k, 1)?.unwrap_or(8);
        let noise = self.noise.unwrap_or(0.5);
        if !(0.0..=5.0).contains(&noise) {
            return Err(Error::param("noise", noise, "a number in [0, 5]"));
        }
        Ok(SynthSpec {
            shape,
            ratings,
            users,
            movies,
            k: k.min(1 << 16) as usize,
            noise,
            seed: count("seed", self.seed, 0)?.unwrap_or(42),
        })
    }
}

impl SynthSpec {
    /// Whether this spec can be generated: ratings index with u32, every
    /// user can have `MIN_DEGREE` ratings and at most half the catalog.
    pub fn check(&self) -> Result<()> {
        if self.ratings > MAX_RATINGS {
            return Err(Error::Capacity {
                what: "synthetic ratings",
                needed: self.ratings,
                limit: MAX_RATINGS,
            });
        }
        if self.users.saturating_mul(MIN_DEGREE) > self.ratings {
            return Err(Error::param(
                "users",
                self.users,
                "at most ratings / 20 users (each rates at least 20 movies)",
            ));
        }
        if self.users.saturating_mul(self.degree_cap()) < self.ratings {
            return Err(Error::param(
                "items",
                self.movies,
                "enough movies for every user to rate at most half of them",
            ));
        }
        if self.k > 256 {
            return Err(Error::param("k", self.k, "a planted rank in 1..=256"));
        }
        if self.movies > u32::MAX as u64 / 4 || self.users > u32::MAX as u64 / 4 {
            return Err(Error::param(
                "users",
                self.users.max(self.movies),
                "fewer than 2^30 users and movies",
            ));
        }
        Ok(())
    }

    /// The most movies one user rates: half the catalog.
    pub fn degree_cap(&self) -> u64 {
        (self.movies / 2).max(MIN_DEGREE)
    }
}

/// A count option: a finite integer `>= min` (huge values saturate).
fn count(name: &'static str, v: Option<f64>, min: u64) -> Result<Option<u64>> {
    match v {
        None => Ok(None),
        Some(x) if x.is_finite() && x.fract() == 0.0 && x >= min as f64 => Ok(Some(x.min(u64::MAX as f64) as u64)),
        Some(x) => Err(Error::param(
            name,
            x,
            if min == 0 {
                "a non-negative integer"
            } else {
                "an integer at or above its minimum"
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(shape: Option<&str>, ratings: Option<f64>) -> SynthRequest {
        SynthRequest {
            shape: shape.map(str::to_string),
            ratings,
            ..Default::default()
        }
    }

    #[test]
    fn the_full_shapes_resolve_to_the_real_counts() {
        let n = req(Some("netflix"), None).resolve().unwrap();
        assert_eq!((n.ratings, n.users, n.movies), (100_480_507, 480_189, 17_770));
        let m = req(Some("ml-32m"), None).resolve().unwrap();
        assert_eq!((m.ratings, m.users, m.movies), (32_000_204, 200_948, 87_585));
        assert!(n.check().is_ok() && m.check().is_ok());
    }

    #[test]
    fn a_count_scales_the_shape() {
        let s = req(None, Some(1_000_000.0)).resolve().unwrap();
        assert_eq!(s.ratings, 1_000_000);
        assert_eq!(s.users, 6280);
        assert!(s.movies > 23_000 && s.movies < 25_000, "{}", s.movies);
        assert_eq!(req(None, None).resolve().unwrap().ratings, DEFAULT_RATINGS);
    }

    #[test]
    fn ratings_round_to_the_grid() {
        assert_eq!(ML_32M.grid(), vec![0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]);
        assert_eq!(NETFLIX.grid(), vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            [
                ML_32M.code(-3.0),
                ML_32M.code(3.74),
                ML_32M.code(3.76),
                ML_32M.code(9.0)
            ],
            [0, 6, 7, 9]
        );
        assert_eq!([NETFLIX.code(0.2), NETFLIX.code(2.49), NETFLIX.code(7.0)], [0, 1, 4]);
    }

    #[test]
    fn bad_and_huge_requests_are_named() {
        assert_eq!(req(Some("imdb"), None).resolve().unwrap_err().code(), "INVALID_PARAM");
        assert_eq!(req(None, Some(10.0)).resolve().unwrap_err().code(), "INVALID_PARAM");
        assert_eq!(req(None, Some(f64::NAN)).resolve().unwrap_err().code(), "INVALID_PARAM");
        let huge = req(None, Some(1e20)).resolve().unwrap();
        assert_eq!(huge.check().unwrap_err().code(), "CAPACITY");
        let crowded = SynthRequest {
            users: Some(10_000.0),
            ..req(None, Some(100_000.0))
        };
        assert_eq!(crowded.resolve().unwrap().check().unwrap_err().code(), "INVALID_PARAM");
    }
}
