//! Walker's alias method: draws from a discrete distribution in O(1) with
//! one uniform number, where a binary search over cumulative weights took
//! most of the generator's time.

/// An alias table over weights `w[0..n)` (at least one positive).
pub struct AliasTable {
    /// The chance of keeping column `i` rather than taking its alias.
    keep: Vec<f64>,
    alias: Vec<u32>,
}

impl AliasTable {
    /// Vose's construction, in index order (the same table everywhere).
    pub fn new(weights: &[f64]) -> AliasTable {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        let mut keep: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| keep[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            alias[s] = l as u32;
            keep[l] -= 1.0 - keep[s];
            if keep[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left is 1 up to rounding.
        for i in small.into_iter().chain(large) {
            keep[i] = 1.0;
        }
        AliasTable { keep, alias }
    }

    /// The index `u` in `[0, 1)` draws.
    #[inline]
    pub fn draw(&self, u: f64) -> usize {
        let x = u * self.keep.len() as f64;
        let i = (x as usize).min(self.keep.len() - 1);
        if x - (i as f64) < self.keep[i] {
            i
        } else {
            self.alias[i] as usize
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    #[test]
    fn draws_follow_the_weights_and_never_a_zero_weight() {
        let w = [0.0, 1.0, 3.0, 0.0, 6.0];
        let t = AliasTable::new(&w);
        let mut rng = SplitMix64::new(4);
        let mut counts = [0usize; 5];
        let n = 200_000;
        (0..n).for_each(|_| counts[t.draw(rng.next_f64())] += 1);
        assert_eq!((counts[0], counts[3]), (0, 0));
        for (c, w) in counts.iter().zip(w) {
            assert!((*c as f64 / n as f64 - w / 10.0).abs() < 0.01, "{counts:?}");
        }
    }
}
