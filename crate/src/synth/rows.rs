//! Each user's ratings: distinct movies drawn by popularity, rated by the
//! planted model (global mean + biases + factor dot product + Gaussian noise,
//! rounded to the shape's grid). A user's ratings come from that user's own
//! stream, so blocks of users are generated in parallel and the result is
//! the same on any thread count.

use super::Synth;
use crate::rng::{tag, SplitMix64};

/// Users per parallel task.
pub(super) const USER_BLOCK: usize = 512;

/// Reused per thread: which movies the current user has rated (stamped with
/// the user's index + 1, so it is never cleared).
pub(super) struct Scratch {
    mark: Vec<u32>,
    picked: Vec<u32>,
}

impl Scratch {
    pub fn new(movies: usize) -> Scratch {
        Scratch {
            mark: vec![0; movies],
            picked: Vec::new(),
        }
    }
}

impl Synth {
    /// User `u`'s ratings into `movies` (catalog indices, ascending) and
    /// `codes` (indices into the shape's grid; both of the user's degree in length).
    pub(super) fn user_ratings(&self, u: usize, s: &mut Scratch, movies: &mut [u32], codes: &mut [u8]) {
        let mut rng = SplitMix64::stream(self.spec.seed, tag::SYNTH_RATINGS, u as u64);
        self.pick_movies(u, &mut rng, s);
        s.picked.sort_unstable();
        movies.copy_from_slice(&s.picked);
        let (k, shape) = (self.spec.k, &self.spec.shape);
        let p = &self.users.factors[u * k..(u + 1) * k];
        let base = shape.mu + self.users.bias[u] as f64;
        for (c, &m) in codes.iter_mut().zip(movies.iter()) {
            let m = m as usize;
            let q = &self.catalog.factors[m * k..(m + 1) * k];
            let dot: f32 = p.iter().zip(q).map(|(a, b)| a * b).sum();
            *c = shape.code(base + self.catalog.bias[m] as f64 + dot as f64 + self.spec.noise * rng.normal());
        }
    }

    /// `degree` distinct movies by popularity into `s.picked`: rejection
    /// while it works, then a scan from a random start for the rest.
    fn pick_movies(&self, u: usize, rng: &mut SplitMix64, s: &mut Scratch) {
        let d = self.users.degrees[u] as usize;
        let stamp = u as u32 + 1;
        let c = &self.catalog;
        s.picked.clear();
        let mut tries = 0;
        while s.picked.len() < d && tries < 4 * d + 100 {
            tries += 1;
            let m = c.by_popularity(rng.next_f64());
            if s.mark[m] != stamp {
                s.mark[m] = stamp;
                s.picked.push(m as u32);
            }
        }
        let mut m = rng.below(c.len());
        while s.picked.len() < d {
            if c.drawable(m) && s.mark[m] != stamp {
                s.mark[m] = stamp;
                s.picked.push(m as u32);
            }
            m = (m + 1) % c.len();
        }
    }

    /// Users `from..to` as MovieLens `ratings.csv` lines
    /// (`userId,movieId,rating,timestamp`), timestamps from each user's own
    /// stream: a start between 1995 and 2023 and a log-normal span.
    pub(super) fn csv_block(&self, from: usize, to: usize, s: &mut Scratch, out: &mut Vec<u8>) {
        let max = (from..to).map(|u| self.users.degrees[u] as usize).max().unwrap_or(0);
        let (mut movies, mut codes) = (vec![0u32; max], vec![0u8; max]);
        let grid = self.spec.shape.grid();
        for u in from..to {
            let d = self.users.degrees[u] as usize;
            self.user_ratings(u, s, &mut movies[..d], &mut codes[..d]);
            let mut rng = SplitMix64::stream(self.spec.seed, tag::SYNTH_TIMES, u as u64);
            let t0 = 789_652_009 + rng.below(900_000_000) as u64;
            let span = 3600.0 + (rng.normal() * 2.0 + 14.0).exp();
            for (&m, &c) in movies[..d].iter().zip(&codes[..d]) {
                let t = t0 + (rng.next_f64() * span) as u64;
                push_row(
                    out,
                    self.users.ids[u],
                    self.catalog.movie_ids[m as usize],
                    grid[c as usize],
                    t,
                );
            }
        }
    }
}

/// `user,movie,r.r,time\n`.
fn push_row(out: &mut Vec<u8>, user: u32, movie: u32, rating: f32, time: u64) {
    push_uint(out, user as u64);
    out.push(b',');
    push_uint(out, movie as u64);
    out.push(b',');
    let halves = (rating * 2.0).round() as u32;
    out.extend_from_slice(&[
        b'0' + (halves / 2) as u8,
        b'.',
        if halves % 2 == 1 { b'5' } else { b'0' },
        b',',
    ]);
    push_uint(out, time);
    out.push(b'\n');
}

fn push_uint(out: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_format_like_movielens() {
        let mut out = Vec::new();
        push_row(&mut out, 12, 292_757, 3.5, 1_700_000_000);
        push_row(&mut out, 1, 0, 5.0, 0);
        assert_eq!(String::from_utf8(out).unwrap(), "12,292757,3.5,1700000000\n1,0,5.0,0\n");
    }
}
