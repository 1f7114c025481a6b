//! Synthetic ratings in the shape of MovieLens 32M or the Netflix prize, with
//! a planted model to recover: popularity-skewed movies with genres, users
//! with skewed activity, and ratings on the shape's grid from
//! `mu + b_u + b_i + p_u·q_i + noise`.
//!
//! Every draw comes from a SplitMix64 stream keyed by `(seed, purpose,
//! movie or user)` (`rng`), so generation runs in parallel and a seed gives
//! the same set on any thread count. `Synth::ratings` writes straight into
//! the arrays `Ratings` takes; `Synth::csv_rows` writes the same ratings as
//! `ratings.csv` lines.

mod alias;
mod catalog;
mod rows;
mod shape;
pub mod titles;
mod users;

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::data::order::renumber;
use crate::data::{Ratings, Values};
use crate::error::Result;
pub use catalog::Catalog;
use rows::{Scratch, USER_BLOCK};
pub use shape::{shape_named, Shape, SynthRequest, SynthSpec, ML_32M, NETFLIX};
pub use users::Users;

/// The planted model of a synthetic set, ready to generate its ratings.
pub struct Synth {
    pub spec: SynthSpec,
    pub catalog: Catalog,
    pub users: Users,
}

impl Synth {
    /// The catalog and users of `spec` (checked); the ratings are generated
    /// on demand.
    pub fn new(spec: SynthSpec) -> Result<Synth> {
        spec.check()?;
        // Factor entries of std `scale` give a planted dot product of variance 0.45.
        let scale = (0.45 / spec.k as f64).powf(0.25);
        let (catalog, users) = rayon::join(|| Catalog::new(&spec, scale), || Users::new(&spec, scale));
        Ok(Synth { spec, catalog, users })
    }

    /// The ratings as a core ratings set (users and the movies that have
    /// ratings, by raw id), generated in parallel blocks of users.
    pub fn ratings(&self) -> Result<Ratings> {
        let n = self.spec.ratings as usize;
        let (mut users, mut movies, mut codes) = (vec![0u32; n], vec![0u32; n], vec![0u8; n]);
        let rated: Vec<AtomicBool> = (0..self.catalog.len()).map(|_| AtomicBool::new(false)).collect();
        let blocks = self.blocks(&mut users, &mut movies, &mut codes);
        blocks.into_par_iter().with_min_len(4).for_each_init(
            || Scratch::new(self.catalog.len()),
            |s, (from, us, ms, rs)| {
                let mut o = 0;
                for u in from..from + USER_BLOCK.min(self.users.degrees.len() - from) {
                    let d = self.users.degrees[u] as usize;
                    self.user_ratings(u, s, &mut ms[o..o + d], &mut rs[o..o + d]);
                    us[o..o + d].fill(u as u32);
                    ms[o..o + d]
                        .iter()
                        .for_each(|&m| rated[m as usize].store(true, Ordering::Relaxed));
                    o += d;
                }
            },
        );
        let mut dense_of = vec![u32::MAX; self.catalog.len()];
        let mut movie_ids = Vec::new();
        for (m, r) in rated.iter().enumerate() {
            if r.load(Ordering::Relaxed) {
                dense_of[m] = movie_ids.len() as u32;
                movie_ids.push(self.catalog.movie_ids[m]);
            }
        }
        drop(rated);
        renumber(&mut movies, &dense_of);
        let values = Values::coded(codes, &self.spec.shape.grid())?;
        Ratings::from_indexed_values(users, movies, values, self.users.ids.clone(), movie_ids)
    }

    /// Each block of `USER_BLOCK` users with its parts of the three arrays.
    #[allow(clippy::type_complexity)]
    fn blocks<'a>(
        &self,
        mut users: &'a mut [u32],
        mut movies: &'a mut [u32],
        mut codes: &'a mut [u8],
    ) -> Vec<(usize, &'a mut [u32], &'a mut [u32], &'a mut [u8])> {
        let offsets = &self.users.offsets;
        let n = self.users.degrees.len();
        (0..n)
            .step_by(USER_BLOCK)
            .map(|from| {
                let len = (offsets[(from + USER_BLOCK).min(n)] - offsets[from]) as usize;
                let (u, rest) = std::mem::take(&mut users).split_at_mut(len);
                users = rest;
                let (m, rest) = std::mem::take(&mut movies).split_at_mut(len);
                movies = rest;
                let (r, rest) = std::mem::take(&mut codes).split_at_mut(len);
                codes = rest;
                (from, u, m, r)
            })
            .collect()
    }

    /// Users `from..to` (clamped to the users there are) as `ratings.csv`
    /// lines without the header, the same ratings `ratings()` holds.
    pub fn csv_rows(&self, from: usize, to: usize) -> Vec<u8> {
        let to = to.min(self.users.degrees.len());
        let from = from.min(to);
        let parts: Vec<Vec<u8>> = (from..to)
            .step_by(USER_BLOCK)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map_init(
                || Scratch::new(self.catalog.len()),
                |s, a| {
                    let mut out = Vec::new();
                    self.csv_block(a, (a + USER_BLOCK).min(to), s, &mut out);
                    out
                },
            )
            .collect();
        parts.concat()
    }

    /// Movie `m`'s title.
    pub fn title(&self, m: usize) -> String {
        titles::title(self.spec.seed, m, self.catalog.movie_ids[m])
    }
}

#[cfg(test)]
mod tests;
