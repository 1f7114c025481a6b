//! A small seeded generator (SplitMix64) with one stream per entity.
//!
//! Every random draw is keyed by `(seed, tag, index)`: the initial factors of
//! user 17 or the split decision of rating 123 do not depend on which thread
//! draws them, or in which order, so a seed gives the same model on any
//! thread count.

/// Stream tags, so different uses of one seed never share a stream.
pub mod tag {
    pub const USER_FACTORS: u64 = 1;
    pub const ITEM_FACTORS: u64 = 2;
    pub const GENRE_FACTORS: u64 = 3;
    pub const SPLIT: u64 = 4;
    /// Which users a `SplitStrategy::Users` split holds out.
    pub const HELD_OUT_USERS: u64 = 5;
    /// Gibbs sampler (`train::bayes`): row draws per side, hyperparameters, genre embeddings.
    pub const BAYES_USERS: u64 = 0x4241_0001;
    pub const BAYES_ITEMS: u64 = 0x4241_0002;
    pub const BAYES_HYPER: u64 = 0x4241_0003;
    pub const BAYES_GENRES: u64 = 0x4241_0004;
    /// Synthetic data (`synth`): per movie, per user, the genre factors, the
    /// degree remainder, each user's ratings, timestamps and each title.
    pub const SYNTH_ITEMS: u64 = 0x5359_0001;
    pub const SYNTH_USERS: u64 = 0x5359_0002;
    pub const SYNTH_GENRES: u64 = 0x5359_0003;
    pub const SYNTH_DEGREES: u64 = 0x5359_0004;
    pub const SYNTH_RATINGS: u64 = 0x5359_0005;
    pub const SYNTH_TIMES: u64 = 0x5359_0006;
    pub const SYNTH_TITLES: u64 = 0x5359_0007;
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective 64-bit mixer.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform draw in `[0, 1)` for `(seed, tag, index)` without any state.
#[inline]
pub fn uniform_at(seed: u64, tag: u64, index: u64) -> f64 {
    to_unit(mix64(stream_key(seed, tag, index)))
}

#[inline]
fn stream_key(seed: u64, tag: u64, index: u64) -> u64 {
    mix64(mix64(seed ^ tag.wrapping_mul(GOLDEN)) ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

#[inline]
fn to_unit(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// SplitMix64 (Steele, Lea and Flood 2014).
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The stream of entity `index` for purpose `tag` under `seed`.
    pub fn stream(seed: u64, tag: u64, index: u64) -> Self {
        SplitMix64 {
            state: stream_key(seed, tag, index),
        }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        to_unit(self.next_u64())
    }

    /// Uniform integer in `[0, n)` (`n > 0`).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_f64() * n as f64) as usize).min(n - 1)
    }

    /// Standard normal draw (Box–Muller, cosine branch only).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64(); // (0, 1]: ln is finite
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Fill `out` with `N(0, std²)` draws.
    pub fn fill_normal(&mut self, std: f64, out: &mut [f32]) {
        for v in out {
            *v = (self.normal() * std) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| SplitMix64::stream(42, 1, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            SplitMix64::stream(42, 1, 7).next_u64(),
            SplitMix64::stream(42, 1, 8).next_u64()
        );
        assert_ne!(
            SplitMix64::stream(42, 1, 7).next_u64(),
            SplitMix64::stream(42, 2, 7).next_u64()
        );
        assert_ne!(
            SplitMix64::stream(42, 1, 7).next_u64(),
            SplitMix64::stream(43, 1, 7).next_u64()
        );
    }

    #[test]
    fn normal_has_unit_moments() {
        let mut r = SplitMix64::new(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "var {var}");
    }

    #[test]
    fn uniform_is_in_range_and_balanced() {
        let n = 100_000u64;
        let below: usize = (0..n).filter(|&i| uniform_at(5, tag::SPLIT, i) < 0.2).count();
        assert!((below as f64 / n as f64 - 0.2).abs() < 0.01);
        assert!((0..1000).all(|i| (0.0..1.0).contains(&uniform_at(9, 1, i))));
    }
}
