//! Initial state: factors ~ Normal(0, 0.01²), biases 0 (docs/model.md). Row r of
//! each matrix draws from its own stream, so the result is independent of
//! the thread count.

use rayon::prelude::*;

use crate::factors::Factors;
use crate::rng::SplitMix64;

/// Standard deviation of the initial factors.
pub const INIT_STD: f64 = 0.01;

/// A `rows × k` matrix of `N(0, INIT_STD²)` draws from streams `(seed, tag, r)`.
pub fn normal_factors(rows: usize, k: usize, seed: u64, tag: u64) -> Factors {
    let mut f = Factors::zeros(rows, k);
    if k > 0 {
        let stride = f.stride();
        f.as_mut_slice()
            .par_chunks_mut(stride)
            .enumerate()
            .for_each(|(r, row)| {
                SplitMix64::stream(seed, tag, r as u64).fill_normal(INIT_STD, &mut row[..k]);
            });
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_and_reproducible() {
        let a = normal_factors(10, 5, 3, 1);
        assert_eq!(a, normal_factors(10, 5, 3, 1));
        assert_ne!(a, normal_factors(10, 5, 4, 1));
        assert!((0..10).all(|r| a.row(r)[5..].iter().all(|&v| v == 0.0)));
        assert!(a.as_slice().iter().all(|v| v.abs() < 0.1));
        assert_eq!(normal_factors(3, 0, 1, 1).as_slice().len(), 0);
    }
}
